"""Progress for multi-document runs: a count to show an ETA, and the bar itself."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from unspun.readers.options import ReadOptions
from unspun.readers.paths import walk_directory

_CORPUS_LINES = {".jsonl", ".ndjson"}


def estimate_total(paths: Sequence[str], options: ReadOptions) -> int | None:
    """How many documents the inputs hold, cheaply, or None when it cannot tell."""
    total = 0
    for raw in paths:
        if raw == "-":
            return None
        path = Path(raw)
        files = (
            [p for p in walk_directory(path, options) if isinstance(p, Path)]
            if path.is_dir()
            else [path]
        )
        for f in files:
            suffix = f.suffix.lower()
            if suffix in _CORPUS_LINES:
                try:
                    with f.open("rb") as fh:
                        total += sum(1 for line in fh if line.strip())
                except OSError:
                    total += 1
            elif suffix == ".parquet":
                try:
                    import pyarrow.parquet as pq

                    total += pq.ParquetFile(f).metadata.num_rows
                except Exception:  # no pyarrow, or not Parquet: no estimate
                    return None
            elif suffix in {".csv", ".json"}:
                return None
            else:
                total += 1
    return total
