"""The HTML report: segmentation of overlapping findings, rendering, and XSS safety."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.report_demo import demo_record
from unspun.model.finding import Span
from unspun.model.record import AnalysisRecord, FindingRecord
from unspun.writers import render_report
from unspun.writers.html import palette as palette_module
from unspun.writers.html.article import render_article
from unspun.writers.html.chart import Bar, bar_chart
from unspun.writers.html.safety import json_for_script, safe_href, show_controls
from unspun.writers.html.segments import Segment, build_segments

# --- segments ----------------------------------------------------------------------------


def spans_of(segments: list[Segment]) -> list[tuple[int, int, tuple[int, ...]]]:
    return [(s.start, s.end, s.covers) for s in segments]


def test_report_segments_zero_findings() -> None:
    assert build_segments(5, []) == [Segment(0, 5)]


def test_report_segments_empty_text() -> None:
    assert build_segments(0, [(0, 3)]) == []


def test_report_segments_one_finding() -> None:
    segs = build_segments(10, [(2, 5)])
    assert spans_of(segs) == [(0, 2, ()), (2, 5, (0,)), (5, 10, ())]
    assert segs[1].first_of == (0,)


def test_report_segments_identical_spans() -> None:
    segs = build_segments(6, [(1, 4), (1, 4)])
    assert spans_of(segs) == [(0, 1, ()), (1, 4, (0, 1)), (4, 6, ())]
    assert segs[1].first_of == (0, 1)


def test_report_segments_nested_outermost_first() -> None:
    # The inner finding comes first in the list; covers still go outermost -> innermost.
    segs = build_segments(10, [(3, 5), (0, 10)])
    assert spans_of(segs) == [(0, 3, (1,)), (3, 5, (1, 0)), (5, 10, (1,))]
    assert [s.first_of for s in segs] == [(1,), (0,), ()]


def test_report_segments_crossing() -> None:
    segs = build_segments(10, [(2, 7), (4, 9)])
    assert spans_of(segs) == [
        (0, 2, ()),
        (2, 4, (0,)),
        (4, 7, (0, 1)),
        (7, 9, (1,)),
        (9, 10, ()),
    ]
    assert [s.first_of for s in segs] == [(), (0,), (1,), (), ()]


def test_report_segments_at_start_and_end() -> None:
    segs = build_segments(5, [(0, 2), (3, 5)])
    assert spans_of(segs) == [(0, 2, (0,)), (2, 3, ()), (3, 5, (1,))]
    assert spans_of(build_segments(3, [(0, 3)])) == [(0, 3, (0,))]


def test_report_segments_touching_spans_do_not_overlap() -> None:
    segs = build_segments(6, [(0, 3), (3, 6)])
    assert spans_of(segs) == [(0, 3, (0,)), (3, 6, (1,))]


def test_report_segments_scopes() -> None:
    segs = build_segments(10, [(3, 5), (6, 7)], [(0, 8), None])
    assert [(s.start, s.end, s.covers, s.scopes) for s in segs] == [
        (0, 3, (), (0,)),
        (3, 5, (0,), (0,)),
        (5, 6, (), (0,)),
        (6, 7, (1,), (0,)),
        (7, 8, (), (0,)),
        (8, 10, (), ()),
    ]


def test_report_segments_clip_damaged_spans() -> None:
    segs = build_segments(5, [(3, 9), (7, 9)])
    assert spans_of(segs) == [(0, 3, ()), (3, 5, (0,))]


def test_report_segments_astral_and_combining_characters() -> None:
    text = "a🙂e\u0301b"  # code points: a, 🙂, e, U+0301, b (🙂 is 2 UTF-16 units)
    spans = [(1, 2), (2, 4)]
    segs = build_segments(len(text), spans)
    assert [text[s.start : s.end] for s in segs] == ["a", "🙂", "e\u0301", "b"]
    html = str(render_article(text, segs, ["#112233", "#445566"]))
    assert re.search(r"<mark [^>]*>🙂</mark>", html)
    assert re.search("<mark [^>]*>e\u0301</mark>", html)


@given(
    st.integers(min_value=0, max_value=40).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(
                st.tuples(st.integers(0, n), st.integers(0, n))
                .filter(lambda t: t[0] < t[1])
                .map(tuple),
                max_size=8,
            ),
        )
    )
)
def test_report_segments_partition_property(case: tuple[int, list[tuple[int, int]]]) -> None:
    length, spans = case
    segs = build_segments(length, spans)
    assert [s.start for s in segs[1:]] == [s.end for s in segs[:-1]]
    if length:
        assert segs[0].start == 0 and segs[-1].end == length
    for seg in segs:
        expected = {i for i, (a, b) in enumerate(spans) if a <= seg.start and seg.end <= b}
        assert set(seg.covers) == expected
        for i, (a, b) in enumerate(spans):
            assert not (a < seg.end and seg.start < b) or i in seg.covers  # no partial cover
        lengths = [spans[i][1] - spans[i][0] for i in seg.covers]
        assert lengths == sorted(lengths, reverse=True)


# --- parsing the page --------------------------------------------------------------------


class Page(HTMLParser):
    """Collects what matters for safety checks while parsing a report."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None
        self._script_text: list[str] = []
        self._article_depth = 0
        self.article: list[str] = []
        self.title_text: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        data = dict(attrs)
        self.tags.append((tag, data))
        if tag == "script":
            self._script, self._script_text = data, []
        if tag == "title":
            self._in_title = True
        if tag == "article" or self._article_depth:
            self._article_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._script_text)))
            self._script = None
        if tag == "title":
            self._in_title = False
        if self._article_depth:
            self._article_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)
        if self._article_depth:
            self.article.append(data)
        if self._in_title:
            self.title_text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def csp_nonce(page: Page) -> str:
    csp = [
        a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert len(csp) == 1
    content = csp[0]["content"] or ""
    assert "default-src 'none'" in content and "img-src data:" in content
    match = re.search(r"script-src 'nonce-([A-Za-z0-9_-]+)'", content)
    assert match
    return match.group(1)


def assert_inert(html: str) -> Page:
    """Only our nonce'd script runs; no handler attributes, no script URLs, no images."""
    page = parse(html)
    nonce = csp_nonce(page)
    executable = [
        (attrs, body)
        for attrs, body in page.scripts
        if (attrs.get("type") or "text/javascript") not in ("application/json",)
    ]
    assert len(executable) == 1
    attrs, _ = executable[0]
    assert attrs.get("nonce") == nonce and "src" not in attrs
    data_scripts = [a for a, _ in page.scripts if a.get("type") == "application/json"]
    assert len(data_scripts) == 1
    for tag, attrs_ in page.tags:
        assert tag not in ("img", "iframe", "object", "embed", "base", "form", "video", "audio")
        for name, value in attrs_.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                assert value is not None
                assert value.startswith(("https://", "http://", "#", "data:,")), (tag, value)
    return page


# --- rendering ---------------------------------------------------------------------------


def test_report_article_text_is_complete() -> None:
    record = demo_record()
    page = assert_inert(render_report(record))
    assert "".join(page.article) == record.text


def test_report_highlights_every_finding() -> None:
    record = demo_record()
    html = render_report(record)
    page = parse(html)
    marks = [attrs for tag, attrs in page.tags if tag == "mark"]
    for i, finding in enumerate(record.findings):
        covering = [m for m in marks if str(i) in (m["data-f"] or "").split()]
        assert covering, finding.label
        # Every finding begins at a tab stop; its other segments are not tab stops.
        assert covering[0]["tabindex"] == "0"
        depth = len((covering[0]["data-f"] or "").split())
        assert f"d{min(depth, 4)}" in (covering[0]["class"] or "").split()
    assert sum(m["tabindex"] == "0" for m in marks) == len({f.start for f in record.findings})
    assert 'role="tooltip"' in html


def test_report_data_island() -> None:
    record = demo_record()
    page = parse(render_report(record))
    ((_, body),) = [(a, b) for a, b in page.scripts if a.get("type") == "application/json"]
    data = json.loads(body)
    assert len(data["findings"]) == len(record.findings)
    assert {f["l"] for f in data["findings"]} == {f.label for f in record.findings}


def test_report_nonce_changes() -> None:
    record = demo_record()
    assert csp_nonce(parse(render_report(record))) != csp_nonce(parse(render_report(record)))


def test_report_sources_panel_lists_weak_sourcing_first() -> None:
    html = render_report(demo_record())
    order = re.findall(r'<div class="group" data-label="([^"]+)"', html)
    assert order == ["vague", "anonymous", "official", "named"]


def test_report_without_text() -> None:
    html = render_report(demo_record(), include_text=False)
    page = assert_inert(html)
    assert not any(tag == "article" for tag, _ in page.tags)
    assert "--no-text" in html
    assert "reckless, corrupt council" in html  # the list still quotes


def test_report_no_findings() -> None:
    record = AnalysisRecord(id="x", lang=None, text="Plain text.\nSecond line.", length=24)
    page = assert_inert(render_report(record))
    assert "".join(page.article) == "Plain text.\nSecond line."


def test_report_links_only_http_urls() -> None:
    record = demo_record()
    html = render_report(record)
    assert f'href="{record.url}"' in html
    bad = record.model_copy(update={"url": "javascript:alert(1)"})
    html = render_report(bad)
    assert 'href="javascript' not in html.lower()
    assert "javascript:alert(1)" in html  # shown as text


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a?b=1", True),
        ("HTTP://example.org", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//evil.example", False),
        ("https://", False),
        ("https://exa mple.org", False),
        ("https://example.org/\u202e", False),
        (None, False),
    ],
)
def test_report_safe_href(url: str | None, ok: bool) -> None:
    assert (safe_href(url) is not None) is ok


