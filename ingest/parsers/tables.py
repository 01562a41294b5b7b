"""Indicator tables: which column is what, and the figures of each row.

One reader for every tabular layout (bulletin-formats.md a–d):

    指标 | 本月 | 比去年同月增长(%) | 1-本月 | 比去年同期增长(%)           monthly table
    指标 | 本月 | 1-本月  over  绝对量 | 同比增长(%) | 绝对量 | 同比增长(%)   NBS two-row header
    指标 | 比上年同期增长(%)                                          growth-only (investment)
    指标 | 绝对额(亿元) | 比上年同期增长(%)                            quarterly GDP
    产品名称 | 单位 | 产量 | 比上年增长(%)                              communique table

Header rows (one to three, spans already expanded by :mod:`page`) are joined per column, so the
two-row NBS header reads "1-本月 绝对量" / "1-本月 同比增长(%)". Each column gets a *block*
(``ytd`` for 1-本月/累计, ``month`` for 本月/当月, ``doc`` when the header names no period: the
document's period) and a *measure* (``value`` or ``growth``). Columns of another period
(上年同期, 上月) and absolute changes (增减量) are ignored, never misread as this period's value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from typing import NamedTuple

from ingest.parsers.memo import bounded_cache
from ingest.parsers.numbers import parse_cell_number, split_label_unit
from ingest.parsers.periods import DASH, Period, cn_number

_LABEL_HEAD = re.compile(r"指标|项目|名称|产品|类别|行业|地区|分组")
_UNIT_HEAD = re.compile(r"^(?:计量)?单位$")
_SERIAL_HEAD = re.compile(r"^(?:序号|编号|行次)$")
_GROWTH_HEAD = re.compile(r"增长|增速|增幅|增减|同比|比上年|比去年|±|%|％")
_OTHER_PERIOD = re.compile(r"上年|去年|上月|上期|同期数|基期")
_NOT_YOY = re.compile(r"上月|环比|年初|上季")
_YTD_HEAD = re.compile(
    r"1\s*" + DASH + r"\s*(?:本月|(?P<end>\d{1,2})\s*月)|累计|本年|年初至|自年初|前\s*(?P<n>\d{1,2})\s*个月"
    r"|(?P<q>一季度|第一季度|上半年|前三季度|全年)"
)
_MONTH_HEAD = re.compile(r"本月|当月|本期|^(?P<m>\d{1,2})\s*月(?:份)?$|(?<![-—–~～至\d])(?P<m2>\d{1,2})\s*月份")
_HEADER_WORDS = re.compile(r"指标|项目|名称|本月|当月|累计|绝对|增长|增速|同比|单位|数值|金额|总量|1\s*" + DASH)
_VALUE_HEAD = re.compile(r"绝对|数值|金额|总量|总额|产量|数量|合计|实绩|完成|本期|累计|[额量值数]$")
_NOTE_LABEL = re.compile(r"^(?:注|说明|备注|资料来源|数据来源)\s*[:：]?")
_UNIT_ROW = re.compile(r"^\s*(?:计量)?单位\s*[:：]\s*(?P<unit>[^,，;；\s]+)")
_LABEL_NOISE = re.compile(
    r"^(?:[#＃*＊\s\u3000]+|其中\s*[:：]?|\d+[.、．]\s*|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）])+"
)
_GROWTH_IN_LABEL = re.compile(r"(?:同比)?(?:增长|增速|增幅)(?:率)?$")
# A price index row: "(上年同月=100)" is an index (change = value − 100); "价格指数(%)" is the change itself.
_INDEX_BASE = re.compile(r"[(（]\s*(?:上年|去年)(?:同月|同期)?\s*=\s*100\s*[)）]")
_PRICE_INDEX = re.compile(r"价格指数|价格总水平|价格涨跌|CPI|PPI", re.IGNORECASE)
_HEADING_MEASURE = re.compile(r"产量|销量|产值|增加值|零售额|销售额|营业额|营业收入|投资|出口额|进口额")
_BREAKDOWN = re.compile(r"^\s*(?:按|分).{1,8}(?:分|看)?\s*[:：]?$")
_OTHER_PERIOD_GROWTH = re.compile(r"(?<![比较])(?:上年|去年)")
_QUARTER_END = {"一季度": 3, "第一季度": 3, "上半年": 6, "前三季度": 9, "全年": 12}


@dataclass(frozen=True)
class Column:
    index: int
    block: str  # "ytd" | "month" | "doc"
    measure: str  # "value" | "growth"
    unit: str | None = None  # from the header: "绝对额(亿元)"
    end_month: int | None = None  # an explicit month in the header: "1-6月", "6月"


@dataclass(frozen=True)
class TableLayout:
    label: int
    unit: int | None
    columns: tuple[Column, ...]
    first_row: int  # index of the first data row
    default_unit: str | None  # "单位:亿元" caption
    context: str | None = None  # the measure a caption names ("主要工业产品产量及其增长速度" → 产量)


# One figure of a row: (period, value, unit, growth); a plain tuple, as a table has hundreds.
TableFigure = tuple[Period, float | None, str | None, float | None]


class TableRow(NamedTuple):
    """The figures of one data row, one per period (value and growth together)."""

    label: str  # indicator name as in the row, markers and unit removed
    is_part: bool  # "#" or 其中 row
    parent: str | None  # the row this one is a part of (其中 rows; rows under "按产业分")
    quote: str
    figures: list[TableFigure]


def _block(header: str) -> tuple[str | None, int | None]:
    ytd = _YTD_HEAD.search(header)
    if ytd:
        if ytd.group("end"):
            return "ytd", int(ytd.group("end"))
        if ytd.group("n"):
            return "ytd", int(ytd.group("n"))
        if ytd.group("q"):
            return "ytd", _QUARTER_END[ytd.group("q")]
        return "ytd", None
    month = _MONTH_HEAD.search(header)
    if month:
        number = month.group("m") or month.group("m2")
        return "month", cn_number(number) if number else None
    return None, None


def classify_columns(header_rows: list[list[str]]) -> tuple[int, int | None, list[Column]]:
    """(label column, unit column, figure columns) from the header rows of a table."""
    width = max(len(r) for r in header_rows)
    heads: list[str] = []
    for i in range(width):
        parts: list[str] = []
        for row in header_rows:
            cell = row[i].strip() if i < len(row) else ""
            if cell and cell not in parts:
                parts.append(cell)
        heads.append(" ".join(parts))
    label = next((i for i, h in enumerate(heads) if _LABEL_HEAD.search(h) and not _GROWTH_HEAD.search(h)), None)
    if label is None:
        label = 1 if width > 2 and _SERIAL_HEAD.match(heads[0]) else 0
    unit_col = next((i for i, h in enumerate(heads) if _UNIT_HEAD.match(h)), None)
    columns: list[Column] = []
    last_block: str | None = None
    for i, head in enumerate(heads):
        if i in (label, unit_col) or not head or _SERIAL_HEAD.match(head):
            continue
        _, head_unit = split_label_unit(head)
        block, end_month = _block(head)
        is_growth = bool(_GROWTH_HEAD.search(head)) and head_unit in (None, "%")
        if is_growth:
            if _NOT_YOY.search(head) or _OTHER_PERIOD_GROWTH.search(head):
                continue  # 比上月/环比/比年初, or last year's rate (上年同期增速): not this period's
            if block is None:
                if "同月" in head:
                    block = "month"
                elif "同期" in head and last_block is None:
                    block = "doc"
                else:
                    block = last_block or "doc"
            columns.append(Column(i, block, "growth", "%", end_month))
            continue
        if _OTHER_PERIOD.search(head) or _GROWTH_HEAD.search(head):
            continue  # 上年同期 values, 增减量 changes: not this period's figure
        if block is None and head_unit is None and not _VALUE_HEAD.search(head):
            continue  # "格式", "备注": not a figure column
        block = block or "doc"
        last_block = block
        columns.append(Column(i, block, "value", head_unit, end_month))
    return label, unit_col, columns


def heading_measure(heading: str) -> str | None:
    """The measure a caption or section heading names, last one first ("主要工业产品产量" → 产量)."""
    found = _HEADING_MEASURE.findall(heading)
    return found[-1] if found else None


def _is_spanning(row: list[str]) -> bool:
    if len(row) <= 1:
        return False
    if row[0] and row[1] and row[0] != row[1]:
        return False  # two different texts (a data row): known without the set
    cells = set(row)
    cells.discard("")
    return len(cells) == 1


def _has_number(row: list[str], label: int) -> bool:
    """Whether a cell other than the label holds a number (a data row, not a header)."""
    for i, cell in enumerate(row):
        if i == label:
            continue
        try:
            if parse_cell_number(cell) is not None:
                return True
        except ValueError:
            continue
    return False


def find_layout(table: list[list[str]]) -> TableLayout | None:
    """The layout of an indicator table, or None when the table is not one."""
    default_unit: str | None = None
    context: str | None = None
    start = 0
    while start < min(len(table), 3) and _is_spanning(table[start]):
        caption = next(c for c in table[start] if c)
        unit = _UNIT_ROW.search(caption)
        if unit:
            default_unit = unit.group("unit")
        else:
            context = heading_measure(caption) or context
        start += 1
    header_start = next(
        (i for i in range(start, min(start + 3, len(table))) if _HEADER_WORDS.search(" ".join(table[i]))), None
    )
    if header_start is None:
        return None
    first_data = next((i for i in range(header_start + 1, len(table)) if _has_number(table[i], 0)), None)
    header_end = first_data if first_data is not None else min(header_start + 1, len(table))
    header_end = min(header_end, header_start + 3)
    label, unit_col, columns = classify_columns(table[header_start:header_end])
    if not columns:
        return None
    return TableLayout(label, unit_col, tuple(columns), header_end, default_unit, context)


def clean_label(label: str) -> tuple[str, bool]:
    """("# 批发零售业" → "批发零售业", True): markers of an "of which" row removed and reported."""
    stripped = label.strip()
    is_part = stripped.startswith(("#", "＃", "*", "＊", "其中")) or label[:1] in (" ", "\u3000")
    return _LABEL_NOISE.sub("", stripped).strip(), is_part


@dataclass(frozen=True)
class _Label:
    """What a row label says, apart from the figures (the same labels recur in every release)."""

    skip: bool  # a note ("注:…") or a repeated header, not a figure row
    label: str  # the indicator name: markers, unit, index base and "增速" removed
    is_part: bool
    base_100: bool  # "(上年同月=100)": an index, the change is value − 100
    unit: str | None  # the unit written in the label
    growth_label: bool  # "…增速(%)": the value is the rate itself


@bounded_cache(65536)
def _read_label(raw_label: str) -> _Label:
    stripped = raw_label.strip()
    if _NOTE_LABEL.match(stripped) or _HEADER_WORDS.fullmatch(stripped):
        return _Label(True, "", False, False, None, False)
    label, is_part = clean_label(raw_label)
    base_100 = bool(_INDEX_BASE.search(label))
    label = _INDEX_BASE.sub("", label)
    label, label_unit = split_label_unit(label)
    growth_label = bool(_GROWTH_IN_LABEL.search(label))
    if growth_label:
        label = _GROWTH_IN_LABEL.sub("", label)
    return _Label(False, label, is_part, base_100, label_unit, growth_label)


def _has_figure_cells(row: list[str], indices: tuple[int, ...], raw_label: str) -> bool:
    """Whether any figure column of the row holds text other than the label (else: a section heading)."""
    width = len(row)
    for index in indices:
        if index < width:
            cell = row[index]
            if cell != raw_label and cell.strip():
                return True
    return False


def _period_cells(
    layout: TableLayout, period_of: Callable[[Column], Period]
) -> tuple[list[tuple[Period, tuple[tuple[int, bool, str | None], ...]]], bool]:
    """The figure columns grouped by period, in order of first column: [(period, ((index, is_growth,
    unit), …))], and whether the groups interleave (one's columns between another's): a row's figures
    then come in the order their first number appears, as they are read."""
    groups: dict[Period, list[tuple[int, bool, str | None]]] = {}
    owner: list[Period] = []  # the period of each column, in column order
    for c in layout.columns:
        period = period_of(c)
        groups.setdefault(period, []).append((c.index, c.measure == "growth", c.unit or layout.default_unit))
        owner.append(period)
    contiguous = len(groups) == len([p for i, p in enumerate(owner) if i == 0 or owner[i - 1] != p])
    return [(period, tuple(cells)) for period, cells in groups.items()], not contiguous


def read_rows(
    table: list[list[str]],
    layout: TableLayout,
    period_of: Callable[[Column], Period],
    warn: Callable[[str], None],
) -> Iterator[TableRow]:
    """The data rows with a figure, each with its figures: one per period (value and growth together)."""
    # worked out once per table, not per cell: the periods' columns, and the columns a figure is in
    groups, interleaved = _period_cells(layout, period_of)
    indices = tuple(c.index for c in layout.columns)
    label_at, unit_at = layout.label, layout.unit
    total: str | None = None  # the table's first indicator: what a "按产业分" breakdown splits
    parent: str | None = None  # the last top-level row: what its "#"/其中 rows are parts of
    context = layout.context  # a caption or section heading the rows belong to ("主要工业产品产量")
    for row in table[layout.first_row :]:
        width = len(row)
        if width <= label_at or not row[label_at].strip():
            continue
        raw_label = row[label_at]
        read = _read_label(raw_label)
        if read.skip:
            continue
        if _is_spanning(row) or not _has_figure_cells(row, indices, raw_label):
            # a section heading: "按产业分" splits the total; "主要工业产品产量" names its rows' measure
            heading = raw_label.strip()
            context = total if _BREAKDOWN.search(heading) else heading_measure(heading) or None
            parent = None
            continue
        label = read.label
        if read.is_part:
            row_parent = parent or context
        elif context:
            row_parent = context
        else:
            row_parent = None
            parent = label
        total = total or label
        unit_cell = row[unit_at].strip(" -—–…/") if unit_at is not None and unit_at < width else ""
        value_unit = unit_cell or read.unit  # before the column's unit
        figures: list[TableFigure] = []
        first_seen: list[int] = []  # (interleaved groups only) where each figure's first number is
        for period, cells in groups:
            value = growth = unit = None
            first = -1
            for index, is_growth, column_unit in cells:
                if index >= width:
                    continue
                try:
                    number = parse_cell_number(row[index])
                except ValueError:
                    warn(f"table row {raw_label!r}: cell {row[index]!r} is not a number; skipped")
                    continue
                if number is None:
                    continue
                if first < 0:
                    first = index
                if is_growth:
                    growth = number
                else:
                    value, unit = number, value_unit or column_unit
            if first < 0:
                continue
            if growth is None:
                if read.base_100:
                    value, growth, unit = None, round(value - 100.0, 6), None  # 上年同月=100 → change
                elif read.growth_label or (unit == "%" and _PRICE_INDEX.search(label)):
                    value, growth, unit = None, value, None  # "增速(%)", "价格指数(%)": the rate itself
            figures.append((period, value, unit, growth))
            first_seen.append(first)
        if not figures:
            continue
        if interleaved and len(figures) > 1:
            figures = [f for _, f in sorted(zip(first_seen, figures, strict=True), key=itemgetter(0))]
        yield TableRow(label, read.is_part, row_parent, " | ".join(row), figures)
