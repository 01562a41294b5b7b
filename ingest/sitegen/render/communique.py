"""Layout (e): the annual communique "长春市YYYY年国民经济和社会发展统计公报".

Numbered prose sections (一、综合 二、农业 三、工业和建筑业 …), "初步核算", bracketed footnote
markers (地区生产总值[2]) and the notes at the end; every figure is the whole year.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.sitegen.indicators import ANNUAL_BY_KEY, FLOW_BY_KEY, GDP_PARTS
from ingest.sitegen.numbers import fmt, growth_pct
from ingest.sitegen.render.figures import FigureSheet
from ingest.sitegen.render.page import paragraphs
from ingest.sitegen.render.prose import growth_words, times_rounded
from ingest.sitegen.truth import Truth

NOTES = [
    "注释:",
    "[1]本公报中数据均为初步统计数,部分数据因四舍五入的原因,存在总计与分项合计不等的情况。",
    "[2]地区生产总值、各产业增加值绝对数按现价计算,增长速度按不变价计算。",
    "[3]人均地区生产总值按年平均常住人口计算。",
    "[4]城镇新增就业为人力资源和社会保障部门统计数;居民收入为国家统计局长春调查队数据。",
]


def communique_headline(region_name: str, year: int) -> str:
    return f"{region_name}{year}年国民经济和社会发展统计公报"


@dataclass
class _Writer:
    sheet: FigureSheet
    truth: Truth
    year: int

    @property
    def at(self) -> tuple[int, int]:
        return (self.year, 12)

    def figure(
        self,
        key: str,
        name: str,
        value: float | None,
        decimals: int,
        unit: str,
        yoy: float | None,
        written: str | None = None,
        versus: str = "",
    ) -> str:
        """``written`` (default ``name``) + ``1247.2万吨,比上年增长1.4%``."""
        rate = times_rounded(yoy) if yoy is not None else None
        value_text, yoy_text = self.sheet.show(key, name, str(self.year), self.at, value, decimals, unit, rate)
        text = written or name
        if value_text:
            text += f"{value_text}{unit}"
        if yoy_text:
            text += ("," if value_text else "") + versus + growth_words(yoy_text)
        return text

    def flow(self, key: str, name: str | None = None, versus: str = "", with_level: bool = True) -> str:
        spec = FLOW_BY_KEY[key]
        series = self.truth.flows[key]
        level = series.ytd(self.year, 12) if with_level else None
        return self.figure(
            f"flow.{key}",
            name or spec.name,
            level,
            spec.decimals,
            spec.unit,
            series.ytd_growth(self.year, 12),
            versus=versus,
        )

    def annual(self, key: str, versus: str = "") -> str:
        name, unit, decimals, *_ = ANNUAL_BY_KEY[key]
        return self.figure(
            f"annual.{key}",
            name,
            self.truth.annual[key][self.year],
            decimals,
            unit,
            self.truth.annual_growth(key, self.year),
            versus=versus,
        )

    def minor(self, key: str, name: str) -> str:
        return self.figure(f"minor.{key}", name, None, 1, "", self.truth.minor[(key, self.year, 4)])


def _overview(w: _Writer) -> list[str]:
    cut = w.truth.gdp[(w.year, 4)]
    gdp = w.figure(
        "gdp",
        "地区生产总值",
        cut.levels["gdp"],
        2,
        "亿元",
        cut.growth["gdp"],
        written="地区生产总值[2]",
        versus="按可比价格计算,比上年",
    )
    names = {"pri": "第一产业增加值", "sec": "第二产业增加值", "ter": "第三产业增加值"}
    parts = [w.figure(f"gdp.{p}", names[p], cut.levels[p], 1, "亿元", cut.growth[p]) for p in GDP_PARTS]
    shares = ":".join(fmt(cut.levels[p] / cut.levels["gdp"] * 100, 1) for p in GDP_PARTS)
    population = w.truth.annual["population"]
    average = (population[w.year] + population[w.year - 1]) / 2
    per_capita = cut.levels["gdp"] * 1e8 / (average * 1e4)
    pop_growth = growth_pct(average, (population[w.year - 1] + population.get(w.year - 2, population[w.year - 1])) / 2)
    real_per_capita = ((1 + cut.growth["gdp"] / 100) / (1 + pop_growth / 100) - 1) * 100
    per_capita_text = w.figure(
        "derived.gdp_per_capita",
        "人均地区生产总值",
        per_capita,
        0,
        "元",
        real_per_capita,
        written="人均地区生产总值[3]",
        versus="比上年",
    )
    pop_value, _ = w.sheet.show(
        "annual.population", "年末常住人口", str(w.year), w.at, population[w.year], 2, "万人", None
    )
    change = population[w.year] - population[w.year - 1]
    cpi_value, _ = w.sheet.show("cpi", "居民消费价格", str(w.year), w.at, w.truth.cpi_ytd(w.year, 12), 1, "%", None)
    cpi = float(cpi_value or 0)
    cpi_text = "持平" if cpi == 0 else (f"上涨{cpi_value}%" if cpi > 0 else f"下降{(cpi_value or '').lstrip('-')}%")
    return [
        "一、综合",
        f"初步核算,全年全市实现{gdp}。其中,{';'.join(parts)}。三次产业结构为{shares}。",
        f"按年平均常住人口计算,全年{per_capita_text}。全市年末常住人口{pop_value}万人,"
        f"比上年末{'增加' if change >= 0 else '减少'}{fmt(abs(change), 2)}万人。全年全市居民消费价格比上年{cpi_text}。",
    ]


def _sectors(w: _Writer) -> list[str]:
    return [
        "二、农业",
        f"全年全市{w.annual('grain', versus='比上年')}。{w.annual('hogs')};{w.annual('cattle')}。"
        f"全年{w.minor('agri_output', '农林牧渔业总产值')}。",
        "三、工业和建筑业",
        f"全年全市{w.flow('ind_va', versus='比上年', with_level=False)}。{w.flow('ind_output')},"
        f"其中{w.minor('auto_industry_output', '汽车产业产值')}。全年{w.flow('auto')};"
        f"其中{w.flow('nev')}。全年{w.minor('construction_va', '建筑业增加值')}。",
        "四、固定资产投资",
        f"全年全市{w.flow('fai', '固定资产投资(不含农户)', versus='比上年', with_level=False)}。"
        f"其中,{w.flow('re_inv', with_level=False)}。{w.flow('housing')}。",
        "五、国内贸易",
        f"全年全市{w.flow('retail', versus='比上年')}。按行业分,{w.flow('retail_wholesale', '批发零售业零售额')};"
        f"{w.flow('retail_catering', '住宿餐饮业零售额')}。",
        "六、对外经济",
        f"全年全市{w.flow('trade', versus='比上年')}。",
        "七、财政和金融",
        f"全年全市{w.flow('budget', versus='比上年')},其中{w.flow('budget_tax')}。"
        f"年末全市{w.annual('deposits', versus='比上年末')};{w.annual('loans')}。",
        "八、交通运输",
        f"全年{w.annual('freight', versus='比上年')}。",
    ]


def _living(w: _Writer) -> list[str]:
    t = w.truth
    total = w.figure(
        "income.all",
        "全体居民人均可支配收入",
        t.income_all(w.year, 4),
        0,
        "元",
        t.income_all_growth(w.year, 4),
        versus="比上年",
    )
    urban, rural = t.incomes["income_urban"], t.incomes["income_rural"]
    u = w.figure(
        "income.urban", "城镇常住居民人均可支配收入", urban.ytd(w.year, 4), 0, "元", urban.ytd_growth(w.year, 4)
    )
    r = w.figure(
        "income.rural", "农村常住居民人均可支配收入", rural.ytd(w.year, 4), 0, "元", rural.ytd_growth(w.year, 4)
    )
    jobs_value, _ = w.sheet.show(
        "flow.jobs@communique",
        "城镇新增就业",
        str(w.year),
        w.at,
        t.flows["jobs"].ytd(w.year, 12),
        FLOW_BY_KEY["jobs"].decimals,
        "万人",
        None,
    )
    return [
        "九、人民生活和社会保障",
        f"全年全市{total}。其中,{u};{r}。全年城镇新增就业[4]{jobs_value}万人。",
    ]


def render_communique(sheet: FigureSheet, truth: Truth, bureau: str, year: int) -> str:
    w = _Writer(sheet, truth, year)
    texts = [
        bureau,
        f"{year}年,面对复杂严峻的外部环境,全市经济运行稳中有进,高质量发展扎实推进,社会大局保持稳定[1]。",
        *_overview(w),
        *_sectors(w),
        *_living(w),
        *NOTES,
    ]
    return paragraphs(texts)
