"""Column roles from header rows: blocks, measures, units, columns to ignore; the rows' figures."""

from __future__ import annotations

from ingest.parsers.periods import Period, single_month, ytd
from ingest.parsers.tables import Column, TableLayout, classify_columns, find_layout, read_rows


def test_monthly_header() -> None:
    label, unit, columns = classify_columns([["指标", "本月", "比去年同月增长(%)", "1-本月", "比去年同期增长(%)"]])
    assert (label, unit) == (0, None)
    assert columns == [
        Column(1, "month", "value"), Column(2, "month", "growth", "%"),
        Column(3, "ytd", "value"), Column(4, "ytd", "growth", "%"),
    ]  # fmt: skip


def test_nbs_two_row_header_with_unit_column() -> None:
    label, unit, columns = classify_columns(
        [["指标名称", "计量单位", "本月", "本月", "1-本月", "1-本月"],
         ["指标名称", "计量单位", "绝对量", "同比增长(%)", "绝对量", "同比增长(%)"]]
    )  # fmt: skip
    assert (label, unit) == (0, 1)
    assert [(c.index, c.block, c.measure) for c in columns] == [
        (2, "month", "value"), (3, "month", "growth"), (4, "ytd", "value"), (5, "ytd", "growth"),
    ]  # fmt: skip


def test_explicit_months_and_header_units() -> None:
    _, _, columns = classify_columns([["指标", "1-6月(亿元)", "增长(%)", "6月", "增长(%)"]])
    assert columns[0] == Column(1, "ytd", "value", "亿元", 6)
    assert columns[1].block == "ytd" and columns[1].measure == "growth"
    assert columns[2] == Column(3, "month", "value", None, 6)
    assert columns[3].block == "month"


def test_gdp_header_is_one_block_of_the_document_period() -> None:
    _, _, columns = classify_columns([["指标", "绝对额(亿元)", "比上年同期增长(%)"]])
    assert columns == [Column(1, "doc", "value", "亿元"), Column(2, "doc", "growth", "%")]


def test_other_periods_and_changes_are_ignored() -> None:
    _, _, columns = classify_columns(
        [["指标", "1-本月", "上年同期", "比上年同期增长(%)", "增减(亿元)", "比上月增长(%)", "上年同期增速(%)"]]
    )
    assert [(c.index, c.measure) for c in columns] == [(1, "value"), (3, "growth")]


def test_serial_number_column_is_not_the_label() -> None:
    label, _, columns = classify_columns([["序号", "指标", "1-本月", "增长(%)"]])
    assert label == 1
    assert [c.index for c in columns] == [2, 3]


def test_caption_rows_give_the_default_unit_and_the_measure() -> None:
    layout = find_layout([["单位:亿元", "单位:亿元"], ["指标", "1-本月"], ["社会消费品零售总额", "1116"]])
    assert layout is not None and layout.default_unit == "亿元" and layout.first_row == 2
    products = find_layout(
        [["表1 主要工业产品产量及其增长速度"] * 3, ["产品名称", "产量", "比上年增长(%)"], ["汽车", "1", "2"]]
    )
    assert products is not None and products.context == "产量"


def test_a_table_without_an_indicator_header_is_not_an_indicator_table() -> None:
    assert find_layout([["序号", "附件名称", "格式"], ["1", "2024年1-7月主要经济指标", "PDF"]]) is None


def _period_of(column: Column) -> Period:
    return single_month(2024, 6) if column.block == "month" else ytd(2024, 6)


def _rows(table: list[list[str]]) -> tuple[list, list[str]]:
    layout = find_layout(table)
    assert isinstance(layout, TableLayout)
    warnings: list[str] = []
    return list(read_rows(table, layout, _period_of, warnings.append)), warnings


def test_a_rows_figures_pair_value_and_growth_of_each_period() -> None:
    rows, warnings = _rows(
        [["指标", "本月", "比去年同月增长(%)", "1-本月", "比去年同期增长(%)"],
         ["汽车产量(万辆)", "6.1", "3.0", "35.6", "6.0"],
         ["规模以上工业增加值", "…", "8.1", "…", "8.7"],
         ["居民消费价格指数(上年同月=100)", "100.4", "", "", ""],
         ["社会消费品零售总额(亿元)", "181.2", "abc", "1116.0", "5.2"]]
    )  # fmt: skip
    june, first_half = single_month(2024, 6), ytd(2024, 6)
    assert [(r.label, r.figures) for r in rows] == [
        ("汽车产量", [(june, 6.1, "万辆", 3.0), (first_half, 35.6, "万辆", 6.0)]),
        ("规模以上工业增加值", [(june, None, None, 8.1), (first_half, None, None, 8.7)]),
        ("居民消费价格指数", [(june, None, None, 0.4)]),  # an index over last year = 100: the change
        ("社会消费品零售总额", [(june, 181.2, "亿元", None), (first_half, 1116.0, "亿元", 5.2)]),
    ]
    assert warnings == ["table row '社会消费品零售总额(亿元)': cell 'abc' is not a number; skipped"]


def test_interleaved_period_columns_are_paired_and_read_in_the_order_their_numbers_appear() -> None:
    # 本月 | 1-本月 | 本月增长 | 累计增长: the month's value and growth are not next to each other
    rows, _ = _rows(
        [["指标", "本月", "1-本月", "本月增长(%)", "累计增长(%)"],
         ["汽车产量(万辆)", "6.1", "35.6", "3.0", "6.0"],
         ["新能源汽车产量(万辆)", "…", "10.1", "91.5", "80.2"]]
    )  # fmt: skip
    june, first_half = single_month(2024, 6), ytd(2024, 6)
    assert rows[0].figures == [(june, 6.1, "万辆", 3.0), (first_half, 35.6, "万辆", 6.0)]
    assert rows[1].figures == [(first_half, 10.1, "万辆", 80.2), (june, None, None, 91.5)]


def test_a_row_without_figures_is_still_the_parent_of_its_parts() -> None:
    rows, _ = _rows(
        [["指标", "1-本月", "比去年同期增长(%)"],
         ["固定资产投资", "500.1", "5.0"],
         ["工业投资", "…", "…"],
         ["其中:制造业投资", "120.5", "9.1"]]
    )  # fmt: skip
    assert [(r.label, r.is_part, r.parent) for r in rows] == [
        ("固定资产投资", False, None), ("制造业投资", True, "工业投资"),
    ]  # fmt: skip
