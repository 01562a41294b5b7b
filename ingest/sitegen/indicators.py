"""The series the sample site publishes: names as pages write them, units, precision, seasonality.

``FLOWS`` are cumulative flows (published year to date, 1-2月 … 1-12月); ``DETAIL_*`` are the extra
table rows of the scale mode (industries, products, retail categories), generated the same way.
Names are the ones the ``indicator_aliases`` seed knows where one exists.
"""

from __future__ import annotations

from dataclasses import dataclass

# Monthly shares of a year's total (before noise), January first.
SEASONS: dict[str, tuple[float, ...]] = {
    "industry": (0.072, 0.064, 0.086, 0.081, 0.083, 0.089, 0.078, 0.080, 0.088, 0.084, 0.090, 0.106),
    "investment": (0.010, 0.016, 0.052, 0.090, 0.118, 0.138, 0.121, 0.119, 0.110, 0.101, 0.074, 0.051),
    "retail": (0.088, 0.076, 0.079, 0.076, 0.083, 0.084, 0.080, 0.081, 0.085, 0.088, 0.087, 0.093),
    "budget": (0.118, 0.058, 0.082, 0.092, 0.080, 0.088, 0.083, 0.068, 0.077, 0.082, 0.071, 0.101),
    "trade": (0.080, 0.066, 0.085, 0.082, 0.083, 0.085, 0.084, 0.086, 0.086, 0.083, 0.087, 0.093),
    "housing": (0.040, 0.034, 0.078, 0.085, 0.094, 0.128, 0.084, 0.082, 0.100, 0.092, 0.080, 0.103),
    "jobs": (0.050, 0.060, 0.110, 0.105, 0.100, 0.110, 0.085, 0.080, 0.085, 0.080, 0.070, 0.065),
    "flat": (1 / 12,) * 12,
}

# Cumulative quarterly shares of a year's total (Q1, H1, Q3, year).
QUARTER_SEASONS: dict[str, tuple[float, ...]] = {
    "gdp_pri": (0.106, 0.262, 0.545, 1.0),
    "gdp_sec": (0.205, 0.460, 0.716, 1.0),
    "gdp_ter": (0.236, 0.487, 0.738, 1.0),
    "income_urban": (0.270, 0.505, 0.755, 1.0),
    "income_rural": (0.330, 0.535, 0.730, 1.0),
}


@dataclass(frozen=True)
class FlowSpec:
    key: str
    name: str  # as the page writes it
    unit: str
    decimals: int
    season: str
    month_cells: bool = True  # the table prints 本月 and 比去年同月增长
    level_cells: bool = True  # the table prints levels (False: growth-only row, "…")
    remainder_of: tuple[str, ...] = ()  # (total, other part): this part is total minus the other


FLOWS: tuple[FlowSpec, ...] = (
    FlowSpec("ind_output", "规模以上工业总产值", "亿元", 1, "industry"),
    FlowSpec("ind_auto", "汽车制造业", "亿元", 1, "industry"),
    FlowSpec("ind_va", "规模以上工业增加值", "亿元", 1, "industry", level_cells=False),
    FlowSpec("auto", "汽车产量", "万辆", 2, "industry"),
    FlowSpec("nev", "新能源汽车产量", "万辆", 2, "industry"),
    FlowSpec("fai", "固定资产投资", "亿元", 1, "investment", month_cells=False, level_cells=False),
    FlowSpec("re_inv", "房地产开发投资", "亿元", 1, "investment", month_cells=False),
    FlowSpec("housing", "商品房销售面积", "万平方米", 1, "housing", month_cells=False),
    FlowSpec("retail", "社会消费品零售总额", "亿元", 1, "retail"),
    FlowSpec("retail_catering", "住宿餐饮业", "亿元", 1, "retail"),
    FlowSpec("retail_wholesale", "批发零售业", "亿元", 1, "retail", remainder_of=("retail", "retail_catering")),
    FlowSpec("budget", "一般公共预算收入", "亿元", 1, "budget"),
    FlowSpec("budget_tax", "税收收入", "亿元", 1, "budget"),
    FlowSpec("trade", "进出口总额", "亿元", 1, "trade"),
    FlowSpec("jobs", "城镇新增就业", "万人", 2, "jobs", month_cells=False),
)
FLOW_BY_KEY = {spec.key: spec for spec in FLOWS}

# Quarterly cumulative flows published in prose (元 per person).
INCOMES: tuple[FlowSpec, ...] = (
    FlowSpec("income_urban", "城镇常住居民人均可支配收入", "元", 0, "income_urban"),
    FlowSpec("income_rural", "农村常住居民人均可支配收入", "元", 0, "income_rural"),
)

GDP_PARTS = ("pri", "sec", "ter")
GDP_NAMES = {"gdp": "地区生产总值", "pri": "第一产业", "sec": "第二产业", "ter": "第三产业"}

