"""Layout (f): the quarterly prose release "YYYY年一季度/上半年/前三季度/YYYY年全市经济运行情况".

Written the way real releases are: month ranges with varied dashes (1—3月, 1-6月, 1~9月), 同比(下同)
on the first growth rate, 分别增长a%、b%, 下降 for negative rates, 增长x倍 for rates of 100% and
more, a 个百分点 comparison with the previous period, and per-capita disposable income.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.sitegen.indicators import FLOW_BY_KEY, MINOR_BY_KEY
from ingest.sitegen.numbers import fmt, round_half_up
from ingest.sitegen.render.figures import FigureSheet
from ingest.sitegen.render.page import paragraphs
from ingest.sitegen.truth import Truth

QUARTER_WORDS = {1: "一季度", 2: "上半年", 3: "前三季度", 4: "全年"}
DASHES = ("—", "-", "~", "–", "～")


def prose_headline(year: int, quarter: int) -> str:
    return f"{year}年全市经济运行情况" if quarter == 4 else f"{year}年{QUARTER_WORDS[quarter]}全市经济运行情况"


def growth_words(yoy: str, inherit: bool = False) -> str:
    """``增长6.0%``, ``下降2.1%``, ``持平``, ``增长1.3倍``; ``同比(下同)`` in front when asked."""
    lead = "同比(下同)" if inherit else ""
    value = float(yoy)
    if value == 0:
        return f"{lead}持平"
    if value < 0:
        return f"{lead}下降{yoy.lstrip('-')}%"
    if value >= 100:
        return f"{lead}增长{fmt(value / 100, 1)}倍"
    return f"{lead}增长{yoy}%"


def times_rounded(yoy: float) -> float:
    """Growth of 100% or more is printed as 增长x倍 with one decimal: the rate that phrase states."""
    return round_half_up(yoy / 100, 1) * 100 if yoy >= 100 else yoy


@dataclass
class _Writer:
    sheet: FigureSheet
    truth: Truth
    year: int
    quarter: int
    dash: str
    inherited: bool = False

    @property
    def month(self) -> int:
        return self.quarter * 3

    @property
    def label(self) -> str:
        return str(self.year) if self.quarter == 4 else f"{self.year}-01..{self.month:02d}"

    @property
    def when(self) -> str:
        """How a monthly indicator's period is written."""
        return "全年" if self.quarter == 4 else f"1{self.dash}{self.month}月"

    def growth(self, yoy: str) -> str:
        words = growth_words(yoy, inherit=not self.inherited)
        self.inherited = True
        return words

    def figure(
        self, key: str, name: str, value: float | None, decimals: int, unit: str, yoy: float | None, verb: str = ""
    ) -> str:
        """``name`` [+ ``verb``] + ``1534.4亿元,增长7.1%`` (or the parts that are printed)."""
        value_text, yoy_text = self.sheet.show(
            key,
            name,
            self.label,
            (self.year, self.month),
            value,
            decimals,
            unit,
            times_rounded(yoy) if yoy is not None else None,
        )
        parts = [f"{value_text}{unit}"] if value_text else []
        if yoy_text:
            parts.append(self.growth(yoy_text))
        joiner = "," if value_text and yoy_text else ""
        return name + (verb if value_text else "") + joiner.join(parts)

    def flow(self, key: str, name: str | None = None, with_level: bool = True, verb: str = "") -> str:
        spec = FLOW_BY_KEY[key]
        series = self.truth.flows[key]
        level = series.ytd(self.year, self.month) if with_level else None
        growth = series.ytd_growth(self.year, self.month)
        return self.figure(f"flow.{key}", name or spec.name, level, spec.decimals, spec.unit, growth, verb)

    def minor(self, key: str) -> str:
        name = MINOR_BY_KEY[key][0]
        return self.figure(f"minor.{key}", name, None, 1, "", self.truth.minor[(key, self.year, self.quarter)])

    def minors(self, keys: tuple[str, ...], sep: str = ",") -> str:
        return sep.join(self.minor(k) for k in keys)

    def listed(self, names: tuple[str, ...], keys: tuple[str, ...], noun: str) -> str:
        """``批发零售业、住宿餐饮业零售额分别增长8.2%和11.0%`` (growth only)."""
        texts = []
        for name, key in zip(names, keys, strict=True):
            series = self.truth.flows[key]
            _, yoy = self.sheet.show(
                f"flow.{key}@prose",
                name + noun,
                self.label,
                (self.year, self.month),
                None,
                1,
                "",
                series.ytd_growth(self.year, self.month),
            )
            texts.append(f"{yoy}%")
        rates = "、".join(texts[:-1]) + "和" + texts[-1]
        return "、".join(names) + noun + "分别增长" + rates


