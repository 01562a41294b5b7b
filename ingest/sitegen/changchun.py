"""The hand-designed Changchun (220100) scenario for 2023 and 2024, anchored to real figures.

The design tells a story the demo can show (status expected by the target catalog of the 2024 work
report in brackets):

- GDP (增长6.5%以上): real 7.1% in Q1 [on_track], real 6.0% in H1 [at_risk], 6.3% in Q3, 6.6% for
  the year [achieved].
- 规上工业总产值 (增长8%左右): real 10.7% in Q1, easing to 8.4% for the year [achieved].
- 固定资产投资 (增长4%左右): 1.9% at mid-year [at_risk/off_track], recovering to 4.2% [achieved];
  level 2000亿元以上 reached in December.
- 社会消费品零售总额 (增长8%左右; 2250亿元): drifting from 9.4% to 6.9% [missed], level 2235亿元
  [missed narrowly].
- 一般公共预算收入 (增长7%左右): 6.5% falling to 5.1% [missed].
- CPI (3%左右, at most): about 0.2% [achieved]; 新能源车产量 (20万辆): about 21.4万辆 [achieved];
  商品房销售面积 (力争550万平方米): about 462万平方米 [missed]; 城镇新增就业 (8.7万人): 9.1万人
  [achieved]; 进出口 (增长5%以上): 6.1% [achieved].

The truth always starts in 2023 (base year 2022); years after 2024 get generic synthetic knots.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ingest.sitegen.gdp import GdpPlan
from ingest.sitegen.indicators import QUARTER_SEASONS
from ingest.sitegen.real_figures import RealUse, real_uses
from ingest.sitegen.review import CHANGCHUN_2024
from ingest.sitegen.scenario import Region, Scenario, generic_gdp, generic_knots, stream

REGION = Region(code="220100", name="长春市", bureau="长春市统计局", government="长春市人民政府")

FLOW_BASES = {  # 2022, synthetic
    "ind_output": 6650.0,
    "ind_auto": 4650.0,
    "ind_va": 1650.0,
    "auto": 152.0,
    "nev": 10.6,
    "fai": 2213.0,
    "re_inv": 820.0,
    "housing": 572.0,
    "retail": 1870.0,
    "retail_catering": 225.0,
    "budget": 460.0,
    "budget_tax": 315.0,
    "trade": 1480.0,
    "jobs": 8.1,
}

FLOW_KNOTS: dict[str, dict[int, dict[int, float]]] = {
    "ind_output": {2023: {2: -3.5, 3: -1.2, 6: 9.6, 9: 9.2, 12: 8.9}, 2024: {2: 9.2, 6: 9.8, 9: 9.0, 12: 8.4}},
    "ind_auto": {2023: {2: -6.0, 3: -3.0, 6: 10.8, 9: 10.2, 12: 9.9}, 2024: {2: 11.5, 3: 13.4, 6: 11.0, 12: 9.1}},
    "ind_va": {2023: {2: -2.4, 3: 0.2, 6: 10.9, 9: 9.8}, 2024: {2: 8.8, 3: 11.9, 6: 8.6, 9: 8.0, 12: 7.8}},
    "auto": {2023: {2: -18.0, 3: -9.5, 6: 12.0, 9: 10.8, 12: 9.6}, 2024: {2: 19.5, 6: 12.4, 9: 8.9, 12: 6.8}},
    "nev": {2023: {2: 142.0, 3: 128.0, 6: 78.0, 9: 55.0, 12: 40.3}, 2024: {2: 35.0, 3: 38.5, 6: 41.0, 12: 44.0}},
    "fai": {2023: {2: -4.6, 6: -9.2, 9: -10.5}, 2024: {2: 2.8, 3: 2.2, 6: 1.9, 9: 3.2, 12: 4.2}},
    "re_inv": {2023: {2: -21.0, 6: -30.5, 9: -34.8}, 2024: {2: -16.4, 6: -13.8, 9: -12.9, 12: -12.4}},
    "housing": {2023: {2: -2.5, 6: 6.8, 9: 5.5, 12: 4.6}, 2024: {2: -24.0, 6: -26.5, 9: -23.8, 12: -22.7}},
    "retail": {2023: {2: 9.0, 6: 14.6, 9: 12.8, 12: 11.8}, 2024: {2: 9.4, 3: 9.0, 6: 8.1, 9: 7.4, 12: 6.9}},
    "retail_catering": {2023: {2: 22.0, 6: 28.0, 12: 21.5}, 2024: {2: 11.0, 6: 9.2, 12: 8.1}},
    "budget": {2023: {2: 30.5, 6: 27.0, 12: 24.9}, 2024: {2: 6.5, 3: 6.2, 6: 5.6, 9: 5.3, 12: 5.1}},
    "budget_tax": {2023: {2: 28.0, 6: 25.0, 12: 22.4}, 2024: {2: 5.0, 6: 4.1, 12: 3.8}},
    "trade": {2023: {2: -8.5, 6: -4.0, 12: -1.2}, 2024: {2: 3.4, 6: 4.8, 9: 5.6, 12: 6.1}},
    "jobs": {2023: {2: 3.0, 6: 5.5, 12: 6.2}, 2024: {2: 4.0, 6: 5.2, 12: 5.8}},
}
FLOW_SPREAD = {"nev": 25.0, "re_inv": 8.0, "housing": 8.0, "auto": 8.0, "fai": 5.0, "budget": 5.0, "trade": 5.0}

CPI_KNOTS = {
    2023: {1: 1.2, 3: 0.6, 6: 0.0, 7: -0.4, 9: 0.1, 12: -0.3},
    2024: {1: -0.6, 2: 0.5, 4: 0.2, 6: 0.3, 9: 0.4, 12: 0.1},
}

INCOME_BASES = {"income_urban": 44500.0, "income_rural": 19600.0}
INCOME_KNOTS = {
    "income_urban": {2023: {1: 4.9, 2: 5.2, 3: 5.4, 4: 5.6}, 2024: {1: 5.1, 2: 5.0, 4: 5.6}},
    "income_rural": {2023: {1: 6.8, 4: 7.2}, 2024: {1: 6.9, 4: 6.8}},
}

GDP_BASE = {"pri": 455.0, "sec": 2458.0, "ter": 3660.0}  # 2022, synthetic
GDP_GROWTH = {
    2023: {
        1: {"pri": 3.6, "sec": -2.1, "ter": 5.4},
        2: {"pri": 4.0, "sec": 9.4, "ter": 6.6},
        3: {"pri": 4.3, "sec": 7.9, "ter": 6.7},
        4: {"gdp": 6.6, "sec": 6.8, "ter": 6.7},  # real; 第一产业 solved
    },
    2024: {
        1: {"gdp": 7.1, "pri": 3.1, "sec": 11.7, "ter": 4.8},  # real
        2: {"gdp": 6.0, "pri": 3.4, "sec": 8.0},  # GDP real; 第三产业 solved
        3: {"gdp": 6.3, "pri": 3.7, "sec": 8.1},
        4: {"gdp": 6.6, "pri": 4.1, "sec": 8.4},
    },
}
GDP_DEFLATORS = {2023: {"pri": 1.2, "sec": -1.4, "ter": -0.6}, 2024: {"pri": 0.4, "sec": -0.8, "ter": 0.2}}

ANNUAL_BASES = {  # 2022 levels, synthetic
    "grain": 1230.0,
    "hogs": 560.0,
    "cattle": 96.0,
    "population": 908.7,
    "freight": 16800.0,
    "deposits": 15200.0,
    "loans": 17400.0,
}
ANNUAL_GROWTH = {
    "grain": {2023: 1.4, 2024: 1.7},
    "hogs": {2023: 3.2, 2024: -1.1},
    "cattle": {2023: 6.8, 2024: 4.9},
    "population": {2023: 0.14, 2024: 0.12},
    "freight": {2023: 6.1, 2024: 3.9},
    "deposits": {2023: 8.7, 2024: 6.8},
    "loans": {2023: 7.2, 2024: 5.9},
}
URBAN_SHARE = {2022: 0.685, 2023: 0.688, 2024: 0.691}

# Which pages are GBK (declared gb2312, or no charset at all): document keys from ``site.py``.
ENCODINGS = {
    "table-2023-04": "gbk",
    "table-2023-07": "gbk",
    "prose-2023-03": "gbk",
    "gdp-2023-06": "gbk",
    "table-2024-05": "gbk",
    "table-2023-10": "gbk-undeclared",
    "prose-2023-09": "gbk-undeclared",
    "communique-2023": "gbk-undeclared",
}


FIRST_YEAR = 2023  # the design starts here (base year 2022)


def _merge(*layers: Mapping[int, Mapping[int, float]]) -> dict[int, dict[int, float]]:
    """Knots per year, later layers winning point by point."""
    merged: dict[int, dict[int, float]] = {}
    for layer in layers:
        for year, points in layer.items():
            merged.setdefault(year, {}).update(points)
    return merged


def _most_precise(values: list[str]) -> float:
    return float(max(values, key=lambda v: len(v.partition(".")[2])))


@dataclass
class _Anchors:
    """Real figures turned into knots: flow growth, GDP growth and levels, minor rates."""

    flow: dict[str, dict[int, dict[int, float]]]
    gdp_growth: dict[int, dict[int, dict[str, float]]]
    gdp_levels: dict[tuple[int, int], dict[str, float]]
    minor: dict[tuple[str, int, int], float]


def _anchors(uses: tuple[RealUse, ...]) -> _Anchors:
    anchors = _Anchors({}, {}, {}, {})
    level_texts: dict[tuple[int, int], dict[str, list[str]]] = {}
    for use in uses:
        family, _, name = use.key.partition(".")
        yoy = float(use.figure.yoy)
        quarter = use.month // 3
        if family == "flow":
            anchors.flow.setdefault(name, {}).setdefault(use.year, {})[use.month] = yoy
        elif family == "gdp":
            part = name or "gdp"
            anchors.gdp_growth.setdefault(use.year, {}).setdefault(quarter, {})[part] = yoy
            if use.figure.value:
                level_texts.setdefault((use.year, quarter), {}).setdefault(part, []).append(use.figure.value)
        elif family == "minor":
            anchors.minor[(name, use.year, quarter)] = yoy
        else:
            raise ValueError(f"unknown real-figure key {use.key!r}")
    anchors.gdp_levels = {cut: {p: _most_precise(v) for p, v in parts.items()} for cut, parts in level_texts.items()}
    return anchors


def changchun_scenario(seed: int, last_year: int) -> Scenario:
    """Changchun from 2023 (designed) to ``last_year`` or 2024 (later years get generic knots)."""
    if last_year < FIRST_YEAR:
        raise ValueError(f"the Changchun scenario starts in {FIRST_YEAR}; cannot end in {last_year}")
    years = tuple(range(FIRST_YEAR, max(last_year, 2024) + 1))  # the real figures reach into 2024
    extra = tuple(y for y in years if y > 2024)
    uses = real_uses()
    anchors = _anchors(uses)
    rng = stream(seed, REGION.code, "generic")
    flow_knots = {
        key: _merge(designed, generic_knots(rng, extra, 5.0, FLOW_SPREAD.get(key, 3.0)), anchors.flow.get(key, {}))
        for key, designed in FLOW_KNOTS.items()
    }
    cpi = _merge(CPI_KNOTS, generic_knots(rng, extra, 1.0, 0.6, (1, 6, 12)))
    incomes = {
        key: _merge(designed, generic_knots(rng, extra, 6.0, 1.0, (1, 2, 3, 4)))
        for key, designed in INCOME_KNOTS.items()
    }
    gdp_growth = {y: dict(GDP_GROWTH[y]) if y in GDP_GROWTH else generic_gdp(rng) for y in years}
    for year, quarters in anchors.gdp_growth.items():
        for quarter, parts in quarters.items():
            gdp_growth[year][quarter] = {**gdp_growth[year][quarter], **parts}
    annual_growth = {
        key: {y: growth[y] if y in growth else round(rng.gauss(growth[2024], 1.0), 2) for y in years}
        for key, growth in ANNUAL_GROWTH.items()
    }
    return Scenario(
        region=REGION,
        years=years,
        seed=seed,
        flow_bases=FLOW_BASES,
        flow_knots=flow_knots,
        cpi_knots=cpi,
        income_bases=INCOME_BASES,
        income_knots=incomes,
        urban_share={y: URBAN_SHARE.get(y, 0.691 + 0.003 * (y - 2024)) for y in range(FIRST_YEAR - 1, last_year + 1)},
        gdp=GdpPlan(
            base=GDP_BASE,
            seasons={p: QUARTER_SEASONS[f"gdp_{p}"] for p in GDP_BASE},
            growth=gdp_growth,
            deflators={y: GDP_DEFLATORS.get(y, {"pri": 1.0, "sec": 0.0, "ter": 0.5}) for y in years},
            levels=anchors.gdp_levels,
        ),
        minor_fixed=anchors.minor,
        annual_bases=ANNUAL_BASES,
        annual_growth=annual_growth,
        real=uses,
        encodings=ENCODINGS,
        review_sections={2024: CHANGCHUN_2024},
    )
