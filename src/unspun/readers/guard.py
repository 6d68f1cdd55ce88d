"""The output must never be an input: checked before anything is opened for writing.

``unspun analyze d -o d/out.jsonl`` would read its own output back as it grows, and
``unspun analyze c.jsonl -o c.jsonl`` would truncate the input before reading it. Paths are
compared as resolved real paths, so symbolic links and ``..`` do not hide an overlap. A
symbolic link inside an input folder that points at the output is caught while walking
(:func:`unspun.readers.paths.walk_directory` skips the paths in ``ReadOptions.exclude``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from unspun.errors import OutputOverlapsInputError
from unspun.readers.paths import STDIN, display_path


def real(path: str | Path) -> Path:
    """``path`` with every symbolic link and ``..`` resolved (missing tails are kept)."""
    return Path(os.path.realpath(os.fspath(path)))


def output_targets(output: Path, fmt: str) -> list[Path]:
    """The paths a writer may create or truncate: the file, and for HTML the folder of
    reports (``out.html`` also writes ``out/`` when a run has several documents)."""
    targets = [output]
    if fmt == "html" and output.suffix.lower() in (".html", ".htm"):
        targets.append(output.with_suffix(""))
    return targets


def _inside(child: Path, parent: Path) -> bool:
    return child == parent or parent in child.parents


def check_output_not_input(inputs: Iterable[str | Path], output: Path | None, fmt: str) -> None:
    """Raise :class:`OutputOverlapsInputError` when the output is an input, lies inside an
    input folder, or (for a folder of HTML reports) is such a folder."""
    if output is None:
        return
    targets = [real(target) for target in output_targets(output, fmt)]
    for given in inputs:
        if str(given) == STDIN:
            continue
        source = real(given)
        if not source.exists():
            continue
        for target in targets:
            if target == source or (source.is_dir() and _inside(target, source)):
                what = "is the input" if target == source else "lies inside the input folder"
                raise OutputOverlapsInputError(
                    f"the output {display_path(output)} {what} {display_path(given)}: it "
                    "would be read back as input, or truncate the input before it is read",
                    hint="write the output outside every input file and folder",
                    source=display_path(output),
                )


def excluded_outputs(output: Path | None, fmt: str) -> tuple[str, ...]:
    """Real paths a directory walk must never read as input: the run's own output files."""
    if output is None:
        return ()
    return tuple(str(real(target)) for target in output_targets(output, fmt))
