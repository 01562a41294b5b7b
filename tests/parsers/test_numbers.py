"""Growth wording, amounts, table cells and label units."""

from __future__ import annotations

import pytest

from ingest.parsers.numbers import (
    find_amounts,
    find_growths,
    find_percents,
    parse_cell_number,
    split_label_unit,
    strip_footnote_markers,
    to_simplified,
)


@pytest.mark.parametrize(
    ("text", "pct"),
    [
        ("同比增长8.7%", 8.7),
        ("同比(下同)增长7.1%", 7.1),
        ("比上年增长3.8%", 3.8),
        ("下降2.3%", -2.3),
        ("增长-2.3%", -2.3),
        ("上涨0.3%", 0.3),
        ("增长1.2倍", 120.0),
        ("增速为9.0%", 9.0),
        ("降幅为4.5%", -4.5),
        ("与上年同期持平", 0.0),
    ],
)
def test_growth_rates(text: str, pct: float) -> None:
    (growth,) = find_growths(text)
    assert growth.pct == pytest.approx(pct)
    assert growth.pp is None


def test_aligned_list_is_one_growth_with_an_item_per_rate() -> None:
    (growth,) = find_growths("分别增长3.1%、11.7%和4.8%")
    assert [i.pct for i in growth.items] == [3.1, 11.7, 4.8]
    (down,) = find_growths("分别下降1.5%、2%")
    assert [i.pct for i in down.items] == [-1.5, -2.0]


@pytest.mark.parametrize("text", ["比上年全年加快1.8个百分点", "比一季度回落0.6个百分点", "提高1.3个百分点"])
def test_percentage_points_are_never_growth_rates(text: str) -> None:
    (growth,) = find_growths(text)
    assert growth.pct is None
    assert growth.pp is not None


def test_rate_change_verbs_with_percent_are_dropped() -> None:
    assert find_growths("增速回落2%") == []


def test_near_flat_is_not_a_zero() -> None:
    assert find_growths("基本持平") == []


def test_lower_bound_growth() -> None:
    (growth,) = find_growths("增长6.5%以上")
    assert growth.items[0].lower_bound
    (over,) = find_growths("增长超过5%")
    assert over.items[0].lower_bound


@pytest.mark.parametrize(
    ("text", "value", "unit", "more"),
    [
        ("1534.4亿元", 1534.4, "亿元", False),
        ("1,116亿元", 1116.0, "亿元", False),
        ("35.6万辆", 35.6, "万辆", False),
        ("1381个", 1381.0, "个", False),
        ("1.7亿人次", 1.7, "亿人次", False),
        ("300余家", 300.0, "家", True),
        ("1247.2万吨", 1247.2, "万吨", False),
        ("35.2亿千瓦时", 35.2, "亿千瓦时", False),
    ],
)
def test_amounts(text: str, value: float, unit: str, more: bool) -> None:
    (amount,) = find_amounts(text)
    assert (amount.value, amount.unit, amount.approx_more) == (value, unit, more)


@pytest.mark.parametrize("text", ["1.7个百分点", "前5个月", "5G基站", "3个季度", "2024年"])
def test_not_amounts(text: str) -> None:
    assert find_amounts(text) == []


def test_percents() -> None:
    assert [p.value for p in find_percents("占比为15.2%,贡献率达75.5％")] == [15.2, 75.5]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1478.53", 1478.53),
        ("-10.7", -10.7),
        ("…", None),
        ("-", None),
        ("—", None),
        ("", None),
        ("4.7①", 4.7),
        ("12,345.6", 12345.6),
        (" 8.7 ", 8.7),
        ("−2.1", -2.1),
    ],
)
def test_cells(cell: str, expected: float | None) -> None:
    assert parse_cell_number(cell) == expected


def test_text_cell_is_not_a_number() -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_cell_number("PDF")


def test_label_units() -> None:
    assert split_label_unit("社会消费品零售总额(亿元)") == ("社会消费品零售总额", "亿元")
    assert split_label_unit("汽车产量（万辆）") == ("汽车产量", "万辆")
    assert split_label_unit("居民消费价格指数(%)") == ("居民消费价格指数", "%")
    assert split_label_unit("固定资产投资(不含农户)") == ("固定资产投资(不含农户)", None)


def test_traditional_forms_normalise() -> None:
    assert to_simplified("全市GDP實現1534.4億元,同比增長7.1%") == "全市GDP实现1534.4亿元,同比增长7.1%"
    assert to_simplified("纯简体文本") == "纯简体文本"


def test_footnote_markers() -> None:
    assert strip_footnote_markers("地区生产总值[2]1002.18亿元") == "地区生产总值1002.18亿元"
    assert strip_footnote_markers("人均地区生产总值［3］77000元") == "人均地区生产总值77000元"
