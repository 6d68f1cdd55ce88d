"""The HTTP API over the real pipeline, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from tests.serve_helpers import ARTICLE, CALM


def assert_offsets_hold(record: dict[str, Any]) -> None:
    text = record["text"]
    for f in record["findings"]:
        assert text[f["start"] : f["end"]] == f["text"], f


def test_analyse_store_read_search_delete(client: TestClient) -> None:
    answer = client.post(
        "/v1/analyses",
        json={"text": ARTICLE, "title": "Regime", "source": "Daily Shout", "date": "2024-03-05"},
    )
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert answer.headers["location"] == f"/v1/analyses/{body['id']}"
    record = body["record"]
    assert record["schema_version"] == "1.1" and record["source"] == "Daily Shout"
    assert record["findings"], "the article should be flagged"
    assert_offsets_hold(record)
    assert client.get(f"/v1/analyses/{body['id']}").json()["record"] == record

    technique = next(f["label"] for f in record["findings"] if f["kind"] == "technique")
    found = client.get("/v1/analyses", params={"technique": technique, "q": "traitors"}).json()
    assert [i["id"] for i in found["items"]] == [body["id"]]
    assert found["items"][0]["facets"]["technique"][technique] >= 1
    none = client.get("/v1/analyses", params={"technique": technique, "source": "Other"}).json()
    assert none["total"] == 0

    assert client.delete(f"/v1/analyses/{body['id']}").status_code == 204
    gone = client.get(f"/v1/analyses/{body['id']}")
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "E714"
    assert client.get("/v1/analyses").json()["total"] == 0


def test_analyse_without_storing(client: TestClient) -> None:
    answer = client.post("/v1/analyses", json={"text": CALM, "store": False})
    assert answer.status_code == 200
    assert answer.json()["id"] is None and answer.json()["stored"] is False
    assert client.get("/v1/analyses").json()["total"] == 0


def test_offsets_in_utf16_for_browsers(client: TestClient) -> None:
    text = "😀😀 " + ARTICLE
    stored = client.post("/v1/analyses", json={"text": text}).json()
    utf16 = client.get(f"/v1/analyses/{stored['id']}", params={"offsets": "utf16"}).json()
    assert utf16["offset_unit"] == "utf16"
    units = text.encode("utf-16-le")
    assert utf16["record"]["findings"]
    for f in utf16["record"]["findings"]:
        assert units[2 * f["start"] : 2 * f["end"]].decode("utf-16-le") == f["text"]
    cp = stored["record"]["findings"][0]
    first = utf16["record"]["findings"][0]
    assert first["start"] == len(text[: cp["start"]].encode("utf-16-le")) // 2


def test_analyse_html_page(client: TestClient) -> None:
    page = (
        "<html lang='en'><head><title>Shout &amp; Co</title><script>var x = 'no';</script></head>"
        f"<body><article><h1>Headline</h1><p>{ARTICLE}</p></article></body></html>"
    )
    answer = client.post("/v1/analyses/html", json={"html": page, "source": "Given Source"})
    assert answer.status_code == 201, answer.text
    record = answer.json()["record"]
    assert "var x" not in record["text"] and "traitors" in record["text"]
    assert record["source"] == "Given Source"
    assert_offsets_hold(record)


def test_upload_corpus_reports_each_document(client: TestClient) -> None:
    lines = [
        {"id": "a", "text": ARTICLE, "source": "S1"},
        {"id": "b", "text": "   "},
        {"id": "c", "text": CALM, "date": "2024-05-01"},
    ]
    data = "\n".join(json.dumps(line) for line in lines).encode()
    answer = client.post(
        "/v1/analyses/upload",
        files={"file": ("corpus.jsonl", io.BytesIO(data), "application/json")},
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["documents"], body["analysed"], body["failed"]) == (3, 2, 1)
    failed = body["results"][1]
    assert failed["ok"] is False and failed["failure"]["error"]["code"] == "E102"
    assert client.get("/v1/analyses").json()["total"] == 2


def test_batch_fails_per_item_and_respects_store(client: TestClient) -> None:
    items = [{"text": ARTICLE, "id": "x"}, {"text": "\u200b \n"}, {"text": CALM, "store": False}]
    body = client.post("/v1/analyses/batch", json={"items": items}).json()
    assert [r["ok"] for r in body["results"]] == [True, False, True]
    assert body["results"][0]["analysis"]["stored"] is True
    assert body["results"][2]["analysis"]["stored"] is False
    assert body["results"][1]["failure"]["error"]["hint"]
    assert client.get("/v1/analyses").json()["total"] == 1


def test_batch_over_the_limit(make_client: Callable[..., TestClient]) -> None:
    client = make_client(max_batch=2)
    answer = client.post("/v1/analyses/batch", json={"items": [{"text": "a b c"}] * 3})
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "E715"


def test_failed_analysis_stores_nothing(make_client: Callable[..., TestClient]) -> None:
    client = make_client(analysis_timeout=0.0001)
    answer = client.post("/v1/analyses", json={"text": ARTICLE * 5})
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "E602"
    assert client.get("/v1/analyses").json()["total"] == 0


def test_classify_a_span(client: TestClient) -> None:
    text = "😀 They are traitors and cowards, all of them."
    start = text.index("traitors and cowards")
    end = start + len("traitors and cowards")
    by_cp = client.post("/v1/classify", json={"text": text, "start": start, "end": end}).json()
    assert by_cp["text"] == "traitors and cowards"
    scores = [t["score"] for t in by_cp["techniques"]]
    assert len(scores) == 5 and scores == sorted(scores, reverse=True)
    assert by_cp["techniques"][0]["label"] == "Name_Calling-Labeling"
    assert all(t["explanation"] for t in by_cp["techniques"])
    # The same span in UTF-16 units (the emoji counts two), and on a stored text.
    stored = client.post("/v1/analyses", json={"text": text}).json()
    by_units = client.post(
        "/v1/classify",
        json={"analysis_id": stored["id"], "start": start + 1, "end": end + 1, "unit": "utf16"},
    ).json()
    assert by_units["text"] == "traitors and cowards"
    assert by_units["techniques"] == by_cp["techniques"]


def test_classify_rejects_bad_spans(client: TestClient) -> None:
    text = "😀 words"
    inside_pair = client.post(
        "/v1/classify", json={"text": text, "start": 1, "end": 4, "unit": "utf16"}
    )
    assert inside_pair.status_code == 422 and inside_pair.json()["error"]["code"] == "E719"
    too_long = client.post("/v1/classify", json={"text": text, "start": 0, "end": 99})
    assert too_long.json()["error"]["code"] == "E719"
    both = client.post(
        "/v1/classify", json={"text": text, "analysis_id": "x", "start": 0, "end": 2}
    )
    assert both.json()["error"]["code"] == "E715"
    missing = client.post("/v1/classify", json={"analysis_id": "0" * 32, "start": 0, "end": 2})
    assert missing.status_code == 404


def test_stats_facets_and_schema(client: TestClient) -> None:
    items = [
        {"text": ARTICLE, "source": "Daily Shout", "date": "2024-03-05"},
        {"text": ARTICLE, "source": "Daily Shout", "date": "2024-04-05"},
        {"text": CALM, "source": "Calm Times", "date": "2024-04-06"},
    ]
    client.post("/v1/analyses/batch", json={"items": items})
    stats = client.get("/v1/stats", params={"facet": "technique", "by": "month"}).json()
    assert stats["documents"] == 3 and stats["buckets"] == ["2024-03", "2024-04"]
    assert stats["values"]
    by_source = client.get("/v1/stats", params={"facet": "kind", "by": "source"}).json()
    assert "Daily Shout" in by_source["buckets"]
    bad = client.get("/v1/stats", params={"facet": "nope"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "E715"
    sources = client.get("/v1/facets/source").json()["values"]
    assert {"value": "Daily Shout", "documents": 2} in sources
    schema = client.get("/v1/schema").json()
    assert schema["title"].endswith("(schema 1.1)")


def test_openapi_and_docs_page(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/v1/analyses", "/v1/classify", "/v1/stats", "/v1/analyses/{analysis_id}"} <= set(
        spec["paths"]
    )
    page = client.get("/docs")
    assert page.status_code == 200 and "/v1/classify" in page.text
    assert "cdn" not in page.text.lower() and "swagger" not in page.text.lower()


def test_unknown_path_and_bad_json_have_one_shape(client: TestClient) -> None:
    answer = client.get("/v1/nothing")
    assert answer.status_code == 404
    assert answer.json()["ok"] is False and answer.json()["error"]["code"] == "E715"
    broken = client.post(
        "/v1/analyses", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert broken.status_code == 422 and broken.json()["error"]["hint"]


def test_classify_counts_like_a_browser_page(client: TestClient) -> None:
    """A selection in the web UI counts the text as parsed from HTML: CR LF is one unit."""
    text = "Title\r\n\r\n😀 They are traitors and cowards.\r\nEnd"
    stored = client.post("/v1/analyses", json={"text": text, "store": True}).json()
    shown = text.replace("\r\n", "\n")
    start = len(shown[: shown.index("traitors")].encode("utf-16-le")) // 2
    answer = client.post(
        "/v1/classify",
        json={"analysis_id": stored["id"], "start": start, "end": start + 8, "unit": "html"},
    ).json()
    assert answer["text"] == "traitors"


def test_concurrent_requests_give_the_same_records(client: TestClient) -> None:
    """Requests from four threads at once get what they get one at a time (the pipeline
    loses attribution findings when two threads share it: the server must not let them)."""
    from concurrent.futures import ThreadPoolExecutor

    texts = [ARTICLE, CALM, ARTICLE.replace("traitors", "heroes"), CALM + " " + ARTICLE]
    alone = [client.post("/v1/analyses", json={"text": t, "store": False}).json() for t in texts]
    with ThreadPoolExecutor(4) as pool:
        together = list(
            pool.map(
                lambda t: client.post("/v1/analyses", json={"text": t, "store": False}).json(),
                texts,
            )
        )
    assert [a["record"]["findings"] for a in alone] == [b["record"]["findings"] for b in together]


def test_unexpected_errors_keep_the_shape(client: TestClient, monkeypatch: Any) -> None:
    from unspun.serve.store.repository import Store

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(Store, "search", boom)
    answer = TestClient(client.app, base_url="http://127.0.0.1", raise_server_exceptions=False).get(
        "/v1/analyses"
    )
    assert answer.status_code == 500
    assert answer.json()["error"]["code"] == "E700" and "a bug" not in answer.text


def test_busy_server_answers_e716(make_client: Callable[..., TestClient]) -> None:
    """A request that waited longer than the queue timeout is not run: E716."""
    import threading
    import time

    client = make_client(queue_timeout=0.2)
    worker = client.app.state.service.analyser.worker  # type: ignore[attr-defined]
    release = threading.Event()

    async def block() -> None:
        await worker.call(lambda: release.wait(5))

    from anyio.from_thread import start_blocking_portal

    with start_blocking_portal() as portal:
        blocked = portal.start_task_soon(block)
        time.sleep(0.05)
        threading.Timer(0.6, release.set).start()
        answer = client.post("/v1/analyses", json={"text": CALM})
        blocked.result(timeout=10)
    assert answer.status_code == 503 and answer.json()["error"]["code"] == "E716"


def test_waiting_requests_are_analysed_as_one_batch(client: TestClient) -> None:
    """Requests that arrive while the worker is busy run together, each gets its own."""
    from concurrent.futures import ThreadPoolExecutor

    worker = client.app.state.service.analyser.worker  # type: ignore[attr-defined]
    texts = [f"{CALM} Number {n}." for n in range(5)]
    with ThreadPoolExecutor(5) as pool:
        answers = list(
            pool.map(lambda t: client.post("/v1/analyses", json={"text": t}).json(), texts)
        )
    assert [a["record"]["text"] for a in answers] == texts
    assert sum(worker.batches) == 5 and max(worker.batches) > 1


def test_csv_download_has_one_row_per_finding(client: TestClient) -> None:
    import csv

    from unspun.writers.csv_ import unescape_cell

    text = "😀 " + ARTICLE
    stored = client.post("/v1/analyses", json={"text": text, "source": "Daily Shout"}).json()
    record = stored["record"]
    answer = client.get(f"/v1/analyses/{stored['id']}/csv")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/csv")
    disposition = answer.headers["content-disposition"]
    assert disposition == f'attachment; filename="unspun-{stored["id"]}.csv"'
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8"), newline="")))
    assert rows and len(rows) == len(record["findings"])
    for row, finding in zip(rows, record["findings"], strict=True):
        start, end = int(row["start"]), int(row["end"])
        assert (start, end) == (finding["start"], finding["end"])
        assert text[start:end] == unescape_cell(row["text"]) == finding["text"]
        assert row["label"] == finding["label"] and row["kind"] == finding["kind"]
    missing = client.get(f"/v1/analyses/{'0' * 32}/csv")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "E714"


def test_a_timed_out_request_leaves_the_pipeline_working(
    make_client: Callable[..., TestClient],
) -> None:
    """A document over its time budget fails alone (E602, nothing stored); the same
    pipeline and worker then analyse the next request as if nothing had happened."""
    reference = make_client().post("/v1/analyses", json={"text": ARTICLE, "store": False})
    client = make_client(analysis_timeout=0.0001)
    late = client.post("/v1/analyses", json={"text": ARTICLE * 5})
    assert late.status_code == 422 and late.json()["error"]["code"] == "E602"
    analyser = client.app.state.service.analyser  # type: ignore[attr-defined]
    analyser.settings = analyser.settings.model_copy(update={"analysis_timeout": 60.0})
    after = client.post("/v1/analyses", json={"text": ARTICLE})
    assert after.status_code == 201, after.text
    assert after.json()["record"]["findings"] == reference.json()["record"]["findings"]
    assert client.get("/v1/analyses").json()["total"] == 1


def test_a_client_that_hangs_up_leaves_the_server_working(
    make_settings: Callable[..., Any], nlp: Any
) -> None:
    """A client that disconnects mid-analysis: the analysis finishes (its result is
    stored whole or not at all), and the next request gets the usual answer."""
    import time

    import httpx

    from tests.serve_helpers import LiveServer
    from unspun.serve.app import create_app

    app = create_app(make_settings(), pipeline=nlp)
    with LiveServer(app) as live:
        with httpx.Client(base_url=live.url) as http:
            reference = http.post("/v1/analyses", json={"text": ARTICLE, "store": False})
            try:
                http.post(
                    "/v1/analyses",
                    json={"text": CALM + " " + ARTICLE},
                    timeout=httpx.Timeout(10, read=0.02),
                )
            except httpx.ReadTimeout:
                pass
            else:
                raise AssertionError("the analysis should outlast a 20 ms read timeout")
        with httpx.Client(base_url=live.url, timeout=60) as http:
            after = http.post("/v1/analyses", json={"text": ARTICLE})
            assert after.status_code == 201, after.text
            assert after.json()["record"]["findings"] == reference.json()["record"]["findings"]
            time.sleep(0.2)  # the hung-up request's save, if any, is done by now
            listed = http.get("/v1/analyses").json()["items"]
            assert 1 <= len(listed) <= 2, listed
            for item in listed:
                record = http.get(f"/v1/analyses/{item['id']}").json()["record"]
                assert_offsets_hold(record)
                assert item["finding_count"] == len(record["findings"])
    app.state.service.store.close()
