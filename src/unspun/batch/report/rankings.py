"""The ranked lists of the dashboard: most-flagged stories, most-repeated unsourced
claims, largest near-duplicate groups (stories counted once, texts read only for the rows
listed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from unspun.batch.report.stats import group_rows, rows_where
from unspun.batch.store import read_table


def _texts(run_dir: Path, seqs: list[int]) -> dict[int, tuple[str | None, str | None]]:
    """Title and text of the documents at ``seqs`` (read for these rows only)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not seqs:
        return {}
    table = read_table(run_dir, "documents", ["seq", "title", "text"])
    rows = table.filter(pc.is_in(table["seq"], value_set=pa.array(seqs, pa.int64())))
    return {r["seq"]: (r["title"], r["text"]) for r in rows.to_pylist()}


def _excerpt(title: str | None, text: str | None, limit: int = 160) -> str:
    body = title or (text or "").strip()
    return body if len(body) <= limit else body[: limit - 1].rstrip() + "…"


def flagged(run_dir: Path, ok: Any, top: int) -> list[dict[str, Any]]:
    """The canonical documents with the most flags (techniques, unsourced claims,
    narratives), with their copies and the beginning of their text."""
    import pyarrow.compute as pc

    canon = rows_where(ok, "is_canonical", True)
    if canon.num_rows == 0:
        return []
    flags = pc.add(pc.add(canon["techniques"], canon["unsourced_claims"]), canon["narratives"])
    canon = canon.append_column("flags", flags)
    copies = {
        r["dup_group"]: r["seq_count"] for r in group_rows(ok, ["dup_group"], [("seq", "count")])
    }
    best = canon.sort_by([("flags", "descending"), ("seq", "ascending")]).slice(0, top)
    rows = [r for r in best.to_pylist() if r["flags"] > 0]
    texts = _texts(run_dir, [r["seq"] for r in rows])
    for r in rows:
        r["excerpt"] = _excerpt(*texts.get(r["seq"], (None, None)))
        r["copies"] = copies.get(r["dup_group"], 1)
    return rows


def repeated_claims(run_dir: Path, top: int) -> list[dict[str, Any]]:
    """Unsourced claims by the number of distinct stories that repeat them."""
    claims = read_table(
        run_dir,
        "claims",
        ["claim_key", "text", "unsourced", "source_kind", "source", "day", "dup_group", "seq"],
    )
    unsourced = rows_where(claims, "unsourced", True)
    rows = group_rows(
        unsourced,
        ["claim_key"],
        [
            ("dup_group", "count_distinct"),
            ("seq", "count"),
            ("source", "count_distinct"),
            ("day", "min"),
            ("day", "max"),
            ("text", "first"),
            ("source_kind", "first"),
        ],
    )
    rows.sort(key=lambda r: (-r["dup_group_count_distinct"], -r["seq_count"], r["claim_key"]))
    return [
        {
            "text": r["text_first"],
            "stories": r["dup_group_count_distinct"],
            "documents": r["seq_count"],
            "sources": r["source_count_distinct"],
            "first_day": r["day_min"],
            "last_day": r["day_max"],
            "kind": r["source_kind_first"],
        }
        for r in rows[:top]
    ]


def duplicate_groups(run_dir: Path, ok: Any, top: int) -> list[dict[str, Any]]:
    """The near-duplicate groups with the most copies."""
    rows = group_rows(
        ok,
        ["dup_group"],
        [
            ("seq", "count"),
            ("source", "count_distinct"),
            ("day", "min"),
            ("day", "max"),
            ("canonical_id", "first"),
        ],
    )
    rows = [r for r in rows if r["seq_count"] > 1]
    rows.sort(key=lambda r: (-r["seq_count"], r["dup_group"]))
    rows = rows[:top]
    texts = _texts(run_dir, [r["dup_group"] for r in rows])
    return [
        {
            "canonical": r["canonical_id_first"],
            "copies": r["seq_count"],
            "sources": r["source_count_distinct"],
            "first_day": r["day_min"],
            "last_day": r["day_max"],
            "excerpt": _excerpt(*texts.get(r["dup_group"], (None, None))),
        }
        for r in rows
    ]