def test_report_json_for_script_escapes() -> None:
    out = str(json_for_script({"a": "</script><b>&\u2028\u2029"}))
    assert "<" not in out and ">" not in out and "&" not in out
    assert "\u2028" not in out and "\u2029" not in out
    assert json.loads(out) == {"a": "</script><b>&\u2028\u2029"}


def test_report_bidi_controls_are_shown_not_obeyed() -> None:
    text = "Pay \u202eecnalab\u202c now. \u2066isolated\u2069 end"
    record = AnalysisRecord(
        id="bidi\u202e",
        title="Title \u202eevil",
        lang="en",
        text=text,
        length=len(text),
        findings=[
            FindingRecord(
                start=4,
                end=14,
                text=text[4:14],
                kind="technique",
                label="x\u202ey",
                score=0.5,
                detector="d",
                detector_version="1",
            )
        ],
    )
    html = render_report(record)
    # Controls may remain where nothing is displayed: script data, filter values, data-*.
    shown = re.sub(r"<script[^>]*>.*?</script>", "", html, flags=re.S)
    shown = re.sub(r' (?:value|data-[a-z]+)="[^"]*"', "", shown)
    for char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        assert char not in shown
    assert 'data-ctl="RLO"' in html and 'data-ctl="LRI"' in html
    assert "RIGHT-TO-LEFT OVERRIDE" in html
    assert "unicode-bidi: isolate" in html
    assert "[RLO]" in html  # in the script data (plain text for the tooltip)


