"""Column roles from header rows: blocks, measures, units, columns to ignore."""

from __future__ import annotations

from ingest.parsers.tables import Column, classify_columns, find_layout


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
