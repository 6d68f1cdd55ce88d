"""Part files: each table of a run is a folder of Parquet parts, one per committed chunk.

A part is written under a temporary name, flushed to disk (fsync), renamed into place
(atomic on POSIX) and the folder is synced, so that a part file that exists is complete.
Only the journal says whether it counts (see :mod:`unspun.batch.journal`).
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

from unspun.batch.errors import RunStorageError

PART_SUFFIX = ".parquet"
TMP_SUFFIX = ".tmp"


def new_part_name(first_seq: int) -> str:
    """A part name that sorts by input position and never repeats across resumes."""
    return f"part-{first_seq:012d}-{uuid.uuid4().hex[:8]}"


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_part(folder: Path, part: str, table: Any) -> Path:
    """Write a pyarrow ``table`` as ``folder/part.parquet``, atomically and durably."""
    import pyarrow.parquet as pq

    final = folder / f"{part}{PART_SUFFIX}"
    tmp = folder / f"{part}{PART_SUFFIX}{TMP_SUFFIX}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            pq.write_table(table, fh, compression="zstd")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, final)
        _fsync_dir(folder)
    except OSError as exc:
        raise RunStorageError(
            f"could not write {final}: {exc.strerror or exc}",
            hint="Check free space and permissions of the run folder, then run the same "
            "command again: the run resumes from its last committed chunk.",
        ) from None
    return final


def remove_uncommitted(folders: list[Path], committed: set[str]) -> int:
    """Delete part files the journal does not list and temporary files; return how many."""
    removed = 0
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            name = path.name
            stale = name.endswith(TMP_SUFFIX) or (
                name.endswith(PART_SUFFIX) and name[: -len(PART_SUFFIX)] not in committed
            )
            if stale:
                path.unlink(missing_ok=True)
                removed += 1
    return removed
