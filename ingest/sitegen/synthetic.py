"""Synthetic regions for the scale mode: clearly fictional codes (99xxxx) and names (合成示例市001).

Each region is Changchun's structure resized and re-drawn from a seeded stream: sizes, shares,
growth paths, seasonality noise, which pages are GBK. Parts are drawn relative to their totals
(their growth follows the total's with noise), so parts stay below totals. Scale-mode tables carry
extra rows (industries, products, retail categories) to reach benchmark volumes.
"""

from __future__ import annotations

import math
import random

from ingest.sitegen import changchun
from ingest.sitegen.gdp import GdpPlan
from ingest.sitegen.indicators import ANNUAL, DETAIL_INDUSTRIES, DETAIL_PRODUCTS, DETAIL_RETAIL, QUARTER_SEASONS
from ingest.sitegen.scenario import DetailPlan, Knots, Region, Scenario, generic_gdp, generic_knots, stream

# Typical YTD growth and spread of each top-level flow.
FLOW_GROWTH = {
    "ind_output": (6.0, 3.0),
    "auto": (4.0, 8.0),
    "nev": (30.0, 12.0),
    "fai": (3.0, 5.0),
    "re_inv": (-9.0, 7.0),
    "housing": (-8.0, 8.0),
    "retail": (5.5, 2.0),
    "budget": (3.5, 3.5),
    "trade": (4.0, 6.0),
    "jobs": (3.0, 3.0),
}
# Parts: (total, share range of the total's base level, extra growth over the total, spread).
PARTS = {
    "ind_auto": ("ind_output", (0.05, 0.5), 0.0, 4.0),
    "ind_va": ("ind_output", (0.22, 0.30), -0.5, 1.0),
    "retail_catering": ("retail", (0.08, 0.16), 2.0, 2.0),
    "budget_tax": ("budget", (0.55, 0.72), -0.5, 1.0),
}


def synthetic_region(number: int) -> Region:
    code = f"99{number:04d}"
    name = f"合成示例市{number:03d}"
    return Region(code, name, f"{name}统计局", f"{name}人民政府", prefix=f"{code}/", is_synthetic_region=True)


def _follow(rng: random.Random, knots: Knots, extra: float, spread: float) -> dict[int, dict[int, float]]:
    """Knots of a part: the total's knots shifted by a drift per year, with a little noise per knot.

    The noise per knot stays small: a sharp turn late in a year would make a month negative.
    """
    followed: dict[int, dict[int, float]] = {}
    for year, points in knots.items():
        drift = extra + rng.gauss(0.0, spread)
        followed[year] = {k: round(g + drift + rng.gauss(0.0, spread / 6), 1) for k, g in points.items()}
    return followed


def _details(
    rng: random.Random, years: tuple[int, ...], bases: dict[str, float], knots: dict
) -> tuple[DetailPlan, ...]:
    plans: list[DetailPlan] = []
    for i, (name, share) in enumerate(DETAIL_INDUSTRIES):
        base = bases["ind_output"] * share * rng.uniform(0.3, 1.5)
        plans.append(
            DetailPlan(f"ind{i:02d}", "industries", name, "亿元", 1, base, _follow(rng, knots["ind_output"], 0.0, 5.0))
        )
    for i, (name, unit, decimals, ratio) in enumerate(DETAIL_PRODUCTS):
        base = bases["ind_output"] * ratio * rng.uniform(0.3, 2.0)
        plans.append(
            DetailPlan(f"prd{i:02d}", "products", name, unit, decimals, base, generic_knots(rng, years, 3.0, 8.0))
        )
    for i, (name, share) in enumerate(DETAIL_RETAIL):
        base = bases["retail"] * share * rng.uniform(0.5, 1.5)
        plans.append(
            DetailPlan(f"rtl{i:02d}", "retail", name, "亿元", 1, base, _follow(rng, knots["retail"], 0.0, 4.0))
        )
    return tuple(plans)


def synthetic_scenario(seed: int, number: int, years: tuple[int, ...], attempt: int = 0) -> Scenario:
    """Region ``number`` (1-based). ``attempt`` re-draws a region whose paths turned out inconsistent."""
    region = synthetic_region(number)
    rng = stream(seed, region.code, "scenario", attempt)
    size = math.exp(rng.gauss(-0.3, 0.7))  # relative to Changchun
    bases = {key: value * size * rng.uniform(0.6, 1.4) for key, value in changchun.FLOW_BASES.items()}
    bases["nev"] = bases["auto"] * rng.uniform(0.03, 0.2)
    knots: dict[str, dict[int, dict[int, float]]] = {
        key: generic_knots(rng, years, mean, spread) for key, (mean, spread) in FLOW_GROWTH.items()
    }
    for part, (total, (low, high), extra, spread) in PARTS.items():
        bases[part] = bases[total] * rng.uniform(low, high)
        knots[part] = _follow(rng, knots[total], extra, spread)
    shares = {"pri": rng.uniform(0.04, 0.18), "sec": rng.uniform(0.30, 0.50)}
    shares["ter"] = 1.0 - shares["pri"] - shares["sec"]
    gdp_total = sum(changchun.GDP_BASE.values()) * size
    base_year = years[0] - 1
    urban = rng.uniform(0.45, 0.80)
    return Scenario(
        region=region,
        years=years,
        seed=seed,
        flow_bases=bases,
        flow_knots=knots,
        cpi_knots=generic_knots(rng, years, 0.3, 0.5, (1, 6, 12)),
        income_bases={"income_urban": rng.uniform(35000, 60000), "income_rural": rng.uniform(15000, 28000)},
        income_knots={
            key: generic_knots(rng, years, 5.5, 1.0, (1, 2, 3, 4)) for key in ("income_urban", "income_rural")
        },
        urban_share={y: min(0.95, urban + 0.003 * (y - base_year)) for y in range(base_year, years[-1] + 1)},
        gdp=GdpPlan(
            base={p: gdp_total * share for p, share in shares.items()},
            seasons={p: QUARTER_SEASONS[f"gdp_{p}"] for p in shares},
            growth={y: generic_gdp(rng) for y in years},
            deflators={y: {p: round(rng.gauss(0.5, 1.0), 1) for p in shares} for y in years},
            levels={},
        ),
        minor_fixed={},
        annual_bases={
            key: changchun.ANNUAL_BASES[key] * size * rng.uniform(0.3, 1.5) for key in changchun.ANNUAL_BASES
        },
        annual_growth={
            key: {y: round(rng.gauss(mean, spread), 2) for y in years}
            for key, _name, _unit, _decimals, mean, spread in ANNUAL
            if key in changchun.ANNUAL_BASES
        },
        details=_details(rng, years, bases, knots),
        gbk_share=0.12,
    )