# Quarterly growth-only series of the prose releases (Q1 2024 has real ones).
MINOR_RATES: tuple[tuple[str, str, float, float], ...] = (
    # key, name as written, typical growth, spread
    ("agri_output", "农林牧渔业总产值", 4.0, 1.0),
    ("crop_output", "种植业产值", 5.0, 2.5),
    ("livestock_output", "畜牧业产值", 3.0, 1.5),
    ("hog_slaughter", "生猪出栏量", 2.5, 2.0),
    ("cattle_slaughter", "牛出栏量", 4.5, 2.0),
    ("sheep_slaughter", "羊出栏量", 3.5, 2.0),
    ("industry_va_all", "全市工业增加值", 8.0, 3.0),
    ("emu_output", "动车组产量", 20.0, 25.0),
    ("metro_car_output", "城市轨道车辆产量", 10.0, 10.0),
    ("electronic_output", "电子元件产量", 9.0, 6.0),
    ("wholesale_va", "批发和零售业增加值", 6.0, 2.0),
    ("aq_wholesale_sales", "限额以上批发业销售额", 4.0, 3.0),
    ("aq_retail_sales", "限额以上零售业销售额", 7.0, 4.0),
    ("catering_va", "住宿和餐饮业增加值", 7.0, 3.0),
    ("aq_hotel_revenue", "限额以上住宿业营业额", 8.0, 4.0),
    ("aq_catering_revenue", "限额以上餐饮业营业额", 9.0, 4.0),
    ("transport_va", "交通运输、仓储和邮政业增加值", 5.0, 2.0),
    ("auto_industry_output", "汽车产业产值", 9.0, 4.0),
    ("construction_va", "建筑业增加值", 2.0, 3.0),
)
MINOR_BY_KEY = {key: (name, mean, spread) for key, name, mean, spread in MINOR_RATES}

# Annual series of the communique: key, name, unit, decimals, typical growth, spread.
ANNUAL: tuple[tuple[str, str, str, int, float, float], ...] = (
    ("grain", "粮食产量", "万吨", 1, 1.5, 2.0),
    ("hogs", "生猪出栏", "万头", 1, 2.5, 2.0),
    ("cattle", "肉牛出栏", "万头", 1, 4.0, 2.0),
    ("population", "年末常住人口", "万人", 2, 0.1, 0.2),
    ("gdp_per_capita", "人均地区生产总值", "元", 0, 6.0, 1.5),
    ("freight", "全社会货物运输量", "万吨", 1, 4.0, 3.0),
    ("deposits", "金融机构本外币各项存款余额", "亿元", 1, 7.0, 2.0),
    ("loans", "金融机构本外币各项贷款余额", "亿元", 1, 6.0, 2.0),
)
ANNUAL_BY_KEY = {key: (name, unit, decimals, mean, spread) for key, name, unit, decimals, mean, spread in ANNUAL}

# Scale-mode table rows: (key, name, unit, decimals, share of the parent's level).
DETAIL_INDUSTRIES: tuple[tuple[str, float], ...] = (
    ("农副食品加工业", 0.050),
    ("食品制造业", 0.012),
    ("酒、饮料和精制茶制造业", 0.008),
    ("纺织业", 0.002),
    ("纺织服装、服饰业", 0.002),
    ("木材加工和木、竹、藤、棕、草制品业", 0.004),
    ("家具制造业", 0.002),
    ("造纸和纸制品业", 0.003),
    ("印刷和记录媒介复制业", 0.002),
    ("石油、煤炭及其他燃料加工业", 0.006),
    ("化学原料和化学制品制造业", 0.015),
    ("医药制造业", 0.025),
    ("化学纤维制造业", 0.003),
    ("橡胶和塑料制品业", 0.010),
    ("非金属矿物制品业", 0.014),
    ("黑色金属冶炼和压延加工业", 0.009),
    ("有色金属冶炼和压延加工业", 0.003),
    ("金属制品业", 0.011),
    ("通用设备制造业", 0.012),
    ("专用设备制造业", 0.010),
    ("铁路、船舶、航空航天和其他运输设备制造业", 0.030),
    ("电气机械和器材制造业", 0.012),
    ("计算机、通信和其他电子设备制造业", 0.016),
    ("仪器仪表制造业", 0.004),
    ("其他制造业", 0.001),
    ("废弃资源综合利用业", 0.001),
    ("金属制品、机械和设备修理业", 0.001),
    ("电力、热力生产和供应业", 0.045),
    ("燃气生产和供应业", 0.006),
    ("水的生产和供应业", 0.002),
)
DETAIL_PRODUCTS: tuple[tuple[str, str, int, float], ...] = (
    # name, unit, decimals, level relative to 1 亿元 of 规上工业总产值 (per year)
    ("发动机", "万台", 2, 0.020),
    ("汽车用变速器", "万台", 2, 0.018),
    ("汽车仪表", "万套", 2, 0.030),
    ("轨道客车", "辆", 0, 0.35),
    ("铁路机车车辆配件", "万件", 2, 0.010),
    ("钢材", "万吨", 1, 0.030),
    ("水泥", "万吨", 1, 0.080),
    ("商品混凝土", "万立方米", 1, 0.150),
    ("发电量", "亿千瓦时", 1, 0.040),
    ("原煤", "万吨", 1, 0.020),
    ("饲料", "万吨", 1, 0.060),
    ("精制食用植物油", "万吨", 2, 0.006),
    ("鲜、冷藏肉", "万吨", 2, 0.012),
    ("乳制品", "万吨", 2, 0.004),
    ("饮料", "万吨", 1, 0.016),
    ("中成药", "吨", 0, 0.400),
    ("化学药品原药", "吨", 0, 0.250),
    ("塑料制品", "万吨", 2, 0.005),
    ("光电子器件", "亿只", 2, 0.002),
    ("电子元件", "亿只", 2, 0.003),
)
DETAIL_RETAIL: tuple[tuple[str, float], ...] = (
    ("粮油、食品类", 0.070),
    ("饮料类", 0.012),
    ("烟酒类", 0.018),
    ("服装、鞋帽、针纺织品类", 0.040),
    ("化妆品类", 0.008),
    ("金银珠宝类", 0.010),
    ("日用品类", 0.020),
    ("体育、娱乐用品类", 0.003),
    ("家用电器和音像器材类", 0.022),
    ("中西药品类", 0.030),
    ("文化办公用品类", 0.008),
    ("家具类", 0.004),
    ("通讯器材类", 0.012),
    ("建筑及装潢材料类", 0.006),
    ("汽车类", 0.110),
    ("石油及制品类", 0.060),
)
