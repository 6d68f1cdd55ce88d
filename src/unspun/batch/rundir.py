"""The run folder: refuse a folder that is not a run, start over on request, lock it.

Layout of ``RUN_DIR``::

    manifest.json         inputs, settings, model versions, counts, failures
    journal.sqlite        what is committed (SQLite, WAL)
    documents/ findings/ claims/ narratives/   one Parquet part per committed chunk
    report.html           written by ``unspun report``
"""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path
from types import TracebackType

from unspun.batch.errors import NotARunDirError, RunLockedError, RunStorageError
from unspun.batch.journal import JOURNAL_NAME
from unspun.batch.manifest import MANIFEST_NAME
from unspun.batch.tables import TABLES

LOCK_NAME = ".lock"
#: Files a run writes beside its table folders (``--restart`` removes only these).
_RUN_FILES = (
    JOURNAL_NAME,
    f"{JOURNAL_NAME}-wal",
    f"{JOURNAL_NAME}-shm",
    MANIFEST_NAME,
    f"{MANIFEST_NAME}.tmp",
    "report.html",
)


def prepare(run_dir: Path, *, restart: bool) -> None:
    """Make ``run_dir`` ready: create it, or check it holds a run; ``restart`` empties it.

    Only what a run writes is deleted, never other files someone put there.
    """
    if run_dir.exists() and not run_dir.is_dir():
        raise NotARunDirError(
            f"{run_dir} is a file, not a run folder",
            hint="Give -o a folder path (it is created if missing).",
        )
    holds_run = (run_dir / JOURNAL_NAME).exists()
    if run_dir.is_dir() and not holds_run:
        others = [p.name for p in run_dir.iterdir() if p.name != LOCK_NAME]
        if others:
            listed = ", ".join(sorted(others)[:5])
            raise NotARunDirError(
                f"{run_dir} is not empty and holds no unspun run ({listed})",
                hint="Give -o a new or empty folder; unspun does not write among other files.",
            )
    if restart and holds_run:
        for name in TABLES:
            shutil.rmtree(run_dir / name, ignore_errors=True)
        for name in _RUN_FILES:
            (run_dir / name).unlink(missing_ok=True)
    try:
        run_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RunStorageError(
            f"could not create {run_dir}: {exc.strerror or exc}",
            hint="Check the path and its permissions.",
        ) from None


class RunLock:
    """An exclusive lock on a run folder (``flock``: the kernel drops it when the
    process dies, even by SIGKILL, so a killed run never leaves a stale lock)."""

    def __init__(self, run_dir: Path) -> None:
        self.path = run_dir / LOCK_NAME
        self._fd: int | None = None

    def __enter__(self) -> RunLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise RunLockedError(
                f"another unspun batch is writing to {self.path.parent}",
                hint="Wait for it to finish (or stop it), then run the command again.",
            ) from None
        self._fd = fd
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