def test_report_show_controls_escapes() -> None:
    assert str(show_controls("<b>\u202e</b>")).startswith('&lt;b&gt;<span class="ctl"')


def test_report_rtl_language_sets_direction() -> None:
    record = AnalysisRecord(id="ar", lang="ar", text="مرحبا بالعالم", length=13)
    assert 'dir="rtl"' in render_report(record)
    weird = record.model_copy(update={"lang": 'en" onload="x'})
    html = render_report(weird)
    assert not re.search(r"<article[^>]* lang=", html)
    assert_inert(html)


def test_report_chart_escapes_and_counts() -> None:
    svg = str(bar_chart("t<", [Bar("<b>x</b>", 3, "#112233"), Bar("y", 1, "#445566")]))
    assert "<b>" not in svg and "&lt;b&gt;x" in svg
    assert ">3</text>" in svg and ">1</text>" in svg


def test_report_chart_collapses_long_tail() -> None:
    bars = [Bar(f"label {n}", 1, "#112233") for n in range(30)]
    svg = str(bar_chart("t", bars, limit=5))
    assert "25 more" in svg


def test_report_works_when_taxonomy_breaks(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        def category_of(self, label: str) -> Any:
            raise RuntimeError("boom")

        def find_technique(self, label: str) -> Any:
            return object()

        def explain(self, label: str) -> Any:
            return 42

        def get_category(self, name: str) -> Any:
            class Weird:
                id = "x"
                color = "red; background: url(http://evil)"

            return Weird()

    monkeypatch.setattr(palette_module, "_taxonomy", lambda: Broken())
    html = render_report(demo_record())
    assert "url(http" not in html
    assert_inert(html)
    assert palette_module.KIND_COLOURS["technique"] in html


def test_report_works_without_taxonomy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(palette_module, "_taxonomy", lambda: None)
    html = render_report(demo_record())
    assert "Loaded language" in html  # humanised label


# --- XSS ---------------------------------------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script><script>alert(1)</script>",
    "'><svg onload=alert(1)>",
    "\u2028\u2029</ScRiPt >",
    "{{ 7*7 }}",
]


def xss_record() -> AnalysisRecord:
    text = "\n".join(f"Line {n}: {p}" for n, p in enumerate(PAYLOADS)) + "\nend"
    findings = []
    for n, payload in enumerate(PAYLOADS):
        start = text.index(payload)
        findings.append(
            FindingRecord(
                start=start,
                end=start + len(payload),
                text=payload,
                kind=payload if n % 2 else "technique",
                label=payload,
                category=payload,
                score=0.9,
                detector=payload,
                detector_version=payload,
                explanation=payload,
                scope=Span(start=0, end=len(text)),
                attrs={"x": payload, payload: [payload]},
            )
        )
    return AnalysisRecord(
        id=PAYLOADS[1],
        lang=PAYLOADS[0],
        title=PAYLOADS[2],
        source=PAYLOADS[1],
        url="javascript:alert(1)",
        date=PAYLOADS[3],
        authors=[PAYLOADS[0]],
        meta={"k": PAYLOADS[0]},
        text=text,
        length=len(text),
        findings=findings,
    )


def test_report_xss_payloads_stay_text() -> None:
    record = xss_record()
    html = render_report(record)
    page = assert_inert(html)
    for payload in PAYLOADS[:4]:
        assert payload not in html
    assert "".join(page.article) == record.text
    assert "".join(page.title_text).startswith(PAYLOADS[2])
    assert "49" not in "".join(page.title_text)


def test_report_xss_data_island_round_trips() -> None:
    page = parse(render_report(xss_record()))
    ((_, body),) = [(a, b) for a, b in page.scripts if a.get("type") == "application/json"]
    assert "<" not in body and "\u2028" not in body
    data = json.loads(body)
    assert {f["e"] for f in data["findings"]} == set(PAYLOADS)
