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


def matches(name: str, patterns: tuple[str, ...]) -> bool:
    """Whether a file name matches one of ``patterns``, ignoring case."""
    lowered = name.lower()
    return any(fnmatch.fnmatchcase(lowered, pattern.lower()) for pattern in patterns)


def walk_directory(directory: Path, options: ReadOptions) -> Iterator[Path | InputError]:
    """Files under ``directory`` matching ``options.glob``, in sorted order, hidden files
    and folders left out; a folder that cannot be listed comes as an :class:`InputError`.
    Symbolic links to folders are not followed (no cycles)."""
    problems: list[OSError] = []
    for root, dirs, files in os.walk(directory, onerror=problems.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")) if options.recursive else []
        for name in sorted(files):
            path = Path(root, name)
            if not name.startswith(".") and matches(name, options.glob) and path.is_file():
                yield path
    for problem in problems:
        yield InputError(
            f"cannot list the folder: {problem.strerror or problem}",
            hint="check that you may read the folder",
            source=str(problem.filename or directory),
        )


def stdin_bytes(limit: int | None) -> bytes:
    """Standard input as bytes, at most ``limit + 1`` of them (so the caller sees overflow)."""
    stream = sys.stdin.buffer
    return stream.read() if limit is None else stream.read(limit + 1)
