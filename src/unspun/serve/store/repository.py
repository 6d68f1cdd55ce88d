"""The store's one entry point: save, read, search, delete analyses (one transaction each)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import Engine, delete, func, insert, select
from sqlalchemy.exc import SQLAlchemyError

from unspun.model.record import AnalysisRecord
from unspun.serve.errors import AnalysisNotFoundError, StoreError
from unspun.serve.store.engine import make_engine, migrate
from unspun.serve.store.facets import facets_of, publication_day, search_text
from unspun.serve.store.query import Filters
from unspun.serve.store.tables import analyses, facets

MAX_PAGE = 200


class StoredAnalysis(BaseModel):
    """An analysis as the store keeps it: its store id, when it was made, and the record."""

    id: str = Field(description="Store id (32 hex digits); the record's own id is record.id.")
    created_at: dt.datetime
    record: AnalysisRecord


class AnalysisSummary(BaseModel):
    """One line of a search result: what the library lists."""

    id: str
    doc_id: str
    title: str | None
    source: str | None
    url: str | None
    lang: str | None
    date: str | None
    day: dt.date
    dated: bool
    created_at: dt.datetime
    length: int
    finding_count: int
    facets: dict[str, dict[str, int]] = Field(default_factory=dict)


class Page(BaseModel):
    """A page of search results and how many analyses match in all."""

    total: int
    limit: int
    offset: int
    items: list[AnalysisSummary]


def new_id() -> str:
    return uuid.uuid4().hex


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Store:
    """Analyses in SQLite or PostgreSQL; the schema is migrated when the store opens."""

    def __init__(self, url: str, *, data_dir: Any = None, upgrade: bool = True):
        self.engine: Engine = make_engine(url, data_dir=data_dir)
        if upgrade:
            migrate(self.engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def save(self, record: AnalysisRecord, *, created_by: str | None = None) -> StoredAnalysis:
        """Store ``record`` and its facets in one transaction (nothing is left half-written)."""
        stored = StoredAnalysis(id=new_id(), created_at=utcnow(), record=record)
        day = publication_day(record.date)
        row = {
            "id": stored.id,
            "doc_id": record.id,
            "title": record.title,
            "source": record.source,
            "url": record.url,
            "lang": record.lang,
            "date": record.date,
            "day": day or stored.created_at.date(),
            "dated": int(day is not None),
            "created_at": stored.created_at,
            "length": record.length,
            "finding_count": len(record.findings),
            "record": record.model_dump_json(),
            "search": search_text(record),
            "created_by": created_by,
        }
        rows = [
            {"analysis_id": stored.id, "facet": f, "value": v, "n": n, "max_score": s}
            for f, v, n, s in facets_of(record)
        ]
        with self._errors("save the analysis"), self.engine.begin() as conn:
            conn.execute(insert(analyses), [row])
            if rows:
                conn.execute(insert(facets), rows)
        return stored

    def get(self, analysis_id: str) -> StoredAnalysis:
        """The stored analysis, or :class:`AnalysisNotFoundError`."""
        with self._errors("read the analysis"), self.engine.connect() as conn:
            row = conn.execute(
                select(analyses.c.id, analyses.c.created_at, analyses.c.record).where(
                    analyses.c.id == analysis_id
                )
            ).first()
        if row is None:
            raise _not_found(analysis_id)
        return StoredAnalysis(
            id=row.id,
            created_at=_aware(row.created_at),
            record=AnalysisRecord.model_validate_json(row.record),
        )

    def delete(self, analysis_id: str) -> None:
        """Delete an analysis and its facets (one transaction)."""
        with self._errors("delete the analysis"), self.engine.begin() as conn:
            conn.execute(delete(facets).where(facets.c.analysis_id == analysis_id))
            gone = conn.execute(delete(analyses).where(analyses.c.id == analysis_id)).rowcount
        if not gone:
            raise _not_found(analysis_id)

    def search(self, filters: Filters, *, limit: int = 50, offset: int = 0) -> Page:
        """Analyses matching ``filters``, newest first (by day, then time analysed)."""
        limit = max(1, min(limit, MAX_PAGE))
        where = filters.conditions()
        columns = [c for c in analyses.c if c.name not in ("record", "search", "created_by")]
        with self._errors("search the analyses"), self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(analyses).where(*where)).scalar()
            rows = conn.execute(
                select(*columns)
                .where(*where)
                .order_by(analyses.c.day.desc(), analyses.c.created_at.desc(), analyses.c.id)
                .limit(limit)
                .offset(max(0, offset))
            ).all()
            ids = [r.id for r in rows]
            found: dict[str, dict[str, dict[str, int]]] = {i: {} for i in ids}
            if ids:
                for fr in conn.execute(
                    select(facets.c.analysis_id, facets.c.facet, facets.c.value, facets.c.n).where(
                        facets.c.analysis_id.in_(ids)
                    )
                ):
                    found[fr.analysis_id].setdefault(fr.facet, {})[fr.value] = fr.n
        items = [
            AnalysisSummary(
                **{**r._mapping, "dated": bool(r.dated), "created_at": _aware(r.created_at)},
                facets=found[r.id],
            )
            for r in rows
        ]
        return Page(total=int(total or 0), limit=limit, offset=offset, items=items)

    def iter_records(self, filters: Filters, *, limit: int) -> Iterator[str]:
        """The stored records matching ``filters`` as JSON lines (newest first), read in
        chunks so that a large export does not sit in memory."""
        query = (
            select(analyses.c.record)
            .where(*filters.conditions())
            .order_by(analyses.c.day.desc(), analyses.c.created_at.desc(), analyses.c.id)
            .limit(limit)
        )
        with self._errors("export the analyses"), self.engine.connect() as conn:
            result = conn.execution_options(yield_per=200).execute(query)
            for row in result:
                yield row.record + "\n"

    def facet_values(self, facet: str) -> list[tuple[str, int]]:
        """Values of ``facet`` in the store with the number of analyses, most common first."""
        with self._errors("list the filter values"), self.engine.connect() as conn:
            if facet in ("source", "lang"):
                col = analyses.c[facet]
                query = select(col, func.count()).where(col.is_not(None)).group_by(col)
            else:
                query = (
                    select(facets.c.value, func.count())
                    .where(facets.c.facet == facet)
                    .group_by(facets.c.value)
                )
            rows = conn.execute(query).all()
        return sorted(((str(v), int(n)) for v, n in rows), key=lambda vn: (-vn[1], vn[0]))

    def count(self) -> int:
        """How many analyses the store holds."""
        with self._errors("count the analyses"), self.engine.connect() as conn:
            found = conn.execute(select(func.count()).select_from(analyses)).scalar()
        return int(found or 0)

    def _errors(self, what: str) -> _StoreErrors:
        return _StoreErrors(what)


class _StoreErrors:
    """Turns a database error into :class:`StoreError` (the transaction is rolled back)."""

    def __init__(self, what: str):
        self.what = what

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> Literal[False]:
        if isinstance(exc, SQLAlchemyError):
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise StoreError(
                f"could not {self.what}: {first}",
                hint="Nothing was written. Check that the database is reachable and retry.",
            ) from None
        return False


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite gives naive datetimes back; every time the store writes is UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _not_found(analysis_id: str) -> AnalysisNotFoundError:
    return AnalysisNotFoundError(
        f"no stored analysis has the id {analysis_id!r}",
        hint="List the stored analyses with GET /v1/analyses; the id is 32 hex digits.",
    )
