"""The report in a real headless Chromium: no script injection, working filters, keyboard use.

Needs Debian's Chromium at /usr/bin/chromium (``apt-get install chromium``) and the
``playwright`` Python package; skipped otherwise. Run only these with ``pytest -m browser``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.report_demo import demo_record
from unspun.model.record import AnalysisRecord, FindingRecord
from unspun.writers import render_report

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Chromium at /usr/bin/chromium (apt-get install chromium)",
    ),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")


@dataclass
class Opened:
    page: object
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_report(
    browser: object, tmp_path: Path
) -> Iterator[Callable[[AnalysisRecord | str], Opened]]:
    pages: list[object] = []

    def open_(record: AnalysisRecord | str) -> Opened:
        html = record if isinstance(record, str) else render_report(record)
        path = tmp_path / "report.html"
        path.write_text(html, encoding="utf-8")
        page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
        pages.append(page)
        opened = Opened(page)

        def on_dialog(dialog: object) -> None:
            opened.dialogs.append(dialog.message)  # type: ignore[attr-defined]
            dialog.dismiss()  # type: ignore[attr-defined]

        page.on("dialog", on_dialog)
        page.on(
            "console",
            lambda m: opened.errors.append(m.text) if m.type in ("error", "warning") else None,
        )
        page.on("pageerror", lambda e: opened.errors.append(str(e)))
        page.on(
            "request",
            lambda r: (
                opened.requests.append(r.url) if not r.url.startswith(("file:", "data:")) else None
            ),
        )
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        return opened

    yield open_
    for page in pages:
        page.close()  # type: ignore[attr-defined]


PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "</script><script>alert(3)</script>",
    "'><svg onload=alert(4)>",
    "\u2028<img src=x onerror=alert(5)>\u2029",
]


def xss_record() -> AnalysisRecord:
    text = (
        "🙂🙂 e\u0301 loaded words here\n" + "\n".join(PAYLOADS) + "\n\u202eright-to-left\u202c end"
    )
    findings = [
        FindingRecord(
            start=text.index("loaded words"),
            end=text.index("loaded words") + 12,
            text="loaded words",
            kind="technique",
            label="Loaded_Language",
            category="manipulative_wording",
            score=0.7,
            detector="d",
            detector_version="1",
            explanation="<img src=x onerror=alert(6)>",
        )
    ]
    for payload in PAYLOADS:
        start = text.index(payload)
        findings.append(
            FindingRecord(
                start=start,
                end=start + len(payload),
                text=payload,
                kind="technique",
                label=payload,
                category=payload,
                score=0.5,
                detector=payload,
                detector_version="1",
                explanation=payload,
                attrs={payload: payload},
            )
        )
    return AnalysisRecord(
        id=PAYLOADS[1],
        lang="en",
        title=PAYLOADS[2],
        source=PAYLOADS[0],
        url="javascript:alert(7)",
        date=PAYLOADS[3],
        authors=[PAYLOADS[4]],
        text=text,
        length=len(text),
        findings=findings,
    )


def test_report_browser_detects_dialogs(
    open_report: Callable[[AnalysisRecord | str], Opened],
) -> None:
    # Control: the harness does notice a script that runs.
    opened = open_report("<!doctype html><script>alert('ran')</script><p>x</p>")
    assert opened.dialogs == ["ran"]


def visible_count(page: object) -> int:
    text = page.locator("#visible-count").inner_text()  # type: ignore[attr-defined]
    return int(text.split()[0])


def test_report_browser_xss_payloads_do_not_run(
    open_report: Callable[[AnalysisRecord | str], Opened], tmp_path: Path
) -> None:
    opened = open_report(xss_record())
    page = opened.page
    # Interact so that the script puts every payload into the tooltip too.
    tips = []
    for seg in page.locator("mark.seg").all():  # type: ignore[attr-defined]
        seg.hover()
        seg.focus()
        tips.append(page.locator("#tip").inner_text())  # type: ignore[attr-defined]
    for button in page.locator("button.pick").all():  # type: ignore[attr-defined]
        button.click()
    page.wait_for_timeout(200)  # type: ignore[attr-defined]
    # Our script ran (under the CSP) and showed the payloads as text.
    assert "<img src=x onerror=alert(6)>" in tips[0]
    assert any(PAYLOADS[0] in tip for tip in tips)
    page.screenshot(path=str(tmp_path / "xss.png"), full_page=True)  # type: ignore[attr-defined]
    assert opened.dialogs == []
    assert opened.errors == []
    assert opened.requests == []
    assert page.locator("a[href^='javascript']").count() == 0  # type: ignore[attr-defined]
    assert page.locator("img").count() == 0  # type: ignore[attr-defined]
    # Offsets survive astral characters: the highlight holds exactly the finding's text.
    assert page.locator("mark.seg").first.text_content() == "loaded words"  # type: ignore[attr-defined]
    # The direction override is shown, not obeyed.
    article = page.locator("#article").text_content()  # type: ignore[attr-defined]
    assert "\u202e" not in article and page.locator(".ctl").count() == 2  # type: ignore[attr-defined]


def test_report_browser_filters_and_slider(
    open_report: Callable[[AnalysisRecord | str], Opened], tmp_path: Path
) -> None:
    record = demo_record()
    opened = open_report(record)
    page = opened.page
    total = len(record.findings)
    assert visible_count(page) == total
    attributions = sum(f.kind == "attribution" for f in record.findings)

    page.uncheck("input[data-filter='kind'][value='attribution']")  # type: ignore[attr-defined]
    assert visible_count(page) == total - attributions
    hidden_items = page.locator("li.finding[hidden]").count()  # type: ignore[attr-defined]
    assert hidden_items == attributions
    page.check("input[data-filter='kind'][value='attribution']")  # type: ignore[attr-defined]

    page.fill("#min-score", "0.8")  # type: ignore[attr-defined]
    assert visible_count(page) == sum(f.score >= 0.8 for f in record.findings)
    assert page.locator("#min-score-value").inner_text() == "0.80"  # type: ignore[attr-defined]
    page.focus("#min-score")  # type: ignore[attr-defined]
    page.keyboard.press("End")  # type: ignore[attr-defined]
    assert visible_count(page) == 0
    assert page.locator("mark.seg:not(.off)").count() == 0  # type: ignore[attr-defined]

    page.click("#reset-filters")  # type: ignore[attr-defined]
    assert visible_count(page) == total
    page.click("summary:has-text('Labels by category')")  # type: ignore[attr-defined]
    page.uncheck("input[data-filter='label'][value='Loaded_Language']")  # type: ignore[attr-defined]
    assert visible_count(page) == total - sum(f.label == "Loaded_Language" for f in record.findings)
    for category in ("verifiable_source", "unverifiable_source"):
        page.uncheck(f"input[data-filter='cat'][value='{category}']")  # type: ignore[attr-defined]
    assert visible_count(page) == total - sum(
        f.label == "Loaded_Language" or f.kind == "attribution" for f in record.findings
    )
    page.screenshot(path=str(tmp_path / "filtered.png"))  # type: ignore[attr-defined]
    assert opened.errors == [] and opened.dialogs == [] and opened.requests == []


def test_report_browser_keyboard(
    open_report: Callable[[AnalysisRecord | str], Opened], tmp_path: Path
) -> None:
    record = demo_record()
    opened = open_report(record)
    page = opened.page
    for _ in range(10):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        if page.evaluate("document.activeElement.classList.contains('seg')"):  # type: ignore[attr-defined]
            break
    else:
        pytest.fail("Tab never reached a highlight")
    first = record.findings[0]
    tip = page.locator("#tip")  # type: ignore[attr-defined]
    assert tip.is_visible()
    assert tip.get_attribute("role") == "tooltip"
    assert first.explanation and first.explanation in tip.inner_text()
    assert page.evaluate("document.activeElement.getAttribute('aria-describedby')") == "tip"  # type: ignore[attr-defined]
    page.screenshot(path=str(tmp_path / "keyboard.png"))  # type: ignore[attr-defined]
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    assert not tip.is_visible()

    # Enter on a list entry moves focus to its highlight and shows its explanation.
    target = next(i for i, f in enumerate(record.findings) if f.label == "Whataboutism")
    page.focus(f"#item-{target} .pick")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_timeout(600)  # type: ignore[attr-defined]
    focused = page.evaluate("document.activeElement.getAttribute('data-f')")  # type: ignore[attr-defined]
    assert str(target) in focused.split()
    explanation = record.findings[target].explanation
    assert explanation and explanation in tip.inner_text()
    assert page.locator(f"#item-{target}.sel").count() == 1  # type: ignore[attr-defined]
    assert opened.errors == [] and opened.dialogs == []


def test_report_browser_scope_shown_on_selection(
    open_report: Callable[[AnalysisRecord | str], Opened],
) -> None:
    record = demo_record()
    page = open_report(record).page
    target = next(i for i, f in enumerate(record.findings) if f.label == "vague")
    page.click(f".panel-entry[data-i='{target}'] .pick")  # type: ignore[attr-defined]
    scope = record.findings[target].scope
    assert scope is not None and record.text is not None
    shown = "".join(page.locator(".in-scope").all_text_contents())  # type: ignore[attr-defined]
    finding_text = record.findings[target].text
    assert shown.replace(finding_text, "", 1) in record.text[scope.start : scope.end]
    assert len(shown) == scope.end - scope.start
