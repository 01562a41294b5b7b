"""Scenario → truth: every series of a region, consistent by construction."""

from __future__ import annotations

from ingest.sitegen.gdp import build_gdp
from ingest.sitegen.indicators import ANNUAL, FLOWS, INCOMES, MINOR_RATES, QUARTER_SEASONS, SEASONS
from ingest.sitegen.numbers import round_half_up
from ingest.sitegen.scenario import Scenario
from ingest.sitegen.truth import CumulativeSeries, Truth, build_cumulative, growth_path, remainder

FLOW_NOISE = {"nev": 0.6, "re_inv": 0.5, "housing": 0.5}


def _quarter_weights(cumulative: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(b - a for a, b in zip((0.0, *cumulative[:-1]), cumulative, strict=True))


def build_flows(s: Scenario) -> dict[str, CumulativeSeries]:
    flows: dict[str, CumulativeSeries] = {}
    for spec in FLOWS:
        if spec.remainder_of:
            continue
        flows[spec.key] = build_cumulative(
            spec.key,
            s.base_year,
            s.flow_bases[spec.key],
            SEASONS[spec.season],
            s.flow_knots[spec.key],
            s.rng("flow", spec.key),
            first=2,
            noise=FLOW_NOISE.get(spec.key, 0.3),
        )
    for spec in FLOWS:
        if spec.remainder_of:
            total, other = spec.remainder_of
            flows[spec.key] = remainder(spec.key, flows[total], flows[other])
    return flows


def build_incomes(s: Scenario) -> dict[str, CumulativeSeries]:
    return {
        spec.key: build_cumulative(
            spec.key,
            s.base_year,
            s.income_bases[spec.key],
            _quarter_weights(QUARTER_SEASONS[spec.season]),
            s.income_knots[spec.key],
            s.rng("income", spec.key),
            first=1,
            noise=0.1,
        )
        for spec in INCOMES
    }


def build_cpi(s: Scenario) -> dict[int, tuple[float, ...]]:
    rng = s.rng("cpi")
    return {
        year: tuple(round_half_up(v, 1) for v in growth_path(s.cpi_knots[year], 1, 12, rng, 0.15).values())
        for year in s.years
    }


def build_minor(s: Scenario) -> dict[tuple[str, int, int], float]:
    """Quarterly growth-only rates of the prose: a random walk around a typical rate, real ones fixed."""
    minor: dict[tuple[str, int, int], float] = {}
    for key, _name, mean, spread in MINOR_RATES:
        rng = s.rng("minor", key)
        for year in s.years:
            level = rng.gauss(mean, spread)
            for quarter in range(1, 5):
                level = 0.7 * level + 0.3 * mean + rng.gauss(0.0, spread / 4)
                fixed = s.minor_fixed.get((key, year, quarter))
                minor[(key, year, quarter)] = fixed if fixed is not None else round_half_up(level, 1)
    return minor


def build_annual(s: Scenario, truth_years: tuple[int, ...]) -> dict[str, dict[int, float]]:
    annual: dict[str, dict[int, float]] = {}
    for key, *_ in ANNUAL:
        if key not in s.annual_bases:
            continue
        levels = {s.base_year: s.annual_bases[key]}
        for year in truth_years:
            levels[year] = levels[year - 1] * (1.0 + s.annual_growth[key][year] / 100.0)
        annual[key] = levels
    annual["urban_share"] = dict(s.urban_share)
    return annual


def build_details(s: Scenario) -> dict[str, CumulativeSeries]:
    return {
        plan.key: build_cumulative(
            plan.key,
            s.base_year,
            plan.base,
            SEASONS["industry" if plan.group != "retail" else "retail"],
            plan.knots,
            s.rng("detail", plan.key),
            first=2,
            noise=0.8,
        )
        for plan in s.details
    }


def build_truth(s: Scenario) -> Truth:
    return Truth(
        region_code=s.region.code,
        years=s.years,
        flows=build_flows(s),
        incomes=build_incomes(s),
        cpi=build_cpi(s),
        gdp=build_gdp(s.gdp, s.base_year, s.years),
        minor=build_minor(s),
        annual=build_annual(s, s.years),
        details=build_details(s),
    )