def _gdp_paragraph(w: _Writer) -> str:
    cut = w.truth.gdp[(w.year, w.quarter)]
    lead = "根据省统计局反馈的地区生产总值核算结果显示:" if w.quarter < 4 else "根据地区生产总值统一核算结果,"
    total = w.figure("gdp", "地区生产总值", cut.levels["gdp"], 1, "亿元", cut.growth["gdp"], verb="实现")
    text = f"{lead}{QUARTER_WORDS[w.quarter]},全市{total}。"
    hidden = any(w.sheet.hides_level(f"gdp.{p}", (w.year, w.month)) for p in ("pri", "sec", "ter"))
    names = {"pri": "第一产业增加值", "sec": "第二产业增加值", "ter": "第三产业增加值"}
    if w.quarter % 2 == 0 and not hidden:
        levels, rates = [], []
        for part, short in (("pri", "一产"), ("sec", "二产"), ("ter", "三产")):
            value, yoy = w.sheet.show(
                f"gdp.{part}", short, w.label, (w.year, w.month), cut.levels[part], 1, "亿元", cut.growth[part]
            )
            levels.append(f"{value}亿元")
            rates.append(f"{yoy}%")
        return text + (
            f"全市一产、二产、三产分别实现增加值{levels[0]}、{levels[1]}和{levels[2]},"
            f"分别增长{rates[0]}、{rates[1]}和{rates[2]}。"
        )
    parts = [w.figure(f"gdp.{p}", names[p], cut.levels[p], 1, "亿元", cut.growth[p]) for p in ("pri", "sec", "ter")]
    return text + "其中," + ";".join(parts) + "。"


def _industry_paragraph(w: _Writer) -> str:
    output = w.truth.flows["ind_output"]
    now = round_half_up(output.ytd_growth(w.year, w.month), 1)
    if w.quarter > 1:
        before, against = round_half_up(output.ytd_growth(w.year, w.month - 3), 1), QUARTER_WORDS[w.quarter - 1]
    elif w.year - 1 in w.truth.years:
        before, against = round_half_up(output.ytd_growth(w.year - 1, 12), 1), "上年全年"
    else:  # the year before is the unpublished base year
        before, against = round_half_up(output.ytd_growth(w.year, 2), 1), f"1{w.dash}2月"
    change = round_half_up(now - before, 1)
    rising = {True: "降幅收窄", False: "加快"}  # keyed by "still negative"
    falling = {True: "降幅扩大", False: "回落"}  # keyed by "already negative before"
    verb = rising[now < 0] if change >= 0 else falling[before <= 0]
    trend = f"比{against}{verb}{fmt(abs(change), 1)}个百分点"
    total = w.flow("ind_output", "规上工业总产值", with_level=False)
    auto = w.flow("auto")
    nev = w.flow("nev", "其中新能源汽车产量")
    return (
        f"{w.when},{w.minor('industry_va_all')},"
        f"{total},{trend};{w.flow('ind_va', with_level=False)}。"
        f"分行业看,{w.flow('ind_auto', '汽车制造业产值')}。"
        f"主要产品中,{auto},{nev};{w.minors(('emu_output', 'metro_car_output', 'electronic_output'))}。"
    )


