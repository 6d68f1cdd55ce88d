"""Where inputs come from: directory walks and standard input."""

from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from unspun.errors import InputError
from unspun.readers.options import ReadOptions

STDIN = "-"


def display_path(path: str | Path) -> str:
    """A path as text that can always be written as UTF-8 (JSONL, CSV, HTML, a terminal).

    A file name that is not valid UTF-8 reaches Python with its bad bytes as lone
    surrogates (``surrogateescape``); here each such byte reads ``\\xNN`` instead.
    """
    name = os.fsdecode(path)
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


def matches(name: str, patterns: tuple[str, ...]) -> bool:
    """Whether a file name matches one of ``patterns``, ignoring case."""
    lowered = name.lower()
    return any(fnmatch.fnmatchcase(lowered, pattern.lower()) for pattern in patterns)


def walk_directory(directory: Path, options: ReadOptions) -> Iterator[Path | InputError]:
    """Files under ``directory`` matching ``options.glob``, in sorted order, hidden files
    and folders left out; a folder that cannot be listed comes as an :class:`InputError`.
    Symbolic links to folders are not followed (no cycles). A file whose real path is in
    ``options.exclude`` (the run's own output, reached through a link) is refused."""
    problems: list[OSError] = []
    for root, dirs, files in os.walk(directory, onerror=problems.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")) if options.recursive else []
        for name in sorted(files):
            path = Path(root, name)
            if not name.startswith(".") and matches(name, options.glob) and path.is_file():
                if options.exclude and os.path.realpath(path) in options.exclude:
                    yield InputError(
                        "the file is this run's own output (reached through a link); not read",
                        hint="write the output outside every input folder",
                        source=display_path(path),
                    )
                else:
                    yield path
    for problem in problems:
        yield InputError(
            f"cannot list the folder: {problem.strerror or problem}",
            hint="check that you may read the folder",
            source=display_path(problem.filename or directory),
        )


def stdin_bytes(limit: int | None) -> bytes:
    """Standard input as bytes, at most ``limit + 1`` of them (so the caller sees overflow)."""
    stream = sys.stdin.buffer
    return stream.read() if limit is None else stream.read(limit + 1)
