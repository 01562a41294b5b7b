"""Real published Changchun figures that the sample site reproduces, with their sources.

``published_figures.csv`` beside this module is a copy of ``shared/reference/published-figures.csv``
(the project must not read ``../shared`` at run time). Only figures whose meaning is exact are used;
``SKIPPED`` says why the others are not. A used figure anchors the synthetic series (so the synthetic
figures around it stay consistent with it) and is printed unaltered, with a
``targetwatch:real-figure`` meta tag naming its source.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

FIGURES_FILE = Path(__file__).with_name("published_figures.csv")


@dataclass(frozen=True)
class RealFigure:
    indicator_zh: str
    period: str  # as in the file: 2024Q1, 2024-01..06, 2023
    value: str  # as published, "" when only growth is known
    unit: str
    yoy: str
    source_url: str
    quote: str


@dataclass(frozen=True)
class RealUse:
    """A real figure bound to a series of the truth: ``key`` at year ``year``, year to date ``month``."""

    key: str  # gdp, gdp.pri|sec|ter, flow.<key>, minor.<key>
    year: int
    month: int  # last month of the year-to-date period (12 = the whole year)
    figure: RealFigure


# (indicator_zh, period, source URL, truth key) of every figure used. Where two sources publish the
# same figure the first one in the file is cited.
USED: tuple[tuple[str, str, str, str], ...] = (
    ("地区生产总值", "2024Q1", "https://cn.dailyeconomic.com/jl/2024/05/07/856.html", "gdp"),
    ("第一产业增加值", "2024Q1", "https://www.xuehua.us/a/662850fe52971e2887d6f7ad?lang=zh-hk", "gdp.pri"),
    ("第二产业增加值", "2024Q1", "https://www.xuehua.us/a/662850fe52971e2887d6f7ad?lang=zh-hk", "gdp.sec"),
    (
        "第三产业增加值(服务业增加值)",
        "2024Q1",
        "https://www.xuehua.us/a/662850fe52971e2887d6f7ad?lang=zh-hk",
        "gdp.ter",
    ),
    ("农林牧渔业总产值", "2024Q1", "https://cn.dailyeconomic.com/jl/2024/05/07/856.html", "minor.agri_output"),
    ("畜牧业产值", "2024Q1", "https://cn.dailyeconomic.com/jl/2024/05/07/856.html", "minor.livestock_output"),
    ("生猪出栏量", "2024Q1", "https://cn.dailyeconomic.com/jl/2024/05/07/856.html", "minor.hog_slaughter"),
    ("牛出栏量", "2024Q1", "https://cn.dailyeconomic.com/jl/2024/05/07/856.html", "minor.cattle_slaughter"),
    ("羊出栏量", "2024Q1", "https://cn.dailyeconomic.com/jl/2024/05/07/856.html", "minor.sheep_slaughter"),
    ("种植业产值", "2024Q1", "https://cn.dailyeconomic.com/jl/2024/05/07/856.html", "minor.crop_output"),
    ("全市工业增加值", "2024Q1", "https://cn.dailyeconomic.com/jl/2024/05/07/856.html", "minor.industry_va_all"),
    ("规模以上工业总产值", "2024Q1", "https://cn.dailyeconomic.com/jl/2024/05/07/856.html", "flow.ind_output"),
    ("汽车产量", "2024Q1", "https://cn.dailyeconomic.com/jl/2024/05/07/856.html", "flow.auto"),
    ("动车组产量", "2024Q1", "https://cn.dailyeconomic.com/jl/2024/05/07/856.html", "minor.emu_output"),
    ("城市轨道车辆产量", "2024Q1", "https://cn.dailyeconomic.com/jl/2024/05/07/856.html", "minor.metro_car_output"),
    ("电子元件产量", "2024Q1", "https://cn.dailyeconomic.com/jl/2024/05/07/856.html", "minor.electronic_output"),
    ("批发和零售业增加值", "2024Q1", "https://cn.dailyeconomic.com/jl/2024/05/07/856.html", "minor.wholesale_va"),
    (
        "限额以上批发业销售额",
        "2024Q1",
        "https://cn.dailyeconomic.com/jl/2024/05/07/856.html",
        "minor.aq_wholesale_sales",
    ),
    ("限额以上零售业销售额", "2024Q1", "https://cn.dailyeconomic.com/jl/2024/05/07/856.html", "minor.aq_retail_sales"),
    ("住宿和餐饮业增加值", "2024Q1", "https://cn.dailyeconomic.com/jl/2024/05/07/856.html", "minor.catering_va"),
    ("限额以上住宿业营业额", "2024Q1", "https://cn.dailyeconomic.com/jl/2024/05/07/856.html", "minor.aq_hotel_revenue"),
    (
        "限额以上餐饮业营业额",
        "2024Q1",
        "https://cn.dailyeconomic.com/jl/2024/05/07/856.html",
        "minor.aq_catering_revenue",
    ),
    (
        "交通运输、仓储和邮政业增加值",
        "2024Q1",
        "https://cn.dailyeconomic.com/jl/2024/05/07/856.html",
        "minor.transport_va",
    ),
    ("地区生产总值", "2024-01..06", "http://cruickshankpark.com/cjbd/2024-08-06/242315.html", "gdp"),
    ("地区生产总值", "2023", "https://www.mianyangganji.com/lvyou/66954.html", "gdp"),
    ("地区生产总值", "2023", "https://www.wangleicn.com/p/9121.html", "gdp"),
    ("第二产业增加值", "2023", "https://www.mianyangganji.com/lvyou/66954.html", "gdp.sec"),
    ("规模以上工业增加值", "2023", "https://www.mianyangganji.com/lvyou/66954.html", "flow.ind_va"),
    ("汽车产业产值", "2023", "https://www.mianyangganji.com/lvyou/66954.html", "minor.auto_industry_output"),
    ("服务业增加值", "2023", "https://www.mianyangganji.com/lvyou/66954.html", "gdp.ter"),
    ("固定资产投资", "2023", "https://www.mianyangganji.com/lvyou/66954.html", "flow.fai"),
    ("房地产开发投资", "2023", "https://www.mianyangganji.com/lvyou/66954.html", "flow.re_inv"),
)

# Figures of the file that are deliberately not reproduced, and why.
SKIPPED: dict[str, str] = {
    "地区生产总值 2024Q1 (jp.changchun.gov.cn)": "the same figure as the cited Chinese source; one citation per figure",
    "农林牧渔业增加值 2024Q1": "the same growth as 第一产业增加值 (3.1%), which the pages already carry",
    "一汽在长春…": "company (FAW) figures, not the city's statistics",
    "政府性基金收入": "second-hand (a rating report's transcription)",
    "…(2024年1月政府工作报告…)": "work-report figures for 2023 (estimates or rounded), not bureau statistics",
    "规模以上工业总产值 (推算)": "derived, not published",
    "新能源车产量 2023": "ambiguous scope (the sentence reports FAW's production in Changchun)",
}


@functools.cache
def load_figures() -> tuple[RealFigure, ...]:
    with FIGURES_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(
            RealFigure(
                indicator_zh=row["indicator_zh"],
                period=row["period"],
                value=row["value"],
                unit=row["unit"],
                yoy=row["yoy_growth_pct"],
                source_url=row["source_url"],
                quote=row["quote"],
            )
            for row in csv.DictReader(handle)
        )


def period_end(period: str) -> tuple[int, int]:
    """``2024Q1`` → (2024, 3); ``2024-01..06`` → (2024, 6); ``2023`` → (2023, 12)."""
    if "Q" in period:
        year, quarter = period.split("Q")
        return int(year), int(quarter) * 3
    if ".." in period:
        return int(period[:4]), int(period.rsplit("..", 1)[1])
    return int(period), 12


@functools.cache
def real_uses() -> tuple[RealUse, ...]:
    figures = load_figures()
    uses: list[RealUse] = []
    for indicator, period, url, key in USED:
        matches = [f for f in figures if (f.indicator_zh, f.period, f.source_url) == (indicator, period, url)]
        if len(matches) != 1:
            raise ValueError(f"published_figures.csv has {len(matches)} rows for {indicator} {period} {url}")
        year, month = period_end(period)
        uses.append(RealUse(key, year, month, matches[0]))
    return tuple(uses)
