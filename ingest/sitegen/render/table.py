"""Layout (a)–(c): the monthly indicator table "YYYY年1-N月主要经济指标".

    指标 | 本月 | 比去年同月增长(%) | 1-本月 | 比去年同期增长(%)

The unit sits in the row label, ``#`` marks 其中 rows, growth-only rows (规模以上工业增加值,
固定资产投资(不含农户)) print "…" in their value cells, and 居民消费价格指数(%) carries the
year-on-year change in its value cells.
"""

from __future__ import annotations

from ingest.sitegen.indicators import FLOW_BY_KEY, FlowSpec
from ingest.sitegen.render.figures import FigureSheet
from ingest.sitegen.render.page import paragraphs, table
from ingest.sitegen.scenario import DetailPlan
from ingest.sitegen.truth import CumulativeSeries, Truth

HEADER = ["指标", "本月", "比去年同月增长(%)", "1-本月", "比去年同期增长(%)"]
NA = "…"
INDENT = "\u3000\u3000"

# (flow key, label prefix), in page order; "cpi" is the price row.
CORE_ROWS: tuple[tuple[str, str], ...] = (
    ("ind_output", ""),
    ("ind_auto", "# "),
    ("ind_va", ""),
    ("auto", ""),
    ("nev", "# "),
    ("fai", ""),
    ("re_inv", "# "),
    ("housing", ""),
    ("retail", ""),
    ("retail_wholesale", "# "),
    ("retail_catering", INDENT),
    ("budget", ""),
    ("budget_tax", "# "),
    ("trade", ""),
    ("cpi", ""),
    ("jobs", ""),
)
SPECIAL_LABELS = {"fai": "固定资产投资(不含农户)", "ind_va": "规模以上工业增加值"}
DETAIL_HEADINGS = {
    "industries": "规模以上工业分行业产值",
    "products": "主要工业产品产量",
    "retail": "限额以上单位商品零售额",
}

NOTES = [
    "注:1.规模以上工业增加值增速按可比价格计算,固定资产投资增速按可比口径计算。",
    "2.“…”表示该项数据不发布或无此项数据。",
    "3.居民消费价格指数一行为同比涨跌幅(%)。",
]


def _label(spec: FlowSpec) -> str:
    return SPECIAL_LABELS.get(spec.key) or f"{spec.name}({spec.unit})"


def _flow_cells(
    sheet: FigureSheet, key: str, name: str, series: CumulativeSeries, spec: FlowSpec, year: int, month: int
) -> list[str]:
    cells = [NA, NA]
    if spec.month_cells:
        value, growth = sheet.show(
            f"{key}@month",
            name,
            f"{year}-{month:02d}",
            (year, month),
            series.level(year, month) if spec.level_cells else None,
            spec.decimals,
            spec.unit,
            series.level_growth(year, month),
        )
        cells = [value or NA, growth or NA]
    value, growth = sheet.show(
        key,
        name,
        f"{year}-01..{month:02d}",
        (year, month),
        series.ytd(year, month) if spec.level_cells else None,
        spec.decimals,
        spec.unit,
        series.ytd_growth(year, month),
    )
    return [*cells, value or NA, growth or NA]


def _cpi_cells(sheet: FigureSheet, truth: Truth, year: int, month: int) -> list[str]:
    name = "居民消费价格指数"
    month_value, _ = sheet.show(
        "cpi@month", name, f"{year}-{month:02d}", (year, month), truth.cpi[year][month - 1], 1, "%", None
    )
    ytd_value, _ = sheet.show(
        "cpi", name, f"{year}-01..{month:02d}", (year, month), truth.cpi_ytd(year, month), 1, "%", None
    )
    return [month_value or NA, NA, ytd_value or NA, NA]


def _detail_rows(
    sheet: FigureSheet, truth: Truth, details: tuple[DetailPlan, ...], year: int, month: int
) -> list[list[str]]:
    rows: list[list[str]] = []
    group = None
    for plan in details:
        if plan.group != group:
            group = plan.group
            rows.append([DETAIL_HEADINGS[group], "", "", "", ""])
        spec = FlowSpec(plan.key, plan.name, plan.unit, plan.decimals, "industry")
        label = f"{INDENT}{plan.name}({plan.unit})"
        rows.append(
            [label, *_flow_cells(sheet, f"detail.{plan.key}", plan.name, truth.details[plan.key], spec, year, month)]
        )
    return rows


def monthly_table_headline(year: int, month: int) -> str:
    return f"{year}年1-{month}月主要经济指标"


def render_monthly_table(
    sheet: FigureSheet, truth: Truth, details: tuple[DetailPlan, ...], year: int, month: int
) -> str:
    rows = [HEADER]
    for key, prefix in CORE_ROWS:
        if key == "cpi":
            rows.append(["居民消费价格指数(%)", *_cpi_cells(sheet, truth, year, month)])
            continue
        spec = FLOW_BY_KEY[key]
        name = SPECIAL_LABELS.get(key, spec.name)
        rows.append(
            [prefix + _label(spec), *_flow_cells(sheet, f"flow.{key}", name, truth.flows[key], spec, year, month)]
        )
    rows.extend(_detail_rows(sheet, truth, details, year, month))
    return table(rows) + "\n" + paragraphs(NOTES)
