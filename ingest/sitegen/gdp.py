"""Quarter-to-date GDP: nominal levels (现价) by part, real growth (不变价), anchored to real figures.

Real growth of GDP is the share-weighted growth of its parts (weights: the previous year's nominal
levels of the same period). A plan gives, per year and quarter, the growth of GDP and/or of its
parts; a part left out is solved so that the weighted growth matches GDP. Nominal levels grow by
real growth plus a small deflator, except where a real figure fixes the level: then the deflator is
implied (and checked for plausibility), and a fixed GDP total is met by scaling the unfixed parts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ingest.sitegen.indicators import GDP_PARTS
from ingest.sitegen.numbers import growth_pct
from ingest.sitegen.truth import GdpQuarter, SiteGenError

ROUNDING_SLACK = 0.15  # three parts published to 0.1 may miss their total by this much


@dataclass(frozen=True)
class GdpPlan:
    base: Mapping[str, float]  # base-year annual nominal level by part
    seasons: Mapping[str, tuple[float, ...]]  # cumulative quarterly shares by part
    growth: Mapping[int, Mapping[int, Mapping[str, float]]]  # year → quarter → part or "gdp" → percent
    deflators: Mapping[int, Mapping[str, float]]  # year → part → percent
    levels: Mapping[tuple[int, int], Mapping[str, float]]  # (year, quarter) → part or "gdp" → fixed level


def _solve_growth(spec: Mapping[str, float], weights: Mapping[str, float], where: str) -> dict[str, float]:
    given = {p: spec[p] for p in GDP_PARTS if p in spec}
    free = [p for p in GDP_PARTS if p not in spec]
    if "gdp" not in spec:
        if free:
            raise SiteGenError(f"GDP {where}: give the growth of GDP or of every part (missing {free})")
        growth = dict(given)
        growth["gdp"] = sum(weights[p] * given[p] for p in GDP_PARTS)
        return growth
    growth = dict(given)
    growth["gdp"] = spec["gdp"]
    if free:
        rest = spec["gdp"] - sum(weights[p] * given[p] for p in given)
        common = rest / sum(weights[p] for p in free)
        growth.update({p: common for p in free})
    return growth


def build_gdp(plan: GdpPlan, base_year: int, years: tuple[int, ...]) -> dict[tuple[int, int], GdpQuarter]:
    cuts: dict[tuple[int, int], GdpQuarter] = {}
    for q in range(1, 5):
        levels = {p: plan.base[p] * plan.seasons[p][q - 1] for p in GDP_PARTS}
        levels["gdp"] = sum(levels[p] for p in GDP_PARTS)
        cuts[(base_year, q)] = GdpQuarter(levels=levels, growth={})
    for year in years:
        for q in range(1, 5):
            where = f"{year} Q{q}"
            prev = cuts[(year - 1, q)].levels
            weights = {p: prev[p] / prev["gdp"] for p in GDP_PARTS}
            spec = plan.growth.get(year, {}).get(q)
            if spec is None:
                raise SiteGenError(f"GDP {where}: the plan has no growth for this quarter")
            growth = _solve_growth(spec, weights, where)
            fixed = plan.levels.get((year, q), {})
            levels = {
                p: fixed.get(p, prev[p] * (1.0 + (growth[p] + plan.deflators[year][p]) / 100.0)) for p in GDP_PARTS
            }
            if "gdp" in fixed:
                free = [p for p in GDP_PARTS if p not in fixed]
                if free:
                    scale = (fixed["gdp"] - sum(fixed[p] for p in GDP_PARTS if p in fixed)) / sum(
                        levels[p] for p in free
                    )
                    levels.update({p: levels[p] * scale for p in free})
                elif abs(sum(levels[p] for p in GDP_PARTS) - fixed["gdp"]) > ROUNDING_SLACK:
                    raise SiteGenError(f"GDP {where}: the fixed parts do not add up to the fixed total")
                levels["gdp"] = fixed["gdp"]
            else:
                levels["gdp"] = sum(levels[p] for p in GDP_PARTS)
            deflators = {p: growth_pct(levels[p], prev[p]) - growth[p] for p in (*GDP_PARTS, "gdp")}
            cuts[(year, q)] = GdpQuarter(levels=levels, growth=growth, deflators=deflators)
    return cuts
