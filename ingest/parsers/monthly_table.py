"""The monthly indicator table (bulletin-formats.md layouts a–c).

    指标 | 本月 | 比去年同月增长(%) | 1-本月 | 比去年同期增长(%)
    社会消费品零售总额(亿元) | 181.2 | 5.1 | 1116.0 | 5.2
      # 批发零售业            | …     | …   | …      | …
    规模以上工业增加值        | …     | 8.1 | …      | 8.7

Header variants: ``1-本月`` / ``1-6月`` / ``累计`` for the year-to-date block, ``本月`` / ``当月`` /
``6月`` for the month, growth columns after their value column, NBS two-row headers
(``本月 | 1-本月`` over ``绝对量 | 同比增长(%)``), and growth-only tables (``指标 | 增速(%)``).
The unit sits in the row label; ``#`` or ``其中:`` marks an "of which" row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.observations import Observation
from ingest.parsers.base import ParseContext
from ingest.parsers.numbers import parse_cell_number, split_label_unit
from ingest.parsers.page import Page
from ingest.parsers.periods import DASH, Period, single_month, title_period, ytd
from ingest.quarantine import Quarantined

_YTD_HEAD = re.compile(r"1\s*" + DASH + r"\s*(本月|\d{1,2}\s*月)|累计|本年|前\d{1,2}个月")
_MONTH_HEAD = re.compile(r"本月|当月|^\d{1,2}\s*月(份)?$")
_GROWTH_HEAD = re.compile(r"增长|增速|同比|%|％")
_LABEL_HEAD = re.compile(r"指标|项目|名称")


@dataclass(frozen=True)
class Column:
    index: int
    block: str  # "ytd" | "month"
    measure: str  # "value" | "growth"


def _header_columns(header_rows: list[list[str]]) -> list[Column]:
    """Read one or two header rows into column roles."""
    width = max(len(r) for r in header_rows)
    columns: list[Column] = []
    if len(header_rows) == 2:
        # NBS style: a group row (本月 | 1-本月) spanning a sub row (绝对量 | 同比增长(%)).
        top, sub = header_rows
        groups: list[str] = []
        current = ""
        # Group cells are repeated by <th colspan> only in some CMSs; carry the last seen group.
        for i in range(width):
            cell = top[i] if i < len(top) else ""
            if cell:
                current = cell
            groups.append(current)
        for i in range(1, width):
            sub_cell = sub[i] if i < len(sub) else ""
            group = groups[i] if i < len(groups) else ""
            block = "ytd" if _YTD_HEAD.search(group) else "month" if _MONTH_HEAD.search(group) else None
            if block is None:
                continue
            measure = "growth" if _GROWTH_HEAD.search(sub_cell) else "value"
            columns.append(Column(i, block, measure))
        return columns
    (header,) = header_rows
    last_block: str | None = None
    for i, cell in enumerate(header):
        if i == 0:
            continue
        if _YTD_HEAD.search(cell) and not _GROWTH_HEAD.search(cell):
            last_block = "ytd"
            columns.append(Column(i, "ytd", "value"))
        elif _MONTH_HEAD.search(cell) and not _GROWTH_HEAD.search(cell):
            last_block = "month"
            columns.append(Column(i, "month", "value"))
        elif _GROWTH_HEAD.search(cell):
            if "同期" in cell or _YTD_HEAD.search(cell):
                block = "ytd"
            elif "同月" in cell or _MONTH_HEAD.search(cell):
                block = "month"
            else:
                block = last_block or "ytd"  # growth-only tables report year to date
            columns.append(Column(i, block, "growth"))
    return columns


def _find_header(table: list[list[str]]) -> tuple[list[Column], int] | None:
    for start in range(min(3, len(table))):
        row = table[start]
        if not row or not (_LABEL_HEAD.search(row[0]) or not row[0]):
            continue
        for height in (2, 1):
            rows = table[start : start + height]
            if len(rows) < height:
                continue
            columns = _header_columns(rows)
            if columns and any(c.block == "ytd" for c in columns):
                if height == 2 and not any(c.measure == "growth" for c in columns):
                    continue
                return columns, start + height
    return None


def parse(page: Page, ctx: ParseContext) -> list[Observation]:
    period = title_period(page.title)
    if period is None:
        raise Quarantined("unparseable_period", f"no period in the title {page.title!r}")
    if period.kind == "year":
        end_month = 12
    else:
        end_month = period.end_month
    year = period.start.year
    try:
        ytd_period: Period = ytd(year, end_month)
    except ValueError as exc:
        raise Quarantined("unparseable_period", f"title {page.title!r}: {exc}") from exc
    month_period = single_month(year, end_month)
    observations: list[Observation] = []
    recognised = False
    for table in page.tables:
        found = _find_header(table)
        if found is None:
            continue
        recognised = True
        columns, first_row = found
        for row in table[first_row:]:
            if not row or not row[0].strip():
                continue
            observations.extend(_row_observations(row, columns, ytd_period, month_period, ctx))
    if not recognised:
        raise Quarantined(
            "unrecognised_layout",
            "no table with an indicator column and a year-to-date (1-本月/累计) column",
        )
    if not observations:
        raise Quarantined("no_figures", "the indicator table has no readable figures")
    return observations


def _row_observations(
    row: list[str], columns: list[Column], ytd_period: Period, month_period: Period, ctx: ParseContext
) -> list[Observation]:
    label_raw = row[0]
    label, unit = split_label_unit(label_raw.lstrip("#＃* 　").removeprefix("其中:").removeprefix("其中："))
    quote = " | ".join(cell for cell in row)
    out: list[Observation] = []
    for block, period in (("ytd", ytd_period), ("month", month_period)):
        cells = {c.measure: c.index for c in columns if c.block == block}
        if not cells:
            continue
        try:
            value = parse_cell_number(row[cells["value"]]) if "value" in cells and cells["value"] < len(row) else None
            growth = parse_cell_number(row[cells["growth"]]) if "growth" in cells and cells["growth"] < len(row) else None
        except ValueError as exc:
            raise Quarantined("no_figures", f"row {label_raw!r}: {exc}") from exc
        if value is None and growth is None:
            continue
        if unit == "%" and value is not None and growth is None and "增长" in label:
            growth, value = value, None  # "增速(%)" rows put the rate in the value column
        out.append(
            ctx.observation(
                indicator_raw=label,
                period=period,
                value=value,
                unit=unit,
                yoy_pct=growth,
                quote=quote,
            )
        )
    return out
