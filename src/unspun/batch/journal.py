"""The run journal: which input positions are committed, in which part (SQLite, WAL).

A chunk of results is durable in two steps: its part files are written and renamed into
place (:mod:`unspun.batch.parts`), then one transaction here records the part and every
document in it. The journal is the truth: a part file it does not list is left over from
a killed process and is deleted on resume; a position it lists is never analysed again.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from unspun.batch.errors import JournalCorruptError

JOURNAL_NAME = "journal.sqlite"
#: Layout version of the journal tables.
LAYOUT = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS run (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS parts (
    part TEXT PRIMARY KEY, documents INTEGER NOT NULL, committed REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS docs (
    seq INTEGER PRIMARY KEY, id TEXT, part TEXT NOT NULL REFERENCES parts(part),
    status TEXT NOT NULL, error TEXT
);
"""


class Journal:
    """One run's journal. ``seq`` is the position of an item in the input stream."""

    def __init__(self, run_dir: Path) -> None:
        self.path = run_dir / JOURNAL_NAME
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            # FULL: a committed chunk survives a power cut, not only a killed process.
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise JournalCorruptError(
                f"the run journal {self.path} cannot be read: {exc}",
                hint="Start the run again with --restart, or write it to another folder.",
            ) from None
        layout = self.get("layout")
        if layout is None:
            self.put("layout", LAYOUT)
        elif layout != LAYOUT:
            raise JournalCorruptError(
                f"the run journal {self.path} has layout {layout}, this unspun writes {LAYOUT}",
                hint="Finish the run with the unspun version that started it, or --restart.",
            )

    def close(self) -> None:
        self._db.close()

    # --- run-level values -------------------------------------------------------------

    def get(self, key: str) -> Any:
        row = self._db.execute("SELECT value FROM run WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, key: str, value: Any) -> None:
        self._db.execute(
            "INSERT INTO run (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value, sort_keys=True)),
        )

    # --- commits ----------------------------------------------------------------------

    def commit(self, part: str, docs: Iterable[tuple[int, str | None, str, str | None]]) -> None:
        """Record ``part`` and its documents ``(seq, id, status, error)`` atomically."""
        rows = list(docs)
        cur = self._db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            cur.execute(
                "INSERT INTO parts (part, documents, committed) VALUES (?, ?, ?)",
                (part, len(rows), time.time()),
            )
            cur.executemany(
                "INSERT INTO docs (seq, id, part, status, error) VALUES (?, ?, ?, ?, ?)",
                [(seq, doc_id, part, status, error) for seq, doc_id, status, error in rows],
            )
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise

    def parts(self) -> set[str]:
        """The committed part names."""
        return {row[0] for row in self._db.execute("SELECT part FROM parts")}

    def committed(self, page: int = 5000) -> Iterator[tuple[int, str | None]]:
        """``(seq, id)`` of every committed document, by position, read page by page (no
        read transaction stays open while the run commits, and memory stays flat)."""
        after = -1
        while True:
            rows = self._db.execute(
                "SELECT seq, id FROM docs WHERE seq > ? ORDER BY seq LIMIT ?", (after, page)
            ).fetchall()
            if not rows:
                return
            yield from rows
            after = rows[-1][0]

    def counts(self) -> dict[str, int]:
        """Committed documents per status."""
        rows = self._db.execute("SELECT status, COUNT(*) FROM docs GROUP BY status")
        return {status: n for status, n in rows}

    def failures(self, limit: int) -> list[dict[str, Any]]:
        """The first ``limit`` failed documents with their errors."""
        rows = self._db.execute(
            "SELECT seq, id, error FROM docs WHERE status = 'failed' ORDER BY seq LIMIT ?",
            (limit,),
        )
        return [{"seq": seq, "id": i, "error": json.loads(e) if e else None} for seq, i, e in rows]
