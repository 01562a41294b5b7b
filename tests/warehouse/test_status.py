"""Progress semantics and status for each metric kind and comparator (DESIGN §4, docs/methodology.md)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("warehouse")]


@pytest.mark.parametrize(
    ("target_id", "score", "status", "reason_zh"),
    [
        ("900006-2024-cpi-growth", 0.2, "on_track", "1-6月上涨2.8%,低于上限0.2个百分点(目标控制在3%以内)"),
        ("900007-2024-cpi-growth", -0.3, "at_risk", "1-6月上涨3.3%,超出上限0.3个百分点(目标控制在3%以内)"),
        ("900008-2024-cpi-growth", -1.0, "off_track", "1-6月上涨4.0%,超出上限1.0个百分点(目标控制在3%以内)"),
        ("900009-2024-cpi-growth", 3.3, "achieved", "全年下降0.3%,低于上限3.3个百分点(目标控制在3%以内)"),
    ],
)
def test_at_most_cpi_ceiling(warehouse, target_id, score, status, reason_zh):
    row = warehouse.latest(target_id)
    assert row["score"] == pytest.approx(score)
    assert row["status"] == status
    assert row["reason_zh"] == reason_zh


def test_at_most_reason_in_english(warehouse):
    assert warehouse.latest("900007-2024-cpi-growth")["reason_en"] == (
        "Jan-Jun growth 3.3%, 0.3 pp above the ceiling (target: at most 3%)"
    )


@pytest.mark.parametrize(
    ("slug", "gap", "status", "band"),
    [
        ("about-8-3", -0.3, "on_track", "在目标区间(±0.5个百分点)内"),  # inside the band, below
        ("about-7-6", 0.4, "on_track", "在目标区间(±0.5个百分点)内"),  # inside the band, above
        ("about-8-8", -0.8, "at_risk", "低于目标区间(±0.5个百分点)"),  # beyond it, within the risk margin
        ("about-10-5", -2.5, "off_track", "低于目标区间(±0.5个百分点)"),
        ("about-6", 2.0, "on_track", "高于目标区间(±0.5个百分点)"),  # faster growth than "about" still meets it
    ],
)
def test_about_growth_tolerance_both_sides(warehouse, slug, gap, status, band):
    row = warehouse.latest(f"900010-2024-fai-{slug}")
    assert row["actual"] == 8.0
    assert row["gap"] == pytest.approx(gap)
    assert row["status"] == status
    assert band in row["reason_zh"]


def test_about_reason_reads_cleanly_in_english(warehouse):
    assert warehouse.latest("900010-2024-fai-about-8-8")["reason_en"] == (
        "Jan-Jun growth 8.0%, 0.8 pp below the target, below the ±0.5 pp band (target: about 8.8%)"
    )


def test_strive_has_a_wider_margin_than_at_least(warehouse):
    at_least = warehouse.latest("900010-2024-fai-at-least-9-5")
    strive = warehouse.latest("900010-2024-fai-strive-9-5")
    assert at_least["gap"] == strive["gap"] == pytest.approx(-1.5)
    assert (at_least["status"], strive["status"]) == ("off_track", "at_risk")
    assert strive["reason_zh"] == "1-6月增长8.0%,低于目标1.5个百分点(目标力争9.5%)"
    assert strive["reason_en"] == "Jan-Jun growth 8.0%, 1.5 pp below the target (target: strive for 9.5%)"


def test_more_than_is_on_track_at_the_target_during_the_year(warehouse):
    row = warehouse.latest("900010-2024-fai-more-than-8")
    assert (row["score"], row["status"]) == (0, "on_track")


@pytest.mark.parametrize(
    ("slug", "status"),
    [
        ("about-4", "achieved"),
        ("about-4-6", "achieved"),
        ("about-5", "missed"),
        ("at-least-4-2", "achieved"),
        ("more-than-4-2", "missed"),
    ],
)
def test_year_end_growth_is_settled(warehouse, slug, status):
    row = warehouse.latest(f"900011-2024-fai-{slug}")
    assert row["is_year_end"] is True
    assert row["figure_period_zh"] == "全年"
    assert row["status"] == status


def test_level_flow_at_year_end(warehouse):
    achieved = warehouse.latest("900004-2024-retail-level")
    assert (achieved["status"], achieved["pace_basis"], achieved["expected_completion"]) == (
        "achieved",
        "year_end",
        1.0,
    )
    assert achieved["reason_zh"] == "全年2260亿元,为目标的100.4%(目标达到2250亿元)"
    assert achieved["reason_en"] == "Full year 226 bn yuan, 100.4% of the target (target: reach 225 bn yuan)"
    missed = warehouse.latest("900004-2024-retail-level-high")
    assert missed["status"] == "missed"
    assert missed["completion"] == pytest.approx(2260 / 2300)
    assert warehouse.latest("900004-2024-retail-level-exact")["status"] == "achieved"
    # the mid-year row of the same target is not settled
    mid = warehouse.progress("900004-2024-retail-level", 6)
    assert (mid["figure_month"], mid["status"], mid["pace_basis"]) == (6, "off_track", "linear")


def test_count_from_next_years_review(warehouse):
    rows = warehouse.rows(
        "select as_of_month, status from marts.target_progress where target_id = '900012-2024-smes-count'"
        " order by as_of_month"
    )
    assert [r["as_of_month"] for r in rows] == list(range(2, 13))
    assert {r["status"] for r in rows[:-1]} == {"no_data"}
    row = warehouse.latest("900012-2024-smes-count")
    assert (row["status"], row["figure_period_zh"], row["is_year_end"]) == ("achieved", "全年", True)
    assert row["reason_zh"] == "全年326户,为目标的108.7%(目标达到300户)"
    assert row["reason_en"] == "Full year 326, 108.7% of the target (target: reach 300)"
    missed = warehouse.latest("900012-2024-smes-count-high")
    assert (missed["status"], missed["completion"]) == ("missed", pytest.approx(326 / 350))


def test_more_than_with_an_exact_lower_bound(warehouse):
    # 突破3000项 against 超过3000项: the figure says "more than 3000", so the target is met
    lower_bound = warehouse.latest("900013-2024-transfers-count")
    assert (lower_bound["actual"], lower_bound["is_lower_bound"], lower_bound["status"]) == (3000, True, "achieved")
    assert lower_bound["reason_zh"] == "全年3000项(下限值),为目标的100.0%(目标超过3000项)"
    assert lower_bound["reason_en"] == (
        "Full year 3,000 items (lower bound), 100.0% of the target (target: more than 3,000 items)"
    )
    # exactly 3000 is not more than 3000, but it is at least 3000
    assert warehouse.latest("900014-2024-transfers-count")["status"] == "missed"
    assert warehouse.latest("900014-2024-transfers-count-at-least")["status"] == "achieved"


def test_lower_bound_counts_as_that_value(warehouse):
    # 突破2900户 is read as 2900: below 3000以上, settled as missed and flagged
    row = warehouse.latest("900013-2024-high-tech-count")
    assert (row["actual"], row["status"], row["pace_basis"]) == (2900, "missed", "year_end")
    assert "(下限值)" in row["reason_zh"]


def test_about_level_tolerance(warehouse):
    within = warehouse.latest("900015-2024-hogs-level")
    assert (within["score"], within["status"]) == (pytest.approx(1085 / 1100 - 1, abs=1e-6), "achieved")
    assert within["reason_zh"] == "全年1085万头,为目标的98.6%,在目标区间(±2%)内(目标1100万头左右)"
    assert within["reason_en"] == (
        "Full year 10,850,000 head, 98.6% of the target, within the ±2% band (target: about 11,000,000 head)"
    )
    beyond = warehouse.latest("900015-2024-hogs-level-high")
    assert beyond["status"] == "missed"
    assert "低于目标区间(±2%)" in beyond["reason_zh"]


def test_share_pct(warehouse):
    year_end = warehouse.latest("900016-2024-sme-share")
    assert (year_end["actual"], year_end["gap"], year_end["status"]) == (45, 5, "achieved")
    assert year_end["reason_zh"] == "全年为45.0%,高于目标5.0个百分点(目标40%以上)"
    assert warehouse.latest("900016-2024-sme-share-more-than")["status"] == "missed"
    assert warehouse.latest("900016-2024-sme-share-about")["status"] == "achieved"
    mid = warehouse.latest("900017-2024-sme-share")
    assert (mid["gap"], mid["status"]) == (pytest.approx(-1.5), "at_risk")
    assert mid["reason_en"] == "Jan-Jun 38.5%, 1.5 pp below the target (target: at least 40%)"


def test_pp_change_from_two_shares(warehouse):
    row = warehouse.latest("900018-2024-sci-pp")
    assert (row["figure_value"], row["base_value"]) == (12.6, 11.5)
    assert row["actual"] == pytest.approx(1.1)
    assert row["status"] == "achieved"
    assert row["reason_zh"] == "全年为12.6%,比上年同期11.5%提高1.1个百分点,高于目标0.1个百分点(目标提高1个百分点)"
    assert row["reason_en"] == (
        "Full year up 1.1 pp (12.6% vs 11.5% a year earlier), 0.1 pp above the target (target: a rise of 1 pp)"
    )
    assert warehouse.latest("900018-2024-sci-pp-high")["status"] == "missed"


def test_pp_change_reported_directly_is_preferred(warehouse):
    row = warehouse.latest("900019-2024-sci-pp")
    assert (row["actual"], row["base_value"], row["status"]) == (0.8, None, "missed")
    assert row["reason_zh"] == "全年提高0.8个百分点,低于目标0.2个百分点(目标提高1个百分点)"
    assert row["reason_en"] == "Full year up 0.8 pp, 0.2 pp below the target (target: a rise of 1 pp)"


def test_pp_change_without_a_base_is_no_data_with_the_reason(warehouse):
    row = warehouse.latest("900020-2024-sci-pp")
    assert (row["actual"], row["status"]) == (None, "no_data")
    assert row["reason_zh"] == "全年科技投入占财政支出比重为12.3%,缺少上年同期数据,无法计算变化"


def test_relation_within_tolerance_uses_the_same_period(warehouse):
    # GDP grew 9.9% in H1 and 6.5% in Q1-Q3: income's Q1-Q3 growth is compared with 6.5
    row = warehouse.latest("900021-2024-income-vs-gdp")
    assert (row["figure_yoy_pct"], row["related_yoy_pct"]) == (6.2, 6.5)
    assert row["actual"] == pytest.approx(-0.3)
    assert row["status"] == "on_track"
    assert row["reason_zh"] == (
        "前三季度全体居民人均可支配收入增长6.2%,地区生产总值增长6.5%,增速低0.3个百分点,"
        "在目标区间(±0.5个百分点)内(目标与地区生产总值增长基本同步)"
    )
    assert row["reason_en"] == (
        "Q1-Q3 per-capita disposable income of residents growth 6.2%, gross regional product (GDP) 6.5%: "
        "0.3 pp slower, within the ±0.5 pp band (target: broadly in step with gross regional product (GDP))"
    )


def test_relation_outside_tolerance_at_the_latest_period_both_series_have(warehouse):
    # income has Q1-Q3, GDP only H1: the pair is H1 (5.8 vs 6.5)
    row = warehouse.latest("900022-2024-income-vs-gdp")
    assert (row["figure_period_zh"], row["actual"], row["status"]) == ("上半年", pytest.approx(-0.7), "at_risk")
    assert warehouse.latest("900023-2024-income-vs-gdp")["status"] == "missed"


def test_relation_without_the_related_growth(warehouse):
    row = warehouse.latest("900024-2024-income-vs-gdp")
    assert row["status"] == "no_data"
    assert row["reason_zh"] == "上半年全体居民人均可支配收入增长5.8%,尚无同期地区生产总值增速"


def test_milestone_done_and_not_reported(warehouse):
    done = warehouse.rows(
        "select as_of_month, status, reason_zh, reason_en from marts.target_progress"
        " where target_id = '900025-2024-metro-line6' order by as_of_month"
    )
    assert [r["status"] for r in done] == ["no_data"] * 10 + ["achieved"]
    assert done[-1]["reason_zh"] == "已完成:地铁6号线开通运营(2025-01-10发布)"
    assert done[-1]["reason_en"] == "Done: Metro Line 6 opens for service (reported 2025-01-10)"
    assert done[0]["reason_zh"] == "尚无完成情况的报告"
    never = warehouse.latest("900025-2024-changtai")
    assert (never["status"], never["reason_zh"], never["reason_en"]) == (
        "no_data",
        "尚无完成情况的报告",
        "No report of completion yet",
    )


def test_milestone_reported_in_a_monthly_release(warehouse):
    rows = warehouse.rows(
        "select as_of_month, status from marts.target_progress where target_id = '900026-2024-metro-line6'"
        " order by as_of_month"
    )
    assert [(r["as_of_month"], r["status"]) for r in rows] == [
        (2, "no_data"),
        (3, "no_data"),
        (4, "no_data"),
        (5, "no_data"),
        (6, "achieved"),
    ]


def test_target_with_no_data_at_all_still_has_one_row(warehouse):
    assert not warehouse.rows("select * from marts.target_progress where region_code = '900031'")
    row = warehouse.latest("900031-2024-gdp-growth")
    assert (row["status"], row["actual"], row["as_of_date"]) == ("no_data", None, None)
    assert row["reason_zh"] == "尚无地区生产总值数据(本年度尚无任何公报)"
    assert row["reason_en"] == "No figures for gross regional product (GDP) yet (no bulletin for this plan year)"
    milestone = warehouse.latest("900031-2024-metro-line6")
    assert milestone["reason_zh"] == "尚无完成情况的报告(本年度尚无任何公报)"


def test_target_whose_indicator_has_no_figures(warehouse):
    rows = warehouse.rows(
        "select status, reason_zh, reason_en from marts.target_progress where target_id = '900001-2024-rd-growth'"
    )
    assert len(rows) == 5
    assert {(r["status"], r["reason_zh"], r["reason_en"]) for r in rows} == {
        (
            "no_data",
            "尚无全社会研究与试验发展(R&D)经费投入增速数据",
            "No growth figures for society-wide R&D expenditure yet",
        )
    }


def test_zero_target_gives_no_nan(warehouse):
    row = warehouse.latest("900034-2024-jobs-level-zero")
    assert row["completion"] is None
    assert row["score"] == pytest.approx(7.2)
    assert row["status"] == "on_track"
    assert row["reason_zh"] == "1-2月完成1.2万人(时间进度16.7%),预计全年7.2万人(目标达到0万人)"