def _agriculture_paragraph(w: _Writer) -> str:
    return (
        f"{QUARTER_WORDS[w.quarter]},全市{w.minor('agri_output')}。其中,"
        f"{w.minors(('crop_output', 'livestock_output'))};"
        f"{w.minors(('hog_slaughter', 'cattle_slaughter', 'sheep_slaughter'))}。"
    )


def _investment_paragraph(w: _Writer) -> str:
    fai = w.flow("fai", verb="完成")
    return f"{w.when},全市{fai}。其中,{w.flow('re_inv')}。{w.flow('housing')}。"


def _consumption_paragraph(w: _Writer) -> str:
    services = w.minors(("wholesale_va", "catering_va", "transport_va"))
    retail = w.flow("retail")
    listed = w.listed(("批发零售业", "住宿餐饮业"), ("retail_wholesale", "retail_catering"), "零售额")
    quota = (
        w.minors(("aq_wholesale_sales", "aq_retail_sales"))
        + ";"
        + w.minors(("aq_hotel_revenue", "aq_catering_revenue"))
    )
    return f"服务业方面,{services}。{w.when},全市{retail}。按行业分,{listed}。{quota}。"


def _fiscal_trade_prices(w: _Writer) -> str:
    budget = w.flow("budget")
    tax = w.flow("budget_tax")
    trade = w.flow("trade")
    value, _ = w.sheet.show(
        "cpi", "居民消费价格", w.label, (w.year, w.month), w.truth.cpi_ytd(w.year, w.month), 1, "%", None
    )
    assert value is not None
    price = float(value)
    cpi = "持平" if price == 0 else (f"上涨{value}%" if price > 0 else f"下降{value.lstrip('-')}%")
    return f"{w.when},全市{budget},其中{tax}。全市{trade}。全市居民消费价格同比{cpi}。"


def _income_jobs(w: _Writer) -> str:
    q = w.quarter
    all_value, all_yoy = w.truth.income_all(w.year, q), w.truth.income_all_growth(w.year, q)
    total = w.figure("income.all", "全体居民人均可支配收入", all_value, 0, "元", all_yoy)
    urban = w.truth.incomes["income_urban"]
    rural = w.truth.incomes["income_rural"]
    u = w.figure(
        "income.urban", "城镇常住居民人均可支配收入", urban.ytd(w.year, q), 0, "元", urban.ytd_growth(w.year, q)
    )
    r = w.figure(
        "income.rural", "农村常住居民人均可支配收入", rural.ytd(w.year, q), 0, "元", rural.ytd_growth(w.year, q)
    )
    jobs_spec = FLOW_BY_KEY["jobs"]
    jobs_value, _ = w.sheet.show(
        "flow.jobs@prose",
        "城镇新增就业",
        w.label,
        (w.year, w.month),
        w.truth.flows["jobs"].ytd(w.year, w.month),
        jobs_spec.decimals,
        jobs_spec.unit,
        None,
    )
    return f"{QUARTER_WORDS[q]},全市{total}。其中,{u};{r}。{w.when},全市城镇新增就业{jobs_value}万人。"


def render_prose(sheet: FigureSheet, truth: Truth, year: int, quarter: int, dash_index: int) -> str:
    w = _Writer(sheet, truth, year, quarter, DASHES[dash_index % len(DASHES)])
    opening = (
        f"{QUARTER_WORDS[quarter]},全市上下坚持稳中求进工作总基调,全力稳增长、促发展、惠民生,"
        "经济运行总体平稳、稳中有进。"
    )
    texts = [
        opening,
        _gdp_paragraph(w),
        "一、农业生产稳中有增",
        _agriculture_paragraph(w),
        "二、工业生产较快增长",
        _industry_paragraph(w),
        "三、投资和消费",
        _investment_paragraph(w),
        _consumption_paragraph(w),
        "四、财政、外贸和价格",
        _fiscal_trade_prices(w),
        "五、居民收入和就业",
        _income_jobs(w),
        "注:地区生产总值绝对额按现价计算,增长速度按不变价计算。部分数据因四舍五入,存在总计与分项合计不等的情况。",
    ]
    return paragraphs(texts)
