"""Regular expressions from users (narrative catalogue anchors) must run in bounded time.

Python's ``re`` backtracks: ``(a+)+$`` takes exponential time on ``"aaaa…a!"`` and hangs a
run on a 75-character text. A pattern is refused (:class:`~unspun.errors.UnsafePatternError`)
when it nests one unbounded quantifier inside another (``(a+)+``, ``(?:\\w*\\s?)*``), the
shape of every classic catastrophic pattern, or when a probe run on adversarial texts
built from its own characters does not finish within a time limit (with the ``regex``
module's ``timeout``, when it is installed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from re import _parser as sre_parse  # type: ignore[attr-defined]  # re's own parser
from re._constants import MAXREPEAT
from typing import Any

from unspun.errors import UnsafePatternError

#: A repeat allowing more than this many copies counts as unbounded.
_UNBOUNDED = 16
#: Seconds a probe may take before the pattern counts as catastrophic.
PROBE_SECONDS = 0.2
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
_HINT = (
    "rewrite the anchor without a quantifier inside a quantified group, e.g. 'a+' instead "
    "of '(a+)+'; anchors only need to find the subject's key words"
)


def _children(av: Any) -> Iterable[Any]:
    """Sub-patterns of one parsed node's argument."""
    if isinstance(av, sre_parse.SubPattern):
        yield av
    elif isinstance(av, tuple | list):
        for item in av:
            yield from _children(item)


def _nested(pattern: Any, inside_repeat: bool) -> bool:
    for op, av in pattern:
        name = str(op)
        if name in _REPEATS:
            _low, high, body = av
            unbounded = high == MAXREPEAT or high > _UNBOUNDED
            if unbounded and inside_repeat and name != "POSSESSIVE_REPEAT":
                return True
            if _nested(body, inside_repeat or unbounded):
                return True
        else:
            for child in _children(av):
                if _nested(child, inside_repeat):
                    return True
    return False


def nested_quantifier(pattern: str) -> bool:
    """Whether ``pattern`` has an unbounded quantifier inside another one."""
    try:
        parsed = sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return False  # invalid patterns are reported by the catalogue's own check
    return _nested(parsed, False)


def _probes(pattern: str) -> list[str]:
    letters = [c for c in dict.fromkeys(re.sub(r"\\.|[()\[\]{}?*+|^$.]", "", pattern)) if c]
    texts = [char * 40 + "!" for char in (letters[:6] or ["a"])]
    texts.append("".join(letters) * 12 + "!")
    texts.append("a " * 40 + "!")
    return texts


def times_out(pattern: str, seconds: float = PROBE_SECONDS) -> bool:
    """Whether a search for ``pattern`` runs past ``seconds`` on an adversarial text (needs
    the ``regex`` module; False without it)."""
    try:
        import regex
    except ImportError:  # pragma: no cover - regex comes with trafilatura's dateparser
        return False
    try:
        compiled = regex.compile(r"(?<!\w)(?:" + pattern + ")", regex.IGNORECASE | regex.V0)
    except (regex.error, RecursionError, OverflowError):
        return False
    for text in _probes(pattern):
        try:
            compiled.search(text, timeout=seconds)
        except TimeoutError:
            return True
    return False


def check_pattern(pattern: str, *, source: str | None = None, what: str = "anchor") -> None:
    """Raise :class:`UnsafePatternError` when ``pattern`` may backtrack catastrophically."""
    if nested_quantifier(pattern):
        problem = "nests a quantifier inside a quantified group"
    elif times_out(pattern):
        problem = f"takes over {PROBE_SECONDS} s on a short text"
    else:
        return
    raise UnsafePatternError(
        f"{what} {pattern!r} {problem}: it can take exponential time (catastrophic "
        "backtracking) and hang a run",
        hint=_HINT,
        source=source,
    )


def check_catalogue_file(path: str | Path) -> None:
    """Check every anchor of the narrative catalogue at ``path`` (loaded and validated)."""
    from unspun.detectors.narratives.catalogue import load_catalogue

    catalogue = load_catalogue(path)
    for pattern in catalogue.anchors:
        check_pattern(pattern, source=str(path))


def check_catalogue_anchors(config: Any) -> None:
    """Check the anchors of the user catalogues a pipeline config names (the built-in
    catalogues are checked by the test suite)."""
    if "narratives" not in config.pipeline.components:
        return
    for path in config.settings("narratives").get("catalogues", []) or []:
        check_catalogue_file(path)
