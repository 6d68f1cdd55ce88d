"""What every writer shares: the interface the CLI calls, output streams, error wrapping.

A writer receives records one at a time (``write`` / ``write_failure``) and finishes with
``close(summary)``, which returns the files it wrote. Writers stream: none keeps every
record in memory, so a run over millions of documents has a flat memory profile.
"""

from __future__ import annotations

import io
import sys
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar, TextIO

from unspun.errors import OutputError
from unspun.model.record import AnalysisRecord, FailureRecord, RunSummary

#: Characters some line-splitters treat as line breaks (``str.splitlines`` does) although
#: JSON allows them raw. Escaping them keeps one record per line for every consumer.
_LINE_BREAKS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def escape_line_breaks(serialised: str) -> str:
    """Escape U+0085, U+2028 and U+2029 in serialised JSON (still valid, same value)."""
    for char, escaped in _LINE_BREAKS.items():
        if char in serialised:
            serialised = serialised.replace(char, escaped)
    return serialised


def failure_key(record: FailureRecord) -> tuple[str | None, str, str | None]:
    return (record.id, record.source, record.error.get("code"))


@contextmanager
def wrap_os_errors(path: Path | None) -> Iterator[None]:
    """Turn an ``OSError`` into an ``OutputError`` that names the file and says what to do."""
    try:
        yield
    except BrokenPipeError:
        raise  # the reader went away (``| head``); the CLI ends quietly
    except OSError as exc:
        where = str(path) if path is not None else "standard output"
        reason = exc.strerror or str(exc)
        raise OutputError(
            f"cannot write {where}: {reason}",
            hint="Check that the folder exists, is writable and has free space.",
            source=str(path) if path is not None else None,
        ) from exc


class Writer(ABC):
    """Base class of the output writers; subclasses implement the ``_write*`` hooks."""

    #: Name used by ``open_writer`` and the CLI's ``--format``.
    format: ClassVar[str]
    #: File suffix that picks this format when ``--format`` is not given (None: never).
    suffix: ClassVar[str | None] = None
    #: Formats that cannot go to standard output (HTML folders, Parquet files).
    needs_path: ClassVar[bool] = False

    def __init__(self, output: Path | None, *, include_text: bool = True) -> None:
        if output is None and self.needs_path:
            raise OutputError(
                f"the {self.format} format writes files, not standard output",
                hint="Give an output path (--output).",
            )
        self.output = output
        self.include_text = include_text
        self.closed = False
        self.documents = 0
        self._failures_seen: set[tuple[str | None, str, str | None]] = set()

    # --- the interface -------------------------------------------------------------------

    def write(self, record: AnalysisRecord) -> None:
        """Write the result for one document."""
        self._check_open()
        if not self.include_text and record.text is not None:
            record = record.model_copy(update={"text": None})
        with wrap_os_errors(self.output):
            self._write(record)
        self.documents += 1

    def write_failure(self, record: FailureRecord) -> None:
        """Write a document that could not be analysed, so that it is never lost."""
        self._check_open()
        self._failures_seen.add(failure_key(record))
        with wrap_os_errors(self.output):
            self._write_failure(record)

    def close(self, summary: RunSummary) -> list[Path]:
        """Finish the output; returns the files written (none for standard output).

        Failures listed in ``summary`` that were never passed to ``write_failure`` are
        written now, so that no failed document goes unreported.
        """
        self._check_open()
        for failure in summary.failures:
            if failure_key(failure) not in self._failures_seen:
                self.write_failure(failure)
        with wrap_os_errors(self.output):
            paths = self._close(summary)
        self.closed = True
        return paths

    # --- hooks ---------------------------------------------------------------------------

    @abstractmethod
    def _write(self, record: AnalysisRecord) -> None: ...

    @abstractmethod
    def _write_failure(self, record: FailureRecord) -> None: ...

    @abstractmethod
    def _close(self, summary: RunSummary) -> list[Path]: ...

    def _check_open(self) -> None:
        if self.closed:
            raise OutputError(f"the {self.format} writer is already closed")


class TextOutput:
    """A UTF-8 text stream on a file or on standard output (which is never closed)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._owned = path is not None
        with wrap_os_errors(path):
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                # backslashreplace: a stray lone surrogate (never expected: readers repair
                # them) is written as a JSON-valid \\udcXX escape instead of ending the run.
                self.stream: TextIO = open(  # noqa: SIM115
                    path, "w", encoding="utf-8", newline="", errors="backslashreplace"
                )
            else:
                self.stream = _stdout_utf8()

    def write(self, text: str) -> None:
        self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()

    def close(self) -> list[Path]:
        if self._owned:
            self.stream.close()
            assert self.path is not None
            return [self.path]
        self.stream.flush()
        if isinstance(self.stream, io.TextIOWrapper) and self.stream is not sys.stdout:
            self.stream.detach()  # leave sys.stdout's buffer open
        return []


def _stdout_utf8() -> TextIO:
    # Write UTF-8 whatever the console encoding, with no newline translation (CSV ends
    # rows with CRLF itself).
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        return sys.stdout
    return io.TextIOWrapper(
        buffer, encoding="utf-8", errors="backslashreplace", newline="", write_through=True
    )
