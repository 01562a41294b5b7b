"""The published report in headless Chromium: what a person sees, in both languages, on a desktop and a phone.

Chromium is Debian's (`make browser` / `bash .ci/install-chromium`), never `playwright install`.
Screenshots are kept in test-artifacts/ (report-desktop.png, report-phone-en.png).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.faces.conftest import GDP_GROWTH, RETAIL_LEVEL

LABELS = {
    "achieved": ("已完成", "Achieved"),
    "on_track": ("符合进度", "On track"),
    "at_risk": ("有风险", "At risk"),
    "off_track": ("落后", "Off track"),
    "missed": ("未完成", "Missed"),
    "no_data": ("无数据", "No data"),
}

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("pipeline")]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("TARGETWATCH_SKIP_BROWSER") == "1":
            pytest.skip("chromium not installed and TARGETWATCH_SKIP_BROWSER=1")
        pytest.fail(
            f"chromium not found at {CHROMIUM}: install it with `make browser` (bash .ci/install-chromium), "
            "or set TARGETWATCH_SKIP_BROWSER=1 to skip the browser tests",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def open_report(browser, path: Path, width: int, height: int = 900):
    """A page with the report, and every URL the page asked for (it must ask for nothing but itself)."""
    page = browser.new_page(viewport={"width": width, "height": height})
    requested: list[str] = []

    def record(route):
        requested.append(route.request.url)
        if route.request.url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", record)
    page.goto(path.as_uri())
    return page, requested


def test_the_report_reads_right_in_chromium(browser, published_run, mart, artifacts_dir):
    report = published_run.settings.report_path
    page, requested = open_report(browser, report, 1280)
    try:
        # nothing fetched but the file itself: self-contained
        assert requested == [report.as_uri()]
        # the summary shows the mart's counts
        counts = dict(mart.execute("select status, count(*) from target_status_latest group by 1").fetchall())
        for status, (zh, _) in LABELS.items():
            card = page.locator(f'.card[data-status="{status}"]')
            assert card.locator(".num").inner_text() == str(counts.get(status, 0))
            assert card.inner_text().split("\n")[-1] == zh
        assert page.locator("#synthetic-banner").is_visible()
        assert "合成示例数据" in page.locator("#synthetic-banner").inner_text()
        # a known target's row: Chinese first
        title_zh, title_en, status, reason_zh, reason_en = mart.execute(
            "select title_zh, title_en, status, reason_zh, reason_en from target_status_latest where target_id = ?",
            [GDP_GROWTH],
        ).fetchone()
        row = page.locator(f'article[data-target-id="{GDP_GROWTH}"]')
        row.scroll_into_view_if_needed()
        assert row.is_visible()
        text = row.inner_text()
        assert title_zh in text and reason_zh in text and LABELS[status][0] in text
        assert title_en not in text
        # charts are drawn (inline SVG with a size)
        chart = page.locator(f'figure[data-target-id="{RETAIL_LEVEL}"] svg')
        box = chart.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 80
        page.screenshot(path=str(artifacts_dir / "report-desktop.png"), full_page=True)
        # the language switch
        page.click("label[for=lang-en]")
        text = row.inner_text()
        assert title_en in text and reason_en in text and LABELS[status][1] in text
        assert title_zh not in text
        assert page.locator(f'.card[data-status="{status}"]').inner_text().split("\n")[-1] == LABELS[status][1]
        page.click("label[for=lang-zh]")
        assert title_zh in row.inner_text()
    finally:
        page.close()


def test_the_report_fits_a_phone(browser, published_run, mart, artifacts_dir):
    page, _ = open_report(browser, published_run.settings.report_path, 390, 844)
    try:
        page.click("label[for=lang-en]")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page is {width}px wide on a 390px phone: something overflows"
        row = page.locator(f'article[data-target-id="{RETAIL_LEVEL}"]')
        row.scroll_into_view_if_needed()
        box = row.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
        title_en = mart.execute("select title_en from targets where target_id = ?", [RETAIL_LEVEL]).fetchone()[0]
        assert title_en in row.inner_text()
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(artifacts_dir / "report-phone-en.png"))
    finally:
        page.close()
