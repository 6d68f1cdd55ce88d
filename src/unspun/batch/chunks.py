"""Collecting results into chunks and committing them; skipping what is committed."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

from unspun.batch.analyse import DocResult
from unspun.batch.errors import RESTART_HINT, InputDriftError
from unspun.batch.journal import Journal
from unspun.batch.parts import new_part_name, write_part
from unspun.batch.tables import TABLES, Row, schema


class ChunkBuffer:
    """Results waiting to be committed as one part per table.

    ``commit`` writes the parts (atomically, durably) and then records them in the
    journal in one transaction: a kill before the journal commit loses the chunk (it is
    analysed again on resume), a kill after it loses nothing.
    """

    def __init__(
        self,
        run_dir: Path,
        journal: Journal,
        *,
        size: int,
        seconds: float,
        on_commit: Callable[[list[DocResult]], None] | None = None,
    ) -> None:
        self.run_dir = run_dir
        self.journal = journal
        self.size = size
        self.seconds = seconds
        self.on_commit = on_commit
        self._results: list[DocResult] = []
        self._since = time.monotonic()

    def add(self, result: DocResult) -> None:
        self._results.append(result)
        if len(self._results) >= self.size or time.monotonic() - self._since >= self.seconds:
            self.commit()

    def commit(self) -> None:
        """Make every buffered result durable (no-op when empty)."""
        import pyarrow as pa

        results = sorted(self._results, key=lambda r: r.seq)
        self._since = time.monotonic()
        if not results:
            return
        part = new_part_name(results[0].seq)
        for table in TABLES:
            rows: list[Row] = [row for r in results for row in r.rows[table]]
            if rows:
                write_part(self.run_dir / table, part, pa.Table.from_pylist(rows, schema(table)))
        self.journal.commit(part, [(r.seq, r.id, r.status, r.error) for r in results])
        self._results = []
        if self.on_commit is not None:
            self.on_commit(results)


class CommittedCheck:
    """Walks the journal's committed positions beside the input stream (both in input
    order), so a resume skips committed documents without holding them all in memory."""

    def __init__(self, journal: Journal) -> None:
        self._rows: Iterator[tuple[int, str | None]] = journal.committed()
        self._next = next(self._rows, None)
        self.skipped = 0

    def is_committed(self, seq: int, doc_id: str | None) -> bool:
        """Whether position ``seq`` is committed; raise if it then held another document."""
        while self._next is not None and self._next[0] < seq:
            self._next = next(self._rows, None)
        if self._next is None or self._next[0] != seq:
            return False
        if self._next[1] != doc_id:
            raise InputDriftError(
                f"input position {seq} held document {self._next[1]!r} when the run "
                f"started and now holds {doc_id!r}: the inputs changed",
                hint=RESTART_HINT,
            )
        self.skipped += 1
        return True
