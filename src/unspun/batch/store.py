"""Reading a run's tables back: only the parts the journal lists as committed.

A run that is still going, or was killed, may leave part files the journal does not
list; they are never read. ``pyarrow.dataset.dataset(RUN_DIR / "findings")`` reads a
finished run's table as well (every part left there is committed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from unspun.batch.journal import JOURNAL_NAME, Journal
from unspun.batch.parts import PART_SUFFIX
from unspun.batch.tables import schema


def is_run_dir(path: Path) -> bool:
    """Whether ``path`` holds an unspun run (its journal)."""
    return (path / JOURNAL_NAME).is_file()


def committed_files(run_dir: Path, table: str, parts: set[str]) -> list[Path]:
    """The committed part files of one table, by input position."""
    folder = run_dir / table
    if not folder.is_dir():
        return []
    files = [
        p
        for p in folder.iterdir()
        if p.name.endswith(PART_SUFFIX) and p.name[: -len(PART_SUFFIX)] in parts
    ]
    return sorted(files)


def read_table(run_dir: Path, table: str, columns: list[str] | None = None) -> Any:
    """One table of a run as a pyarrow Table (committed parts only; ``columns`` only)."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    journal = Journal(run_dir)
    try:
        parts = journal.parts()
    finally:
        journal.close()
    files = committed_files(run_dir, table, parts)
    full = schema(table)
    if not files:
        empty = full if columns is None else pa.schema([full.field(c) for c in columns])
        return empty.empty_table()
    return ds.dataset([str(f) for f in files], schema=full, format="parquet").to_table(
        columns=columns
    )
