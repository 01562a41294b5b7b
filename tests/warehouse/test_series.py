"""Year-to-date series, seasonal pace, the as-of grid, vintages and estimates (DESIGN §4).

All scenarios come from one dbt build (conftest.py); each has its own synthetic region code.
"""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("warehouse")]


def test_ytd_resets_on_1_january(warehouse):
    # 1-12月 2023 (2000) then 1-2月 2024 (340) is a new year, not a drop: the error-severity
    # ytd_non_decreasing test passed in the build, and both points are in the series.
    rows = warehouse.rows(
        "select year, month, value from marts.indicator_ytd"
        " where region_code = '900001' and indicator_id = 'retail_sales' order by year, month"
    )
    assert [(r["year"], r["month"]) for r in rows][:1] == [(2023, 2)]
    assert {(r["year"], r["month"]): r["value"] for r in rows}[(2023, 12)] == 2000
    assert {(r["year"], r["month"]): r["value"] for r in rows}[(2024, 2)] == 340
    assert "ytd_non_decreasing_int_indicator_series__ytd_" in warehouse.build_log


def test_first_period_of_a_year_is_1_2(warehouse):
    rows = warehouse.rows(
        "select as_of_month, figure_month, figure_period_zh, figure_period_en, status"
        " from marts.target_progress where target_id = '900001-2024-retail-growth' order by as_of_month"
    )
    assert [r["as_of_month"] for r in rows] == [2, 3, 4, 5, 6]
    first = rows[0]
    assert (first["figure_month"], first["figure_period_zh"], first["figure_period_en"]) == (2, "1-2月", "Jan-Feb")
    assert first["status"] == "on_track"
    reason = warehouse.progress("900001-2024-retail-growth", 2)["reason_zh"]
    assert reason == "1-2月增长8.2%,高于目标0.2个百分点,在目标区间(±0.5个百分点)内(目标8%左右)"


def test_seasonal_pace_from_a_full_previous_year(warehouse):
    pace = dict(
        warehouse.conn.execute(
            "select month, expected_share from intermediate.int_seasonal_pace"
            " where region_code = '900001' and indicator_id = 'retail_sales' and plan_year = 2024"
        ).fetchall()
    )
    assert pace[2] == pytest.approx(0.15)
    assert pace[6] == pytest.approx(0.45)
    assert pace[12] == pytest.approx(1.0)

    row = warehouse.progress("900001-2024-retail-level", 6)
    assert row["pace_basis"] == "seasonal"
    assert row["expected_completion"] == pytest.approx(0.45)
    assert row["completion"] == pytest.approx(1035 / 2250)
    assert row["projected_full_year"] == pytest.approx(2300.0)
    assert row["gap"] == pytest.approx(50.0)
    assert row["score"] == pytest.approx(0.022222)
    assert row["status"] == "on_track"
    assert row["reason_zh"] == "1-6月完成1035亿元,为目标的46.0%(上年同期进度45.0%),预计全年2300亿元(目标达到2250亿元)"
    assert row["reason_en"] == (
        "Jan-Jun 103.5 bn yuan, 46.0% of the target (last year's pace 45.0%), projected 230 bn yuan for the year"
        " (target: reach 225 bn yuan)"
    )
    early = warehouse.progress("900001-2024-retail-level", 2)
    assert (early["figure_month"], early["expected_completion"]) == (2, pytest.approx(0.15))
    assert early["projected_full_year"] == pytest.approx(340 / 0.15)
    assert early["status"] == "on_track"


def test_linear_fallback_without_history(warehouse):
    row = warehouse.progress("900002-2024-retail-level", 6)
    assert row["pace_basis"] == "linear"
    assert row["expected_completion"] == pytest.approx(0.5)
    assert row["projected_full_year"] == pytest.approx(2070.0)
    assert row["score"] == pytest.approx(-0.08)
    assert row["status"] == "off_track"
    assert row["reason_zh"] == "1-6月完成1035亿元,为目标的46.0%(时间进度50.0%),预计全年2070亿元(目标达到2250亿元)"
    assert warehouse.progress("900002-2024-retail-level", 2)["expected_completion"] == pytest.approx(2 / 12)


def test_zero_seasonal_share_falls_back_to_linear(warehouse):
    # 1-2月 2023 was 0: a zero share is no pace (projection would divide by zero)
    row = warehouse.progress("900034-2024-jobs-level", 2)
    assert row["pace_basis"] == "linear"
    assert row["expected_completion"] == pytest.approx(2 / 12)
    assert row["projected_full_year"] == pytest.approx(7.2)
    assert row["status"] == "off_track"


def test_behind_the_seasonal_pace(warehouse):
    reach = warehouse.progress("900003-2024-retail-level", 6)
    assert (reach["projected_full_year"], reach["score"]) == (pytest.approx(2200.0), pytest.approx(-0.022222))
    assert reach["status"] == "at_risk"
    assert warehouse.progress("900003-2024-retail-level-high", 6)["status"] == "off_track"
    # 力争: 95.7% of the target projected is within strive's wider margin (10%)
    strive = warehouse.progress("900003-2024-retail-level-strive", 6)
    assert strive["score"] == pytest.approx(2200 / 2300 - 1, abs=1e-6)
    assert strive["status"] == "at_risk"


def test_stock_is_not_paced_with_a_seasonal_share(warehouse):
    # 算力规模 is a stock: its 2023 1-6月 level would be a "50% seasonal share"; it follows an even
    # path from last year-end's 800P to the 1000P target instead.
    assert not warehouse.rows("select * from intermediate.int_seasonal_pace where indicator_id = 'computing_power'")
    row = warehouse.progress("900032-2024-computing-count", 6)
    assert row["pace_basis"] == "stock_path"
    assert row["base_value"] == 800
    assert row["expected_completion"] == pytest.approx(0.9)
    assert row["projected_full_year"] == pytest.approx(1100.0)
    assert row["completion"] == pytest.approx(0.95)
    assert row["status"] == "on_track"
    assert row["reason_zh"] == (
        "1-6月为950P,为目标的95.0%(上年末800P,按均匀进度应达目标的90.0%),预计年末1100P(目标达到1000P)"
    )


