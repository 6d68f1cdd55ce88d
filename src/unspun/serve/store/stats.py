"""Corpus statistics: how often each technique, narrative, ... occurs, over time or by source."""

from __future__ import annotations

from collections import defaultdict
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import Engine, func, select

from unspun.serve.store.query import Filters
from unspun.serve.store.tables import FACETS, analyses, facets

By = Literal["none", "month", "week", "day", "source", "lang"]


class Bucket(BaseModel):
    """Counts of one facet value in one bucket (a month, a source, or everything)."""

    bucket: str
    value: str
    documents: int
    findings: int


class Stats(BaseModel):
    """The answer of ``GET /v1/stats``: buckets in order, values most common first."""

    facet: str
    by: str
    documents: int
    buckets: list[str]
    values: list[str]
    counts: list[Bucket]


def _bucket_of(by: By, day: object, source: object, lang: object) -> str:
    if by == "none":
        return "all"
    if by == "source":
        return str(source) if source else "(no source)"
    if by == "lang":
        return str(lang) if lang else "(unknown)"
    text = str(day)  # YYYY-MM-DD
    if by == "month":
        return text[:7]
    if by == "week":
        import datetime as dt

        year, week, _ = dt.date.fromisoformat(text).isocalendar()
        return f"{year}-W{week:02d}"
    return text


#: Longest time axis filled without gaps (beyond it, only buckets with data are listed).
MAX_FILLED = 400


def continuous(buckets: list[str], by: str) -> list[str]:
    """``buckets`` with the empty months (weeks, days) between them filled in, so that a
    chart's time axis is even."""
    import datetime as dt

    if len(buckets) < 2:
        return buckets
    out: list[str] = []
    if by == "month":
        year, month = map(int, buckets[0].split("-"))
        while len(out) <= MAX_FILLED:
            out.append(f"{year:04d}-{month:02d}")
            if out[-1] == buckets[-1]:
                return out
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return buckets
    if by == "day":
        day, last = dt.date.fromisoformat(buckets[0]), dt.date.fromisoformat(buckets[-1])
        if (last - day).days > MAX_FILLED:
            return buckets
        return [(day + dt.timedelta(days=n)).isoformat() for n in range((last - day).days + 1)]
    first = dt.date.fromisocalendar(int(buckets[0][:4]), int(buckets[0][6:]), 1)
    last = dt.date.fromisocalendar(int(buckets[-1][:4]), int(buckets[-1][6:]), 1)
    if (last - first).days // 7 > MAX_FILLED:
        return buckets
    weeks = (
        (first + dt.timedelta(weeks=n)).isocalendar() for n in range((last - first).days // 7 + 1)
    )
    return [f"{y}-W{w:02d}" for y, w, _ in weeks]


def corpus_stats(engine: Engine, facet: str, by: By, filters: Filters, *, top: int = 12) -> Stats:
    """Documents and findings per ``facet`` value per bucket, for analyses matching
    ``filters``; only the ``top`` most common values are kept."""
    if facet not in FACETS:
        raise ValueError(facet)
    where = filters.conditions()
    docs_per: dict[tuple[str, str], int] = defaultdict(int)
    finds_per: dict[tuple[str, str], int] = defaultdict(int)
    totals: dict[str, int] = defaultdict(int)
    query = (
        select(
            analyses.c.day,
            analyses.c.source,
            analyses.c.lang,
            facets.c.value,
            func.count(),
            func.sum(facets.c.n),
        )
        .join(facets, facets.c.analysis_id == analyses.c.id)
        .where(facets.c.facet == facet, facets.c.max_score >= filters.min_score, *where)
        .group_by(analyses.c.day, analyses.c.source, analyses.c.lang, facets.c.value)
    )
    with engine.connect() as conn:
        documents = conn.execute(select(func.count()).select_from(analyses).where(*where)).scalar()
        for day, source, lang, value, n_docs, n_findings in conn.execute(query):
            key = (_bucket_of(by, day, source, lang), str(value))
            docs_per[key] += int(n_docs)
            finds_per[key] += int(n_findings or 0)
            totals[str(value)] += int(n_findings or 0)
    values = [v for v, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))][:top]
    keep = set(values)
    buckets = sorted({b for b, v in docs_per if v in keep})
    if by in ("month", "week", "day"):
        buckets = continuous(buckets, by)
    if by in ("source", "lang"):
        size: dict[str, int] = defaultdict(int)
        for (b, _), n in finds_per.items():
            size[b] += n
        buckets.sort(key=lambda b: (-size[b], b))
    counts = [
        Bucket(bucket=b, value=v, documents=docs_per[(b, v)], findings=finds_per[(b, v)])
        for b in buckets
        for v in values
        if (b, v) in docs_per
    ]
    return Stats(
        facet=facet,
        by=by,
        documents=int(documents or 0),
        buckets=buckets,
        values=values,
        counts=counts,
    )
