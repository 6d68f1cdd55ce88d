"""A time budget for the analysis of one document (``--timeout``, ``timeout=``).

:func:`limit` opens a budget of ``seconds``. Two mechanisms end the work once it is spent:

- in the main thread of a platform with ``signal.setitimer`` (Linux, macOS), a one-shot
  ``ITIMER_REAL`` timer whose ``SIGALRM`` handler raises :class:`Expired` wherever the
  Python code then is (a call into a model's C code returns first: one model batch, about
  a second at most);
- everywhere (other threads, Windows, or when another ``SIGALRM`` timer or handler is in
  use, which is left alone), cooperative checks: :func:`check` raises :class:`Expired`
  once the deadline has passed. The pipeline calls it between components, and long loops
  call it per sentence (segmentation, attribution).

:class:`Expired` derives from ``BaseException`` on purpose, like ``KeyboardInterrupt``: a
component's ``except Exception`` (a fallback, a retry) cannot swallow it. The pipeline
turns it into the typed :class:`~unspun.errors.AnalysisTimeoutError` on the document.
Nothing is killed: the process and the loaded models stay as they were.
"""

from __future__ import annotations

import contextvars
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class Expired(BaseException):
    """The current budget is spent (caught by the pipeline, never seen by a user)."""


_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "unspun_deadline", default=None
)


def check() -> None:
    """Raise :class:`Expired` if a budget is open and spent (cheap: a clock read)."""
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() >= deadline:
        raise Expired


def remaining() -> float | None:
    """Seconds left of the open budget (None: no budget)."""
    deadline = _deadline.get()
    return None if deadline is None else deadline - time.monotonic()


def _can_use_alarm() -> bool:
    if not hasattr(signal, "setitimer"):
        return False
    if threading.current_thread() is not threading.main_thread():
        return False
    if signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, signal.SIG_IGN, None):
        return False  # someone else's handler (a test runner's timeout, an application's)
    return signal.getitimer(signal.ITIMER_REAL)[0] == 0.0  # no timer of someone else running


@contextmanager
def limit(seconds: float | None) -> Iterator[None]:
    """A budget of ``seconds`` for the block (None or <= 0: no budget). A budget inside a
    budget keeps the earlier deadline of the two and uses no second timer."""
    if seconds is None or seconds <= 0:
        yield
        return
    now = time.monotonic()
    outer = _deadline.get()
    deadline = now + seconds if outer is None else min(outer, now + seconds)
    token = _deadline.set(deadline)
    armed = outer is None and _can_use_alarm()
    state = {"armed": armed}
    previous = None
    if armed:

        def on_alarm(signum: int, frame: FrameType | None) -> None:
            if state["armed"]:
                state["armed"] = False
                raise Expired

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, max(deadline - now, 1e-3))
    try:
        yield
    finally:
        if armed:
            state["armed"] = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        _deadline.reset(token)