def test_stock_without_last_year_end_is_read_as_it_stands(warehouse):
    row = warehouse.progress("900033-2024-high-tech-count", 6)
    assert row["pace_basis"] == "stock_level"
    assert row["expected_completion"] is None
    assert row["projected_full_year"] == 2900
    assert row["score"] == pytest.approx(-1 / 30, abs=1e-6)
    assert row["status"] == "at_risk"
    assert row["reason_zh"] == "1-6月为2900户,为目标的96.7%,存量指标,缺少上年末数据,按当前水平判断(目标超过3000户)"


def test_as_of_grid_uses_the_latest_figure_that_has_ended(warehouse):
    # quarterly GDP: nothing at month 2, the Q1 figure at months 3, 4 and 5 (monthly data run to 1-5月)
    rows = warehouse.rows(
        "select as_of_month, as_of_date, figure_month, figure_period_zh, actual, status, reason_zh"
        " from marts.target_progress where target_id = '900005-2024-gdp-growth' order by as_of_month"
    )
    assert [r["as_of_month"] for r in rows] == [2, 3, 4, 5]
    assert rows[0]["status"] == "no_data"
    assert rows[0]["reason_zh"] == "尚无地区生产总值增速数据"
    for r in rows[1:]:
        assert (r["figure_month"], r["figure_period_zh"], r["actual"], r["status"]) == (3, "一季度", 6.0, "at_risk")
        assert r["reason_zh"] == "一季度增长6.0%,低于目标0.5个百分点(目标6.5%以上)"
    latest = warehouse.latest("900005-2024-gdp-growth")
    assert latest["as_of_date"] == dt.date(2024, 5, 31)
    assert latest["figure_period_en"] == "Q1"
    assert latest["reason_en"] == "Q1 growth 6.0%, 0.5 pp below the target (target: at least 6.5%)"


def test_latest_vintage_after_a_revision(warehouse):
    lv = warehouse.rows(
        "select value, yoy_pct, n_documents, n_distinct_values, release_date"
        " from intermediate.int_observations__latest_vintage where region_code = '900030'"
    )
    assert lv == [
        {"value": 3210, "yoy_pct": 6.6, "n_documents": 3, "n_distinct_values": 2, "release_date": dt.date(2024, 8, 15)}
    ]
    growth = warehouse.progress("900030-2024-gdp-growth")
    assert (growth["actual"], growth["status"], growth["release_date"]) == (6.6, "on_track", dt.date(2024, 8, 15))
    level = warehouse.progress("900030-2024-gdp-level")
    assert level["figure_value"] == 3210  # not hidden by the later growth-only reprint
    flags = warehouse.rows(
        "select value, yoy_pct, is_latest_vintage from marts.observations where region_code = '900030'"
        " order by release_date"
    )
    assert [(r["value"], r["is_latest_vintage"]) for r in flags] == [(3200, False), (3210, True), (None, True)]
    revisions = warehouse.rows(
        "select vintage_number, previous_value, value, value_change, previous_yoy_pct, yoy_pct, yoy_change_pp"
        " from marts.revisions where region_code = '900030'"
    )
    assert revisions == [
        {
            "vintage_number": 2,
            "previous_value": 3200,
            "value": 3210,
            "value_change": 10,
            "previous_yoy_pct": 5.9,
            "yoy_pct": 6.6,
            "yoy_change_pp": pytest.approx(0.7),
        }
    ]


def test_estimate_is_used_and_flagged(warehouse):
    row = warehouse.latest("900027-2024-retail-level")
    assert (row["actual"], row["status"], row["is_estimate"]) == (2260, "achieved", True)
    assert row["reason_zh"] == "全年2260亿元(预计数),为目标的100.4%(目标达到2250亿元)"
    assert row["reason_en"] == "Full year 226 bn yuan (estimate), 100.4% of the target (target: reach 225 bn yuan)"


def test_estimate_is_superseded_by_a_later_statistic(warehouse):
    row = warehouse.latest("900028-2024-retail-level")
    assert (row["actual"], row["status"], row["is_estimate"]) == (2234.9, "missed", False)
    assert row["reason_zh"] == "全年2234.9亿元,为目标的99.3%(目标达到2250亿元)"
    revision = warehouse.rows(
        "select previous_value, value, is_estimate from marts.revisions where region_code = '900028'"
    )
    assert revision == [{"previous_value": 2260, "value": 2234.9, "is_estimate": False}]


def test_statistic_beats_an_estimate_published_after_it(warehouse):
    row = warehouse.latest("900029-2024-retail-level")
    assert (row["actual"], row["status"], row["is_estimate"]) == (2234.9, "missed", False)


def test_units_are_converted_to_the_indicator_unit(warehouse):
    # grain published as 253.7亿斤 and targeted as 260亿斤: both in 万吨 (1亿斤 = 5万吨)
    row = warehouse.latest("900015-2024-grain-level")
    assert row["canonical_unit"] == "万吨"
    assert row["target_value_canonical"] == pytest.approx(1300)
    assert row["actual"] == pytest.approx(1268.5)
    assert row["completion"] == pytest.approx(1268.5 / 1300)
    assert row["status"] == "missed"
    assert row["reason_zh"] == "全年1268.5万吨,为目标的97.6%(目标力争1300万吨)"
