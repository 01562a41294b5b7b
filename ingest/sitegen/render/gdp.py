"""Layout (d): the quarterly GDP release "YYYY年一季度全市地区生产总值".

    指标 | 绝对额(亿元) | 比上年同期增长(%)

with GDP and its three parts; absolute values at current prices, growth at constant prices.
"""

from __future__ import annotations

from ingest.sitegen.indicators import GDP_NAMES
from ingest.sitegen.render.figures import FigureSheet
from ingest.sitegen.render.page import paragraphs, table
from ingest.sitegen.render.prose import QUARTER_WORDS
from ingest.sitegen.truth import Truth

HEADER = ["指标", "绝对额(亿元)", "比上年同期增长(%)"]
NOTES = [
    "注:1.绝对额按现价计算,增长速度按不变价计算。",
    "2.本表为省统计局反馈的地区生产总值统一核算结果;分项之和与总计因四舍五入可能不等。",
    "3.“…”表示该项数据不发布。",
]


def gdp_headline(year: int, quarter: int) -> str:
    return f"{year}年全市地区生产总值" if quarter == 4 else f"{year}年{QUARTER_WORDS[quarter]}全市地区生产总值"


def render_gdp(sheet: FigureSheet, truth: Truth, year: int, quarter: int) -> str:
    cut = truth.gdp[(year, quarter)]
    month = quarter * 3
    period = str(year) if quarter == 4 else f"{year}-01..{month:02d}"
    rows = [HEADER]
    for part in ("gdp", "pri", "sec", "ter"):
        key = "gdp" if part == "gdp" else f"gdp.{part}"
        value, growth = sheet.show(
            key, GDP_NAMES[part], period, (year, month), cut.levels[part], 1, "亿元", cut.growth[part]
        )
        rows.append([GDP_NAMES[part], value or "…", growth or "…"])
    return table(rows) + "\n" + paragraphs(NOTES)
