"""The numbers of the corpus dashboard, from a run's committed tables (pyarrow).

The unit is the *story*: a near-duplicate group (``dup_group``) counts once, however
many copies of it the corpus holds (with ``--no-dedup`` every document is its own
story). A cut by source or by day counts a story once per outlet or per day it appeared
in: a story two outlets carried is one story in the totals and one in each outlet's row.
Only the columns a figure needs are read; the document texts only for the documents
listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unspun.batch.store import read_table

#: The label of a missing metadata value in tables and charts.
MISSING = "(unknown)"


def group_rows(table: Any, keys: list[str], aggs: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """``table`` grouped by ``keys`` with the aggregations ``aggs``, as Python rows."""
    if table.num_rows == 0:
        return []
    return table.group_by(keys, use_threads=False).aggregate(aggs).to_pylist()


def rows_where(table: Any, column: str, value: Any) -> Any:
    """The rows of ``table`` whose ``column`` equals ``value``."""
    import pyarrow.compute as pc

    return table.filter(pc.equal(table[column], value))


def _name(value: Any) -> str:
    return MISSING if value is None or value == "" else str(value)


@dataclass
class CorpusStats:
    """Everything the dashboard shows, as plain Python values (no pyarrow)."""

    overview: dict[str, Any] = field(default_factory=dict)
    techniques: list[tuple[str, int, int]] = field(default_factory=list)  # label, stories, n
    narratives: list[tuple[str, int]] = field(default_factory=list)
    by_source: dict[str, dict[str, Any]] = field(default_factory=dict)
    technique_by_source: dict[tuple[str, str], int] = field(default_factory=dict)
    narrative_by_source: dict[tuple[str, str], int] = field(default_factory=dict)
    by_author: list[dict[str, Any]] = field(default_factory=list)
    days: dict[str, int] = field(default_factory=dict)  # day -> stories
    technique_by_day: dict[tuple[str, str], int] = field(default_factory=dict)
    narrative_by_day: dict[tuple[str, str], int] = field(default_factory=dict)
    flagged: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    groups: list[dict[str, Any]] = field(default_factory=list)
    failures: list[tuple[str, int]] = field(default_factory=list)


def _cross(table: Any, key: str, label: str = "label") -> dict[tuple[str, str], int]:
    rows = group_rows(table, [key, label], [("dup_group", "count_distinct")])
    return {(_name(r[key]), str(r[label])): r["dup_group_count_distinct"] for r in rows}


def compute(run_dir: Path, *, top: int = 25) -> CorpusStats:
    """The dashboard's numbers for ``run_dir``; ``top``: rows of each ranked list."""
    import pyarrow.compute as pc

    stats = CorpusStats()
    docs = read_table(
        run_dir,
        "documents",
        [
            "seq",
            "id",
            "canonical_id",
            "status",
            "error_code",
            "source",
            "day",
            "author",
            "lang",
            "techniques",
            "unsourced_claims",
            "narratives",
            "claims",
            "dup_group",
            "is_canonical",
        ],
    )
    ok = rows_where(docs, "status", "analysed")
    stories = len(pc.unique(ok["dup_group"])) if ok.num_rows else 0
    days = [d for d in pc.unique(ok["day"]).to_pylist() if d] if ok.num_rows else []
    stats.failures = sorted(
        (
            (str(r["error_code"]), r["seq_count"])
            for r in group_rows(
                rows_where(docs, "status", "failed"), ["error_code"], [("seq", "count")]
            )
        ),
        key=lambda x: -x[1],
    )
    # Findings of canonical documents only: a story's findings counted once.
    tech = read_table(
        run_dir, "findings", ["kind", "label", "source", "day", "dup_group", "is_canonical"]
    )
    tech = rows_where(tech, "kind", "technique")
    canon_tech = rows_where(tech, "is_canonical", True)
    counts = {
        r["label"]: r["label_count"]
        for r in group_rows(canon_tech, ["label"], [("label", "count")])
    }
    stats.techniques = sorted(
        (
            (r["label"], r["dup_group_count_distinct"], counts.get(r["label"], 0))
            for r in group_rows(tech, ["label"], [("dup_group", "count_distinct")])
        ),
        key=lambda x: (-x[1], x[0]),
    )
    stats.technique_by_source = _cross(tech, "source")
    stats.technique_by_day = _cross(tech, "day")
    narr = read_table(run_dir, "narratives", ["label", "is_other", "source", "day", "dup_group"])
    narr = rows_where(narr, "is_other", False)
    stats.narratives = sorted(
        (
            (r["label"], r["dup_group_count_distinct"])
            for r in group_rows(narr, ["label"], [("dup_group", "count_distinct")])
        ),
        key=lambda x: (-x[1], x[0]),
    )
    stats.narrative_by_source = _cross(narr, "source")
    stats.narrative_by_day = _cross(narr, "day")
    for r in group_rows(
        ok,
        ["source"],
        [
            ("dup_group", "count_distinct"),
            ("seq", "count"),
            ("techniques", "sum"),
            ("unsourced_claims", "sum"),
        ],
    ):
        stats.by_source[_name(r["source"])] = {
            "stories": r["dup_group_count_distinct"],
            "documents": r["seq_count"],
            "techniques": r["techniques_sum"],
            "unsourced": r["unsourced_claims_sum"],
        }
    stats.by_author = sorted(
        (
            {
                "author": _name(r["author"]),
                "stories": r["dup_group_count_distinct"],
                "documents": r["seq_count"],
                "techniques": r["techniques_sum"],
            }
            for r in group_rows(
                ok,
                ["author"],
                [("dup_group", "count_distinct"), ("seq", "count"), ("techniques", "sum")],
            )
        ),
        key=lambda x: (-x["stories"], x["author"]),
    )[:top]
    stats.days = {
        r["day"]: r["dup_group_count_distinct"]
        for r in group_rows(ok, ["day"], [("dup_group", "count_distinct")])
        if r["day"]
    }
    from unspun.batch.report.rankings import duplicate_groups, flagged, repeated_claims

    stats.flagged = flagged(run_dir, ok, top)
    stats.claims = repeated_claims(run_dir, top)
    stats.groups = duplicate_groups(run_dir, ok, top)
    findings = read_table(run_dir, "findings", ["kind"])
    by_kind = {
        r["kind"]: r["kind_count"] for r in group_rows(findings, ["kind"], [("kind", "count")])
    }
    stats.overview = {
        "documents": docs.num_rows,
        "analysed": ok.num_rows,
        "failed": docs.num_rows - ok.num_rows,
        "stories": stories,
        "duplicates": ok.num_rows - stories,
        "sources": len(stats.by_source),
        "first_day": min(days) if days else None,
        "last_day": max(days) if days else None,
        "findings": by_kind,
        "languages": {
            _name(r["lang"]): r["seq_count"] for r in group_rows(ok, ["lang"], [("seq", "count")])
        },
    }
    return stats
