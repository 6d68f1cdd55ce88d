"""The entry point: paths (files, folders, ``-`` for stdin) to documents and failures."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from unspun.errors import InputNotFoundError
from unspun.model import Document, Failure
from unspun.readers.files import read_bytes, read_file, too_large
from unspun.readers.ids import unique_ids
from unspun.readers.options import ReadOptions
from unspun.readers.paths import STDIN, display_path, stdin_bytes, walk_directory

Item = Document | Failure


def read_stdin(options: ReadOptions | None = None) -> Iterator[Item]:
    """Documents from standard input (bytes of ``sys.stdin.buffer``); the format is
    sniffed (JSONL, JSON, HTML, Markdown, else text) unless ``options.format`` names one;
    the id is ``"stdin"`` (``"stdin:N"`` for records without one)."""
    options = options or ReadOptions()
    data = stdin_bytes(options.max_bytes)
    if options.max_bytes is not None and len(data) > options.max_bytes:
        error = too_large(len(data), options.max_bytes, "<stdin>")
        yield Failure(source="<stdin>", error=error, id="stdin")
        return
    yield from read_bytes(data, options, name="<stdin>", stem="stdin")


def read_path(path: str | Path, options: ReadOptions | None = None) -> Iterator[Item]:
    """Documents from one path: a file, a folder (walked per ``options``) or ``"-"``."""
    options = options or ReadOptions()
    if str(path) == STDIN:
        yield from read_stdin(options)
        return
    path = Path(path)
    if not path.exists():
        error = InputNotFoundError(
            "no such file or folder",
            hint="check the path; use - to read standard input",
            source=display_path(path),
        )
        yield Failure(source=display_path(path), error=error, id=display_path(path.stem) or None)
        return
    if not path.is_dir():
        yield from read_file(path, options)
        return
    found = False
    for entry in walk_directory(path, options):
        if isinstance(entry, Path):
            found = True
            yield from read_file(entry, options)
        else:
            yield Failure(source=entry.source or display_path(path), error=entry)
    if not found:
        error = InputNotFoundError(
            f"the folder holds no files matching {', '.join(options.glob)}",
            hint="check the folder, or choose the files with --glob",
            source=display_path(path),
        )
        yield Failure(source=display_path(path), error=error)


def read_inputs(
    paths: Sequence[str | Path], options: ReadOptions | None = None
) -> Iterator[Document | Failure]:
    """Every document the paths hold, in order, with ids unique within the run.

    A file or record that cannot be read yields a :class:`~unspun.model.Failure` in its
    place and reading goes on; nothing is dropped without one. Documents come a few dozen
    behind the reading (:mod:`unspun.readers.ids` looks ahead to keep renamed ids off real
    ones).
    """
    options = options or ReadOptions()
    yield from unique_ids(item for path in paths for item in read_path(path, options))
