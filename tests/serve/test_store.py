"""The store on SQLite and on a real PostgreSQL server: the same behaviour on both."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from unspun.model.narrative import NarrativeLabel
from unspun.model.record import AnalysisRecord, FindingRecord
from unspun.serve.errors import AnalysisNotFoundError, StoreError, UnknownTokenError
from unspun.serve.settings import Settings
from unspun.serve.store import Filters, Store
from unspun.serve.store.engine import current_revision, migrate
from unspun.serve.store.stats import corpus_stats
from unspun.serve.store.tables import analyses, facets
from unspun.serve.store.tokens import TokenStore


def finding(
    text: str, part: str, kind: str, label: str, score: float = 0.8, **kw: Any
) -> FindingRecord:
    start = text.index(part)
    return FindingRecord(
        start=start,
        end=start + len(part),
        text=part,
        kind=kind,
        label=label,
        score=score,
        detector="test",
        detector_version="1",
        **kw,
    )


def record(doc_id: str, text: str, findings: list[FindingRecord], **kw: Any) -> AnalysisRecord:
    return AnalysisRecord(
        id=doc_id, lang="en", text=text, length=len(text), findings=findings, **kw
    )


T1 = "Они предатели. The traitors lied, experts believe."
T2 = "Sales rose 12 percent, the ministry said."


def sample_records() -> list[AnalysisRecord]:
    return [
        record(
            "one",
            T1,
            [
                finding(
                    T1,
                    "traitors",
                    "technique",
                    "Name_Calling-Labeling",
                    0.9,
                    category="attack_on_reputation",
                ),
                finding(T1, "experts believe", "attribution", "vague", 0.7),
                finding(T1, "Они предатели", "narrative", "URW: Discrediting Ukraine", 0.6),
            ],
            source="Daily Shout",
            date="2024-03-05T10:00:00Z",
            narratives=[
                NarrativeLabel(
                    label="URW: Discrediting Ukraine", level="narrative", id="urw-1", score=0.6
                )
            ],
        ),
        record(
            "two",
            T2,
            [
                finding(
                    T2,
                    "Sales rose 12 percent",
                    "claim",
                    "statistic",
                    0.8,
                    attrs={"types": ["statistic"]},
                ),
                finding(T2, "the ministry said", "attribution", "official", 0.9),
            ],
            source="Calm Times",
            date=None,
        ),
    ]


@pytest.fixture
def store(make_settings: Callable[..., Settings]) -> Iterator[Store]:
    settings = make_settings()
    s = Store(settings.url, data_dir=settings.data_dir)
    yield s
    s.close()


def test_store_round_trip_keeps_the_record(store: Store) -> None:
    first, _ = [store.save(r, created_by="alice") for r in sample_records()]
    back = store.get(first.id)
    assert back.record == first.record
    assert back.record.text == T1 and back.created_at.tzinfo is not None
    for f in back.record.findings:
        assert back.record.text[f.start : f.end] == f.text


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), {"one", "two"}),
        (Filters(technique=["Name_Calling-Labeling"]), {"one"}),
        (Filters(category=["attack_on_reputation"]), {"one"}),
        (Filters(narrative=["URW: Discrediting Ukraine"]), {"one"}),
        (Filters(claim_type=["statistic"]), {"two"}),
        (Filters(attribution=["vague"]), {"one"}),
        (Filters(attribution=["vague", "official"]), {"one", "two"}),
        (Filters(attribution=["official"], source=["Daily Shout"]), set()),
        (Filters(source=["Calm Times"]), {"two"}),
        (Filters(lang=["de"]), set()),
        (Filters(q="ПРЕДАТЕЛИ"), {"one"}),  # case-folded beyond ASCII, on both databases
        (Filters(q="ministry 12"), {"two"}),
        (Filters(q="100%_"), set()),  # LIKE wildcards are literal
        (Filters(date_from=dt.date(2024, 3, 1), date_to=dt.date(2024, 3, 31)), {"one"}),
        (Filters(date_to=dt.date(2024, 3, 4)), set()),
        (Filters(technique=["Name_Calling-Labeling"], min_score=0.95), set()),
    ],
)
def test_store_search_filters(store: Store, filters: Filters, expected: set[str]) -> None:
    for r in sample_records():
        store.save(r)
    page = store.search(filters)
    assert {item.doc_id for item in page.items} == expected
    assert page.total == len(expected)


def test_store_search_pages_newest_first(store: Store) -> None:
    for n in range(5):
        text = f"Text number {n}."
        store.save(record(f"d{n}", text, [], date=f"2024-01-0{n + 1}"))
    first = store.search(Filters(), limit=2)
    second = store.search(Filters(), limit=2, offset=2)
    assert first.total == 5
    assert [i.doc_id for i in first.items] == ["d4", "d3"]
    assert [i.doc_id for i in second.items] == ["d2", "d1"]


def test_store_undated_documents_use_the_day_analysed(store: Store) -> None:
    saved = store.save(sample_records()[1])
    item = store.search(Filters()).items[0]
    assert item.dated is False and item.day == saved.created_at.date()


def test_store_delete_removes_facets(store: Store) -> None:
    saved = store.save(sample_records()[0])
    store.delete(saved.id)
    with pytest.raises(AnalysisNotFoundError):
        store.get(saved.id)
    with pytest.raises(AnalysisNotFoundError):
        store.delete(saved.id)
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(facets)).scalar() == 0


def test_store_failed_write_leaves_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """A save that fails half-way (the facets insert breaks) rolls back the analysis row."""
    from unspun.serve.store import repository

    store.save(sample_records()[0])
    # Two facet rows with the same key: the second insert violates the primary key.
    monkeypatch.setattr(repository, "facets_of", lambda r: [("kind", "x", 1, 0.5)] * 2)
    with pytest.raises(StoreError) as caught:
        store.save(sample_records()[1])
    assert caught.value.code == "E703"
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(analyses)).scalar() == 1
        rows = conn.execute(select(func.count()).select_from(facets).where(facets.c.value == "x"))
        assert rows.scalar() == 0


def test_store_statistics_by_month_and_source(store: Store) -> None:
    for r in sample_records():
        store.save(r)
    extra = record(
        "three",
        T1,
        [finding(T1, "traitors", "technique", "Name_Calling-Labeling")],
        source="Daily Shout",
        date="2024-04-02",
    )
    store.save(extra)
    by_month = corpus_stats(store.engine, "technique", "month", Filters())
    assert by_month.buckets == ["2024-03", "2024-04"]
    assert [(c.bucket, c.findings) for c in by_month.counts] == [("2024-03", 1), ("2024-04", 1)]
    by_source = corpus_stats(store.engine, "attribution", "source", Filters())
    cells = {(c.bucket, c.value): c.documents for c in by_source.counts}
    assert cells == {("Daily Shout", "vague"): 1, ("Calm Times", "official"): 1}
    store.save(
        record(
            "four", T1, [finding(T1, "traitors", "technique", "Loaded_Language")], date="2024-06-30"
        )
    )
    filled = corpus_stats(store.engine, "technique", "month", Filters())
    assert filled.buckets == ["2024-03", "2024-04", "2024-05", "2024-06"]  # no gaps
    only = corpus_stats(store.engine, "technique", "none", Filters(source=["Calm Times"]))
    assert only.counts == [] and only.documents == 1
    assert by_month.documents == 3


def test_store_migrations_are_idempotent(store: Store) -> None:
    assert current_revision(store.engine) == "0001"
    migrate(store.engine)  # again: nothing to do, nothing lost
    store.save(sample_records()[0])
    migrate(store.engine)
    assert store.count() == 1


def test_store_downgrade_and_upgrade_again(store: Store) -> None:
    migrate(store.engine, "base", down=True)
    assert current_revision(store.engine) is None
    migrate(store.engine)
    assert store.count() == 0


def test_tokens_are_hashed_and_revocable(store: Store) -> None:
    tokens = TokenStore(store.engine)
    secret = tokens.create("desk-laptop")
    assert secret.startswith("unspun_") and len(secret) > 40
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT digest FROM tokens").scalar()
    assert stored != secret and secret not in str(stored)
    assert tokens.check(secret) == "desk-laptop"
    assert tokens.check(secret + "x") is None
    assert tokens.list()[0].last_used_at is not None
    tokens.revoke("desk-laptop")
    assert tokens.check(secret) is None
    assert tokens.live_count() == 0
    with pytest.raises(UnknownTokenError):
        tokens.revoke("desk-laptop")


def test_store_unreachable_database_is_a_typed_error(tmp_path: Any) -> None:
    with pytest.raises(StoreError) as caught:
        Store("postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert caught.value.code == "E703" and caught.value.hint


def test_migrations_build_exactly_the_tables_the_code_describes(store: Store) -> None:
    """tables.py and the newest migration agree, on both databases (autogenerate diff)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from unspun.serve.store.tables import metadata

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []
