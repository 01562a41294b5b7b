"""The generated truth is internally consistent, and the published pages agree with it."""

from __future__ import annotations

from collections import defaultdict

import pytest

from ingest.sitegen.changchun import FLOW_KNOTS
from ingest.sitegen.indicators import FLOWS, GDP_PARTS
from ingest.sitegen.numbers import fmt, growth_pct, round_half_up
from ingest.sitegen.truth import SiteGenError, build_cumulative, next_year_levels

YEARS = (2023, 2024)


def test_every_flow_is_positive_each_month_so_ytd_never_decreases(truth):
    for series in (*truth.flows.values(), *truth.incomes.values()):
        for year, levels in series.levels.items():
            assert min(levels) > 0, (series.key, year)
            ytd = [series.ytd(year, k) for k in range(1, series.periods + 1)]
            assert ytd == sorted(ytd), (series.key, year)


def test_gdp_and_its_parts_rise_through_the_year(truth):
    for year in YEARS:
        for part in (*GDP_PARTS, "gdp"):
            levels = [truth.gdp[(year, q)].levels[part] for q in range(1, 5)]
            assert levels == sorted(levels), (year, part)


def test_published_growth_is_the_growth_over_the_previous_years_published_levels(expected):
    """Monthly-table levels of 2024 over those of 2023 give the printed 2024 growth, within rounding."""
    rows = {(r["indicator"], r["period"]): r for r in expected if r["layout"] == "monthly_table"}
    checked = 0
    for (indicator, period), row in rows.items():
        if not period.startswith("2024") or not row["value"] or not row["yoy_pct"]:
            continue
        previous = rows.get((indicator, "2023" + period[4:]))
        if previous is None or not previous["value"]:
            continue
        level, before = float(row["value"]), float(previous["value"])
        ulp = 0.5 * 10 ** -len(row["value"].partition(".")[2])
        slack = 100 * ulp * (1 / before + level / before**2) + 0.05 + 1e-9
        assert abs(growth_pct(level, before) - float(row["yoy_pct"])) <= slack, (indicator, period)
        checked += 1
    assert checked > 150


def test_the_truths_growth_rates_come_from_its_levels(truth):
    for series in truth.flows.values():
        for year in YEARS:
            for month in range(2, 13):
                expected = (series.ytd(year, month) / series.ytd(year - 1, month) - 1) * 100
                assert series.ytd_growth(year, month) == pytest.approx(expected)


def test_designed_knots_are_hit_exactly(truth):
    for key, years in FLOW_KNOTS.items():
        for year, points in years.items():
            for month, growth in points.items():
                if month >= 2:
                    assert fmt(truth.flows[key].ytd_growth(year, month), 1) == fmt(growth, 1), (key, year, month)


def test_parts_sum_to_gdp_within_rounding_on_every_gdp_table(expected):
    tables = defaultdict(dict)
    for row in expected:
        if row["layout"] == "quarterly_gdp" and row["value"]:
            tables[row["path"]][row["indicator"]] = float(row["value"])
    complete = [t for t in tables.values() if len(t) == 4]
    assert len(complete) >= 7  # one 2023 table hides 第三产业's level (only its growth is real)
    for table in complete:
        parts = table["第一产业"] + table["第二产业"] + table["第三产业"]
        assert abs(parts - table["地区生产总值"]) <= 0.15 + 1e-9, table


def test_retail_parts_sum_to_the_total_and_parts_stay_below_totals(truth):
    flows = truth.flows
    for year in YEARS:
        for month in range(2, 13):
            total = round_half_up(flows["retail"].ytd(year, month), 1)
            parts = round_half_up(flows["retail_wholesale"].ytd(year, month), 1) + round_half_up(
                flows["retail_catering"].ytd(year, month), 1
            )
            assert abs(total - parts) <= 0.1 + 1e-9
            assert flows["nev"].ytd(year, month) < flows["auto"].ytd(year, month)
            assert flows["ind_auto"].ytd(year, month) < flows["ind_output"].ytd(year, month)
            assert flows["budget_tax"].ytd(year, month) < flows["budget"].ytd(year, month)


