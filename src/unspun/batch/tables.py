"""The four tables of a run (documents, findings, claims, narratives): rows and schemas.

Rows are built where the document was analysed (a worker), from the same
:class:`~unspun.model.record.AnalysisRecord` every writer uses; the findings table has the
columns of the CSV/Parquet writers (:mod:`unspun.writers.rows`) plus the run's own. The
near-duplicate columns (:data:`DUP_FIELDS`) are added by the runner, which groups the
documents while it reads them. Every table carries the document's metadata (source, day,
author, lang), so any statistic can be cut by it without a join.
"""

from __future__ import annotations

import json
import re
from typing import Any

from unspun.batch.metadata import DocMeta
from unspun.model.record import AnalysisRecord, FailureRecord
from unspun.writers.rows import finding_rows

TABLES: tuple[str, ...] = ("documents", "findings", "claims", "narratives")

#: Claim sources nobody can check: no source given, or one too vague or unnamed to ask.
UNSOURCED_KINDS = frozenset({"own", "none", "vague", "anonymous"})

Row = dict[str, Any]

_S, _I, _F, _B, _L = "string", "int64", "float64", "bool", "list<string>"

#: Columns each table shares: where the row comes from and what the document says it is.
META_FIELDS: tuple[tuple[str, str], ...] = (
    ("seq", _I),
    ("id", _S),
    ("source", _S),
    ("day", _S),
    ("author", _S),
    ("lang", _S),
)
DUP_FIELDS: tuple[tuple[str, str], ...] = (
    ("dup_group", _I),
    ("canonical_id", _S),
    ("is_canonical", _B),
    ("dup_similarity", _F),
)
_DOCUMENT_FIELDS: tuple[tuple[str, str], ...] = (
    ("status", _S),
    ("error_code", _S),
    ("error_message", _S),
    ("error_hint", _S),
    ("locator", _S),
    ("date", _S),
    ("url", _S),
    ("title", _S),
    ("length", _I),
    ("findings", _I),
    ("techniques", _I),
    ("claims", _I),
    ("unsourced_claims", _I),
    ("narratives", _I),
    ("technique_labels", _L),
    ("narrative_labels", _L),
    ("detectors", _S),
    ("meta", _S),
    ("text", _S),
)
_FINDING_FIELDS: tuple[tuple[str, str], ...] = (
    ("kind", _S),
    ("label", _S),
    ("category", _S),
    ("start", _I),
    ("end", _I),
    ("score", _F),
    ("text", _S),
    ("explanation", _S),
    ("detector", _S),
    ("detector_version", _S),
    ("scope_start", _I),
    ("scope_end", _I),
    ("attrs", _S),
)
_CLAIM_FIELDS: tuple[tuple[str, str], ...] = (
    ("start", _I),
    ("end", _I),
    ("text", _S),
    ("label", _S),
    ("score", _F),
    ("priority", _F),
    ("source_kind", _S),
    ("source_stands_in", _S),
    ("source_text", _S),
    ("unsourced", _B),
    ("claim_key", _S),
)
_NARRATIVE_FIELDS: tuple[tuple[str, str], ...] = (
    ("label", _S),
    ("level", _S),
    ("narrative_id", _S),
    ("name", _S),
    ("parent", _S),
    ("domain", _S),
    ("score", _F),
    ("stance", _S),
    ("evidence", _I),
    ("is_other", _B),
)
FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "documents": META_FIELDS + _DOCUMENT_FIELDS + DUP_FIELDS,
    "findings": META_FIELDS + _FINDING_FIELDS + DUP_FIELDS,
    "claims": META_FIELDS + _CLAIM_FIELDS + DUP_FIELDS,
    "narratives": META_FIELDS + _NARRATIVE_FIELDS + DUP_FIELDS,
}


def schema(table: str) -> Any:
    """The pyarrow schema of one table."""
    import pyarrow as pa

    from unspun.about import SCHEMA_VERSION

    kinds = {_S: pa.string(), _I: pa.int64(), _F: pa.float64(), _B: pa.bool_()}
    fields = [
        pa.field(name, pa.list_(pa.string()) if kind == _L else kinds[kind])
        for name, kind in FIELDS[table]
    ]
    return pa.schema(fields, metadata={"unspun.schema_version": SCHEMA_VERSION})


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def claim_key(text: str) -> str:
    """A claim's text reduced for counting repeats: case, punctuation and spacing ignored."""
    return _NON_WORD.sub(" ", text.casefold()).strip()


def record_rows(seq: int, record: AnalysisRecord, meta: DocMeta) -> dict[str, list[Row]]:
    """The rows of one analysed document in every table (dup columns not yet filled)."""
    base = {"seq": seq, "id": record.id, **meta.columns(), "lang": record.lang}
    findings = [
        {**base, **{k: v for k, v in row.items() if k not in base}} for row in finding_rows(record)
    ]
    claims: list[Row] = []
    for f in record.findings:
        if f.kind != "claim":
            continue
        src = f.attrs.get("source") or {}
        kind = src.get("kind") or "none"
        claims.append(
            {
                **base,
                "start": f.start,
                "end": f.end,
                "text": f.text,
                "label": f.label,
                "score": f.score,
                "priority": f.attrs.get("priority"),
                "source_kind": kind,
                "source_stands_in": src.get("stands_in"),
                "source_text": src.get("text"),
                "unsourced": kind in UNSOURCED_KINDS,
                "claim_key": claim_key(f.text),
            }
        )
    narratives = [
        {
            **base,
            "label": n.label,
            "level": n.level,
            "narrative_id": n.id,
            "name": n.name,
            "parent": n.parent,
            "domain": n.domain,
            "score": n.score,
            "stance": n.stance,
            "evidence": len(n.evidence),
            "is_other": n.id is None,
        }
        for n in record.narratives or []
    ]
    techniques = sorted({f.label for f in record.findings if f.kind == "technique"})
    advanced = sorted({n.label for n in record.narratives or [] if n.id is not None})
    document = {
        **base,
        "status": "analysed",
        "locator": record.path or meta.locator,
        "date": record.date,
        "url": record.url,
        "title": record.title,
        "length": record.length,
        "findings": len(record.findings),
        "techniques": sum(1 for f in record.findings if f.kind == "technique"),
        "claims": len(claims),
        "unsourced_claims": sum(1 for c in claims if c["unsourced"]),
        "narratives": len(advanced),
        "technique_labels": techniques,
        "narrative_labels": advanced,
        "detectors": _json({d.name: d.version for d in record.detectors}),
        "meta": _json(record.meta),
        "text": record.text,
    }
    return {
        "documents": [document],
        "findings": findings,
        "claims": claims,
        "narratives": narratives,
    }


def failure_rows(seq: int, record: FailureRecord, meta: DocMeta | None) -> dict[str, list[Row]]:
    """The rows of a document that could not be read or analysed: one documents row."""
    error = record.error
    columns = meta.columns() if meta is not None else {}
    document = {
        "seq": seq,
        "id": record.id if record.id is not None else record.source,
        **columns,
        "status": "failed",
        "error_code": error.get("code"),
        "error_message": error.get("message"),
        "error_hint": error.get("hint"),
        "locator": record.source,
        "findings": 0,
        "techniques": 0,
        "claims": 0,
        "unsourced_claims": 0,
        "narratives": 0,
        "technique_labels": [],
        "narrative_labels": [],
    }
    return {"documents": [document], "findings": [], "claims": [], "narratives": []}
