"""Web pages and forms without a browser: analyse by form, upload, export, bad input."""

from __future__ import annotations

import io
import itertools
import json

import pytest
from fastapi.testclient import TestClient

from tests.serve_helpers import ARTICLE, CALM
from unspun.model.record import AnalysisRecord


@pytest.fixture
def backend() -> str:
    return "sqlite"


def test_form_analysis_shows_the_highlighted_article(client: TestClient) -> None:
    answer = client.post(
        "/analyse",
        data={"text": ARTICLE.replace("\n", "\r\n"), "title": "Form", "date": "2024-02-02"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    page = client.get(answer.headers["location"])
    assert page.status_code == 200
    assert 'id="article"' in page.text and 'class="seg' in page.text
    assert 'id="classify-button"' in page.text and "/static/app.js" in page.text
    stored = client.get("/v1/analyses").json()["items"][0]
    record = client.get(f"/v1/analyses/{stored['id']}").json()["record"]
    assert "\r" not in record["text"]  # the browser's CR LF is read as the LF pasted
    assert stored["day"] == "2024-02-02"


def test_form_upload_of_a_corpus_lists_results_and_failures(client: TestClient) -> None:
    data = "\n".join(
        json.dumps(r)
        for r in [{"id": "a", "text": ARTICLE}, {"id": "b", "text": ""}, {"id": "c", "text": CALM}]
    )
    answer = client.post(
        "/analyse", files={"file": ("posts.jsonl", io.BytesIO(data.encode()), "application/json")}
    )
    assert answer.status_code == 200
    assert "2 analysed, 1 failed" in answer.text and "E102" in answer.text
    assert client.get("/v1/analyses").json()["total"] == 2


@pytest.mark.parametrize(
    ("form", "code"),
    [({"text": "  "}, "E715"), ({"fetch_url": "https://example.org/"}, "E720")],
)
def test_form_errors_are_pages_with_hints(
    client: TestClient, form: dict[str, str], code: str
) -> None:
    answer = client.post("/analyse", data=form)
    assert answer.status_code in (403, 422)
    assert code in answer.text and 'role="alert"' in answer.text


def test_export_is_the_jsonl_of_the_filtered_records(client: TestClient) -> None:
    client.post(
        "/v1/analyses/batch",
        json={"items": [{"text": ARTICLE, "source": "A"}, {"text": CALM, "source": "B"}]},
    )
    answer = client.get("/v1/analyses/export", params={"source": "A"})
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/x-ndjson"
    lines = answer.text.splitlines()
    assert len(lines) == 1
    record = AnalysisRecord.model_validate_json(lines[0])
    assert record.source == "A" and record.findings
    everything = client.get("/v1/analyses/export").text.splitlines()
    assert len(everything) == 2
    bad = client.get("/v1/analyses/export", params={"date_from": "yesterday"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "E715"


def test_library_filters_and_pages(client: TestClient) -> None:
    client.post("/v1/analyses/batch", json={"items": [{"text": CALM, "source": "Calm Times"}]})
    page = client.get("/library", params={"source": "Calm Times", "page": "x"})
    assert page.status_code == 200 and "Calm Times" in page.text
    assert client.get("/library", params={"min_score": "7"}).status_code == 422
    assert client.get("/trends", params={"by": "year"}).status_code == 422
    trends = client.get("/trends", params={"facet": "claim_type", "by": "week"})
    assert trends.status_code == 200


def test_analysis_page_links_the_downloads(client: TestClient) -> None:
    stored = client.post("/v1/analyses", json={"text": ARTICLE}).json()
    page = client.get(f"/a/{stored['id']}").text
    for path, suffix in (("/report", "html"), ("", "json"), ("/csv", "csv")):
        link = f'href="/v1/analyses/{stored["id"]}{path}" download="unspun-{stored["id"]}.{suffix}"'
        assert link in page
        assert client.get(f"/v1/analyses/{stored['id']}{path}").status_code == 200


def test_trend_chart_month_labels_never_crowd_the_last_one() -> None:
    """The last bucket is always labelled, and no two labels sit closer than the spacing
    (the last two month labels used to overlap)."""
    from unspun.serve.store.stats import Bucket, Stats
    from unspun.serve.web.charts import line_chart, tick_positions

    for n in range(1, 40):
        ticks = tick_positions(n)
        step = max(1, -(-n // 8))
        assert ticks[0] == 0 and ticks[-1] == n - 1
        assert all(b - a >= step for a, b in itertools.pairwise(ticks)), (n, ticks)
        assert len(ticks) <= 9, (n, ticks)
    months = [f"2025-{m:02d}" for m in range(1, 13)] + [f"2026-{m:02d}" for m in range(1, 7)]
    counts = [
        Bucket(bucket=b, value="Loaded_Language", documents=1, findings=i)
        for i, b in enumerate(months)
    ]
    stats = Stats(
        facet="technique",
        by="month",
        documents=18,
        buckets=months,
        values=["Loaded_Language"],
        counts=counts,
    )
    svg = str(line_chart(stats, "technique"))
    labelled = [m for m in months if f'class="tick">{m}</text>' in svg]
    assert labelled[-1] == "2026-06" and "2026-05" not in labelled
