"""Period wording: ranges with any dash, 前N个月, N月份, quarters, 全年, comparisons, the release year."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.parsers.periods import (
    Period,
    find_periods,
    fit_to_release,
    full_year,
    quarter_ytd,
    single_month,
    title_period,
    ytd,
)


def only(text: str, year: int | None = 2024) -> Period:
    matches = find_periods(text, year)
    assert len(matches) == 1, matches
    return matches[0].period


@pytest.mark.parametrize("dash", ["-", "—", "–", "~", "～", "至", "－"])
def test_ranges_with_every_dash(dash: str) -> None:
    assert only(f"1{dash}6月,全市规模以上工业增加值增长") == ytd(2024, 6)
    assert only(f"1{dash}2月份") == ytd(2024, 2)


@given(st.integers(2, 12), st.sampled_from(["-", "—", "–", "~", "～", "至"]))
def test_every_end_month_is_a_ytd_period(month: int, dash: str) -> None:
    period = only(f"2023年1{dash}{month}月")
    assert (period.start, period.end, period.kind) == (dt.date(2023, 1, 1), ytd(2023, month).end, "ytd")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("前5个月", ytd(2024, 5)),
        ("前两个月", ytd(2024, 2)),
        ("1月-4月", ytd(2024, 4)),
        ("6月份,全市居民消费价格上涨", single_month(2024, 6)),
        ("6月末,金融机构存款余额", single_month(2024, 6)),
        ("一季度", ytd(2024, 3, "quarter_ytd")),
        ("第一季度", ytd(2024, 3, "quarter_ytd")),
        ("首季", ytd(2024, 3, "quarter_ytd")),
        ("上半年", ytd(2024, 6, "quarter_ytd")),
        ("前三季度", ytd(2024, 9, "quarter_ytd")),
        ("全年", full_year(2024)),
        ("年末全市常住人口", full_year(2024)),
        ("2023年,全市规模以上工业增加值", full_year(2023)),
        ("2023年1-9月", ytd(2023, 9)),
    ],
)
def test_period_words(text: str, expected: Period) -> None:
    assert only(text) == expected


def test_january_alone_is_not_a_ytd_period() -> None:
    with pytest.raises(ValueError, match="February to December"):
        ytd(2024, 1)
    assert find_periods("1-1月", 2024) == []


@pytest.mark.parametrize(
    "text",
    [
        "比上年全年加快1.8个百分点",
        "较一季度回落0.5个百分点",
        "与2023年相比",
        "比上年末减少",
        "2019年以来",
        "于2024年底建成",
        "5月20日",
    ],
)
def test_comparison_bases_and_dates_are_not_periods(text: str) -> None:
    assert find_periods(text, 2024) == []


def test_several_periods_in_one_text_in_order() -> None:
    matches = find_periods("1-6月,全市…增长5.1%;6月份,全市…增长4.2%。上半年,全市GDP…", 2024)
    assert [m.period for m in matches] == [ytd(2024, 6), single_month(2024, 6), ytd(2024, 6, "quarter_ytd")]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("2024年1-6月主要经济指标", ytd(2024, 6)),
        ("2024年1—2月全市经济运行情况", ytd(2024, 2)),
        ("2024年一季度全市经济运行情况", ytd(2024, 3, "quarter_ytd")),
        ("2024年长春市前三季度经济运行情况", ytd(2024, 9, "quarter_ytd")),
        ("2024年6月社会消费品零售总额", single_month(2024, 6)),
        ("2024年5月份规模以上工业生产主要指标", single_month(2024, 5)),
        ("长春市2023年国民经济和社会发展统计公报", full_year(2023)),
        ("2023年全市经济运行情况", full_year(2023)),
        ("全市经济运行情况", None),
    ],
)
def test_title_period(title: str, expected: Period | None) -> None:
    assert title_period(title) == expected


def test_a_period_without_year_belongs_to_the_year_before_its_release() -> None:
    released = dt.date(2025, 1, 20)
    assert fit_to_release(full_year(2025), released) == full_year(2024)
    assert fit_to_release(ytd(2025, 12), released) == ytd(2024, 12)
    assert fit_to_release(ytd(2024, 6), dt.date(2024, 7, 20)) == ytd(2024, 6)


def test_quarterly_accounts_name_ytd_periods_as_quarters() -> None:
    assert quarter_ytd(ytd(2024, 6)) == ytd(2024, 6, "quarter_ytd")
    assert quarter_ytd(ytd(2024, 12)) == full_year(2024)
    assert quarter_ytd(ytd(2024, 5)) == ytd(2024, 5)
    assert quarter_ytd(single_month(2024, 3)) == single_month(2024, 3)


def test_labels_match_the_real_figure_meta_convention() -> None:
    assert full_year(2023).label() == "2023"
    assert single_month(2024, 6).label() == "2024-06"
    assert ytd(2024, 3, "quarter_ytd").label() == "2024-01..03"