def test_gdp_growth_is_the_share_weighted_growth_of_its_parts(truth):
    for year in YEARS:
        for quarter in range(1, 5):
            previous = truth.gdp[(year - 1, quarter)].levels
            cut = truth.gdp[(year, quarter)]
            weighted = sum(previous[p] / previous["gdp"] * cut.growth[p] for p in GDP_PARTS)
            assert weighted == pytest.approx(cut.growth["gdp"], abs=0.1), (year, quarter)


def test_real_figures_imply_plausible_deflators(truth):
    for year in YEARS:
        for quarter in range(1, 5):
            for part, deflator in truth.gdp[(year, quarter)].deflators.items():
                assert abs(deflator) <= 3.0, (year, quarter, part, deflator)


def test_cpi_year_to_date_is_the_mean_of_the_months(truth):
    assert truth.cpi_ytd(2024, 3) == pytest.approx(sum(truth.cpi[2024][:3]) / 3)
    assert all(-3 < v < 5 for year in YEARS for v in truth.cpi[year])


def test_the_designed_story_of_2024(truth):
    """The outcomes the demo relies on (see ingest/sitegen/changchun.py)."""
    flows, gdp = truth.flows, truth.gdp
    assert [fmt(gdp[(2024, q)].growth["gdp"], 1) for q in (1, 2)] == ["7.1", "6.0"]  # real: on track, then at risk
    assert gdp[(2024, 4)].growth["gdp"] >= 6.5  # achieved
    assert flows["fai"].ytd_growth(2024, 6) < 3.0 and abs(flows["fai"].ytd_growth(2024, 12) - 4) <= 0.5
    assert flows["fai"].ytd(2024, 12) >= 2000
    assert flows["retail"].ytd_growth(2024, 6) >= 8 > flows["retail"].ytd_growth(2024, 12) + 0.5  # drifts to missed
    assert flows["retail"].ytd(2024, 12) < 2250
    assert flows["budget"].ytd_growth(2024, 12) < 6.5  # missed
    assert abs(flows["ind_output"].ytd_growth(2024, 12) - 8) <= 0.5
    assert flows["nev"].ytd(2024, 12) >= 20 and flows["jobs"].ytd(2024, 12) >= 8.7
    assert flows["housing"].ytd(2024, 12) < 550 and truth.annual["grain"][2024] / 5 < 260
    assert truth.cpi_ytd(2024, 12) < 3 and flows["trade"].ytd_growth(2024, 12) >= 5


def test_a_growth_path_that_would_make_a_month_negative_is_refused():
    previous = (10.0,) * 12
    with pytest.raises(SiteGenError, match="non-positive"):
        next_year_levels("demo", 2024, previous, {k: 50.0 if k < 6 else -60.0 for k in range(2, 13)}, 2, _Rng())


def test_cumulative_series_are_reproducible():
    import random

    one = build_cumulative("x", 2022, 120.0, [1 / 12] * 12, {2023: {2: 5.0, 12: 6.0}}, random.Random(1), 2, 0.3)
    two = build_cumulative("x", 2022, 120.0, [1 / 12] * 12, {2023: {2: 5.0, 12: 6.0}}, random.Random(1), 2, 0.3)
    assert one == two and fmt(one.ytd_growth(2023, 12), 1) == "6.0"


def test_every_table_flow_has_a_design_for_both_years():
    designed = {spec.key for spec in FLOWS if not spec.remainder_of}
    assert designed == set(FLOW_KNOTS)
    assert all(set(FLOW_KNOTS[key]) >= set(YEARS) for key in designed)


class _Rng:
    def uniform(self, a: float, b: float) -> float:
        return 0.0
