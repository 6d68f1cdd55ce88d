"""The web UI in a real headless Chromium against a real uvicorn server.

Covers: analyse (paste), filters and hover/focus explanations, select-to-classify (with
characters outside the BMP before the selection), library search, trends. Screenshots
go to ``.cache/screenshots/serve/``. Needs Debian's Chromium at /usr/bin/chromium and the
``playwright`` package; skipped otherwise. Run with ``pytest -m browser``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ROOT
from tests.serve_helpers import ARTICLE, CALM, LiveServer
from unspun.serve.app import create_app
from unspun.serve.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = ROOT / ".cache" / "screenshots" / "serve"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Chromium at /usr/bin/chromium"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")

SEED = [
    {"text": ARTICLE, "title": "The regime lies", "source": "Daily Shout", "date": "2024-01-10"},
    {
        "text": ARTICLE.replace("traitors", "cowards"),
        "title": "Cowards",
        "source": "Daily Shout",
        "date": "2024-02-12",
    },
    {"text": CALM, "title": "Road repairs", "source": "Calm Times", "date": "2024-02-20"},
    {
        "text": "Only a fool would believe the ministry. The traitors must go now, say millions.",
        "title": "<script>alert('title')</script>",
        "source": "Shout Weekly",
        "date": "2024-03-03",
    },
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Iterator[LiveServer]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("serve-data"))
    app = create_app(settings, pipeline=nlp)
    with LiveServer(app) as live:
        import httpx

        answer = httpx.post(f"{live.url}/v1/analyses/batch", json={"items": SEED}, timeout=120)
        assert answer.status_code == 200 and answer.json()["failed"] == 0
        yield live


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, server: LiveServer) -> Iterator[Any]:
    """A page that records dialogs, console errors (CSP violations included) and requests
    to anywhere but our server."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1366, "height": 800})
    page.problems = []
    page.on("dialog", lambda d: (page.problems.append(f"dialog {d.message}"), d.dismiss()))
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on(
        "request",
        lambda r: None if r.url.startswith((server.url, "data:")) else page.problems.append(r.url),
    )
    yield page
    assert page.problems == []
    page.close()


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def analyse(page: Any, server: LiveServer, text: str, title: str) -> None:
    page.goto(server.url + "/")
    page.fill("#text", text)
    page.click("summary")
    page.fill("#title", title)
    page.fill("#source", "Test Desk")
    page.click("#analyse-button")
    page.wait_for_url("**/a/*", timeout=60_000)


def test_analyse_and_filter(page: Any, server: LiveServer) -> None:
    analyse(page, server, ARTICLE, "Pasted article")
    assert page.text_content("h1") == "Pasted article"
    marks = page.locator("#article mark.seg")
    assert marks.count() > 0
    total = page.locator("li.finding").count()
    assert page.text_content("#visible-count") == f"{total} of {total} findings shown"
    shot(page, "analysis")
    # Explanation on keyboard focus: tab into the text.
    marks.first.focus()
    assert page.is_visible("#tip") and page.text_content("#tip .tip-name")
    shot(page, "analysis-tip")
    # Filter by kind, then by confidence.
    kinds = page.locator("input[data-filter='kind']")
    kinds.first.uncheck()
    shown = int(page.text_content("#visible-count").split()[0])
    assert shown < total
    page.click("#reset-filters")
    page.locator("#min-score").fill("0.95")
    page.dispatch_event("#min-score", "input")
    strong = int(page.text_content("#visible-count").split()[0])
    assert strong < total
    assert page.locator("li.finding:not([hidden])").count() == strong


SELECT = """([needle]) => {
  /* Select the needle as a reader would, across highlight elements. */
  const article = document.getElementById('article');
  const at = article.textContent.indexOf(needle);
  if (at < 0) { return false; }
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let seen = 0, node, started = false;
  while ((node = walker.nextNode())) {
    const next = seen + node.data.length;
    if (!started && at < next) { range.setStart(node, at - seen); started = true; }
    const end = at + needle.length;
    if (started && end <= next) { range.setEnd(node, end - seen); break; }
    seen = next;
  }
  const sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
  return sel.toString() === needle;
}"""


