"""Plant each anomaly in a copy of the sample data: exactly the matching check fails, nothing is
published and the previous mart is unchanged; a planted warning is reported and the publish goes ahead."""

import hashlib
import re
import shutil

import pytest

from tests.quality.gate_harness import (
    add_release,
    copy_site,
    edit_page,
    page_titled,
    run_gate,
    set_table_cell,
    settings_for,
    table_cell,
    unlink_release,
)

pytestmark = pytest.mark.slow


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    root = tmp_path_factory.mktemp("baseline")
    settings = settings_for(root / "home", copy_site(root / "site"))
    gate = run_gate(settings)
    assert gate.failed_checks == set(), gate.outcomes
    assert gate.publication is not None
    return settings


@pytest.fixture
def planted(baseline, tmp_path):
    """A fresh data directory whose published/ is the baseline's, and a private copy of the site."""
    site = copy_site(tmp_path / "site")
    settings = settings_for(tmp_path / "home", site)
    shutil.copytree(baseline.published_dir, settings.published_dir, symlinks=True)
    return settings, site


def assert_blocked_by(gate, settings, baseline, expected):
    assert gate.failed_checks == {expected}
    assert gate.publication is None
    assert digest(settings.published_mart_path) == digest(baseline.published_mart_path)
    assert digest(settings.report_path) == digest(baseline.report_path)


def test_a_ytd_drop_blocks(planted, baseline):
    settings, site = planted
    may = table_cell(_decoded(page_titled(site, "2024年1-5月主要经济指标")), "社会消费品零售总额", 3)
    edit_page(
        page_titled(site, "2024年1-6月主要经济指标"),
        lambda html: set_table_cell(html, "社会消费品零售总额", 3, f"{float(may) - 50:.1f}"),
    )
    assert_blocked_by(run_gate(settings), settings, baseline, "ytd_non_decreasing")


def test_a_wan_yuan_row_among_yi_yuan_blocks(planted, baseline):
    settings, site = planted
    edit_page(
        page_titled(site, "2024年1-2月主要经济指标"), lambda html: html.replace("进出口总额(亿元)", "进出口总额(万元)")
    )
    assert_blocked_by(run_gate(settings), settings, baseline, "unit_magnitude")


def test_a_missing_month_blocks(planted, baseline):
    settings, site = planted
    unlink_release(site, page_titled(site, "2024年1-5月主要经济指标"))
    assert_blocked_by(run_gate(settings), settings, baseline, "ytd_no_gaps")


def test_parts_not_summing_to_the_total_block(planted, baseline):
    settings, site = planted
    table = page_titled(site, "2024年前三季度全市地区生产总值")
    secondary = table_cell(_decoded(table), "第二产业", 1)
    inflated = f"{float(secondary) + 200:.1f}"
    for page in site.rglob("t2024*.html"):
        if secondary in _decoded(page) and "前三季度" in _decoded(page):
            edit_page(page, lambda html: html.replace(secondary, inflated))
    assert_blocked_by(run_gate(settings), settings, baseline, "parts_sum_to_total")


def test_a_future_period_blocks(planted, baseline):
    settings, site = planted
    december = _decoded(page_titled(site, "2024年1-12月主要经济指标"))
    future = re.sub(r"2024年1-12月", "2026年1-12月", december)
    future = re.sub(r"2025-0(\d)-(\d\d)", r"2026-0\1-\2", future)
    add_release(site, "tjj/tjsj", "t20260110_9999001.html", future)
    assert_blocked_by(run_gate(settings), settings, baseline, "period_not_in_future")


def test_a_duplicate_target_blocks(planted, baseline):
    settings, _ = planted
    catalog = (settings.dbt_project_dir / "seeds" / "targets.csv").read_text(encoding="utf-8").splitlines()
    (settings.catalogs_dir).mkdir(parents=True)
    (settings.catalogs_dir / "pasted-twice.csv").write_text("\n".join(catalog[:2]) + "\n", encoding="utf-8")
    assert_blocked_by(run_gate(settings), settings, baseline, "unique")


def test_a_growth_beyond_hard_bounds_blocks(planted, baseline):
    settings, site = planted
    edit_page(page_titled(site, "2024年1-6月主要经济指标"), lambda html: set_table_cell(html, "进出口总额", 4, "950.0"))
    gate = run_gate(settings)
    assert gate.errors == {"growth_hard_bounds"} and gate.dbt_failures == set()
    assert gate.publication is None
    assert digest(settings.published_mart_path) == digest(baseline.published_mart_path)


def test_warnings_are_reported_and_the_publish_goes_ahead(planted, baseline):
    settings, site = planted
    june = page_titled(site, "2024年1-6月主要经济指标")
    edit_page(june, lambda html: set_table_cell(html, "# 新能源汽车产量", 4, "180.0"))  # outlier + implied
    december_page = page_titled(site, "2024年1-12月主要经济指标")
    december = _decoded(december_page)
    trade = table_cell(december, "进出口总额", 3)  # a total without published parts: only the revision fires
    revised = set_table_cell(december, "进出口总额", 3, f"{float(trade) * 1.03:.1f}")
    revised = revised.replace("2024年1-12月主要经济指标", "2024年1-12月主要经济指标(修订)")
    revised = revised.replace(
        "</table>",
        "<tr><td>数字经济核心产业营业收入(亿元)</td><td>…</td><td>…</td><td>1234.5</td><td>12.0</td></tr>\n</table>",
    )
    revised = re.sub(r"2025-02-0\d", "2025-02-20", revised)
    add_release(site, "tjj/tjsj", "t20250220_9999002.html", revised)  # large revision + unknown name
    edit_page(december_page, lambda html: re.sub(r"<tr><td>(?!指标|规模以上工业总产值).*?</tr>\n?", "", html))  # volume
    add_release(
        site, "tjj/tjsj", "t20250221_9999003.html", "<html><body><p>系统繁忙,请稍后再试。</p></body></html>"
    )  # quarantined
    gate = run_gate(settings)
    assert gate.failed_checks == set(), [o.summary() for o in gate.outcomes if not o.passed]
    assert gate.warnings >= {
        "growth_outlier",
        "implied_vs_reported_growth",
        "large_revision",
        "volume_drift",
        "quarantined_documents",
        "unknown_indicators",
    }
    assert gate.publication is not None
    assert digest(settings.published_mart_path) != digest(baseline.published_mart_path)


def test_a_late_release_is_a_freshness_warning_not_a_block(planted, baseline):
    settings, site = planted
    for title in ("2024年1-12月主要经济指标", "2024年全市经济运行情况", "2024年全市地区生产总值"):
        unlink_release(site, page_titled(site, title))
    review = site / "szf" / "gzbg"
    shutil.rmtree(review / next(p.name for p in review.iterdir() if p.is_dir()))
    (review / "index.html").write_text('<html><body><ul class="list"></ul></body></html>', encoding="utf-8")
    gate = run_gate(settings)
    assert gate.failed_checks == set(), [o.summary() for o in gate.outcomes if not o.passed]
    assert "freshness" in gate.warnings
    assert gate.publication is not None


def _decoded(path):
    from ingest.decode import decode_bytes

    return decode_bytes(path.read_bytes()).text