def test_select_text_and_ask_which_technique(page: Any, server: LiveServer) -> None:
    text = "😀😀 Plain words first. " + ARTICLE
    analyse(page, server, text, "Emoji first")
    needle = "Only a fool would trust them now"
    assert page.evaluate(SELECT, [needle])
    # a locator wait, not wait_for_function: polling a string predicate needs eval, which
    # the page's CSP (script-src 'self') refuses when the button is not enabled at once
    page.locator("#classify-button").wait_for(state="visible")
    for _ in range(100):
        if page.locator("#classify-button").is_enabled():
            break
        page.wait_for_timeout(50)
    assert page.locator("#classify-button").is_enabled()
    assert page.is_visible("#float-classify")
    page.click("#classify-button")
    page.wait_for_selector("#classify-result ol li")
    # The server read back exactly the words selected: the UTF-16 offsets were right.
    assert page.text_content("#classify-result .quote") == needle
    ranked = page.locator("#classify-result li .name")
    assert ranked.count() == 5
    shot(page, "classify")


def test_library_search_and_filter(page: Any, server: LiveServer) -> None:
    page.goto(server.url + "/library")
    rows = page.locator("table.library-table tbody tr")
    assert rows.count() >= 4
    page.fill("#q", "road repairs")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**/library?*")
    assert rows.count() == 1 and "Road repairs" in rows.first.text_content()
    page.goto(server.url + "/library")
    page.select_option("#f-source", "Daily Shout")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**source=Daily+Shout**")
    titles = [t.strip() for t in page.locator("td.doc-title").all_text_contents()]
    assert set(titles) >= {"The regime lies", "Cowards"} and "Road repairs" not in titles
    page.goto(server.url + "/library")
    assert page.locator("td.doc-title", has_text="<script>alert('title')</script>").count() == 1
    shot(page, "library")


def test_trends_page(page: Any, server: LiveServer) -> None:
    page.goto(server.url + "/trends")
    assert page.locator("svg.trend polyline").count() >= 1
    ticks = page.locator("svg.trend text.tick").all_text_contents()
    assert "2024-01" in ticks  # the first month of the seeded articles
    months = page.locator(".trend-box details tbody th").all_text_contents()
    assert months[:3] == ["2024-01", "2024-02", "2024-03"]  # an even axis, no gaps
    assert page.locator("table.heat tbody tr").count() >= 2
    page.screenshot(path=str(SHOTS / "trends.png"), full_page=True)
    page.select_option("#facet", "attribution")
    page.click("form.filters-form button.primary")
    page.wait_for_url("**facet=attribution**")
    assert page.locator("svg.trend").count() == 1
    shot(page, "trends-attribution")


def test_keyboard_reaches_the_form_and_nav(page: Any, server: LiveServer) -> None:
    page.goto(server.url + "/")
    shot(page, "home")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "text":
            break
    assert page.evaluate("document.activeElement.id") == "text"


def test_sign_in_then_analyse_and_classify(
    browser: Any, tmp_path_factory: pytest.TempPathFactory, nlp: Any
) -> None:
    """A server with tokens: the login page, the cookie, a form post and a script call."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("serve-auth"), tokens=("desk-token-42",))
    app = create_app(settings, pipeline=nlp)
    with LiveServer(app) as live:
        page = browser.new_page(viewport={"width": 1366, "height": 800})
        problems: list[str] = []
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(live.url + "/library")
        assert page.url.startswith(live.url + "/login")
        page.fill("#token", "wrong")
        page.click("button[type=submit]")
        assert page.is_visible("[role=alert]")
        page.fill("#token", "desk-token-42")
        page.click("button[type=submit]")
        page.wait_for_url("**/library")
        shot(page, "signed-in-library")
        analyse(page, live, ARTICLE, "Signed in")
        assert page.evaluate(SELECT, ["the traitors in the capital"])
        page.click("#classify-button")
        page.wait_for_selector("#classify-result ol li")
        assert page.text_content("#classify-result .quote") == "the traitors in the capital"
        page.click("text=Sign out")
        page.goto(live.url + "/library")
        assert page.url.startswith(live.url + "/login")
        page.close()
        assert problems == []


def test_keyboard_only_classification(page: Any, server: LiveServer) -> None:
    """Without a mouse: type words from the text, press Enter, read the answer."""
    analyse(page, server, "😀 " + ARTICLE, "Keyboard")
    page.focus("#find-words")
    page.keyboard.type("either we act today or we lose everything")
    page.keyboard.press("Enter")
    page.wait_for_selector("#classify-result ol li")
    quote = page.text_content("#classify-result .quote")
    assert quote == "either we act today or we lose everything"
    assert page.evaluate("window.getSelection().toString()") == quote
    page.fill("#find-words", "not in this text at all")
    page.keyboard.press("Enter")
    assert page.text_content("#find-status") == "These words are not in the text."
    shot(page, "classify-keyboard")
