"""The "true" synthetic series behind the sample site, and the builders that make them consistent.

Every cumulative flow is stored as per-period levels (months, or quarters for GDP and incomes);
year-to-date levels are their running sums, so YTD rises by construction, and every growth rate is
``level / previous-year same-period level - 1``. A series is built from a base year (the year before
the first published year, never published itself) and a designed path of year-to-date growth per
year: ``YTD_y(k) = YTD_{y-1}(k) * (1 + g_y(k))``, so the published growth is exactly the designed
(or, for real figures, the published) rate, and the months follow as differences.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ingest.sitegen.numbers import growth_pct


class SiteGenError(ValueError):
    """A scenario cannot be turned into consistent series (the message names the series)."""


@dataclass(frozen=True)
class CumulativeSeries:
    """Levels of a flow per period (12 months or 4 quarters) per year, from the base year on."""

    key: str
    levels: Mapping[int, tuple[float, ...]]

    @property
    def periods(self) -> int:
        return len(next(iter(self.levels.values())))

    def level(self, year: int, k: int) -> float:
        """The level of period ``k`` (1-based) alone."""
        return self.levels[year][k - 1]

    def ytd(self, year: int, k: int) -> float:
        return sum(self.levels[year][:k])

    def ytd_growth(self, year: int, k: int) -> float:
        return growth_pct(self.ytd(year, k), self.ytd(year - 1, k))

    def level_growth(self, year: int, k: int) -> float:
        return growth_pct(self.level(year, k), self.level(year - 1, k))


@dataclass(frozen=True)
class GdpQuarter:
    """One quarter-to-date GDP cut: nominal levels (现价) and real growth (不变价) by part."""

    levels: Mapping[str, float]  # pri, sec, ter, gdp
    growth: Mapping[str, float]  # pri, sec, ter, gdp (real, percent)
    deflators: Mapping[str, float] = field(default_factory=dict)  # implied, percent (checks only)


@dataclass(frozen=True)
class Truth:
    """Everything a region's pages report, for the base year and the published years."""

    region_code: str
    years: tuple[int, ...]
    flows: Mapping[str, CumulativeSeries]  # monthly
    incomes: Mapping[str, CumulativeSeries]  # quarterly: income_urban, income_rural
    cpi: Mapping[int, tuple[float, ...]]  # monthly year-on-year change, percent, 1 decimal
    gdp: Mapping[tuple[int, int], GdpQuarter]  # (year, quarter) → cut
    minor: Mapping[tuple[str, int, int], float]  # (key, year, quarter) → growth, percent
    annual: Mapping[str, Mapping[int, float]]  # key → year → level (base year included)
    details: Mapping[str, CumulativeSeries] = field(default_factory=dict)  # scale mode table rows

    def cpi_ytd(self, year: int, month: int) -> float:
        values = self.cpi[year][:month]
        return sum(values) / len(values)

    def income_all(self, year: int, quarter: int) -> float:
        """Per-capita income of all residents: the urban/rural average weighted by population share."""
        share = self.urban_share(year)
        return share * self.incomes["income_urban"].ytd(year, quarter) + (1 - share) * self.incomes["income_rural"].ytd(
            year, quarter
        )

    def income_all_growth(self, year: int, quarter: int) -> float:
        return growth_pct(self.income_all(year, quarter), self.income_all(year - 1, quarter))

    def urban_share(self, year: int) -> float:
        return self.annual["urban_share"][year]

    def annual_growth(self, key: str, year: int) -> float:
        return growth_pct(self.annual[key][year], self.annual[key][year - 1])


def interpolate(knots: Mapping[int, float], k: int) -> float:
    """Linear interpolation between designed knots, flat beyond the first and last."""
    keys = sorted(knots)
    if k <= keys[0]:
        return knots[keys[0]]
    if k >= keys[-1]:
        return knots[keys[-1]]
    for left, right in itertools.pairwise(keys):
        if left <= k <= right:
            t = (k - left) / (right - left)
            return knots[left] + t * (knots[right] - knots[left])
    raise AssertionError("unreachable")


def growth_path(
    knots: Mapping[int, float], first: int, last: int, rng: random.Random, noise: float
) -> dict[int, float]:
    """YTD growth for periods ``first..last``: knots exactly, noisy interpolation between them."""
    path: dict[int, float] = {}
    for k in range(first, last + 1):
        jitter = rng.gauss(0.0, noise)  # always drawn, so a new knot does not shift later draws
        path[k] = knots[k] if k in knots else interpolate(knots, k) + jitter
    return path


def base_levels(total: float, weights: Sequence[float], rng: random.Random, noise: float = 0.03) -> tuple[float, ...]:
    """The base year's period levels: seasonal weights with noise, summing to ``total``."""
    raw = [w * (1.0 + rng.uniform(-noise, noise)) for w in weights]
    scale = total / sum(raw)
    return tuple(w * scale for w in raw)


def next_year_levels(
    key: str, year: int, previous: Sequence[float], path: Mapping[int, float], first: int, rng: random.Random
) -> tuple[float, ...]:
    """Levels of ``year`` whose YTD growth over ``previous`` follows ``path`` (percent) from ``first`` on.

    Periods before ``first`` are not published alone (January): they take the previous year's share
    of the first published cumulative, with a little noise.
    """
    n = len(previous)
    prev_cum = [sum(previous[: k + 1]) for k in range(n)]
    cum = [0.0] * n
    for k in range(first, n + 1):
        cum[k - 1] = prev_cum[k - 1] * (1.0 + path[k] / 100.0)
    levels = [0.0] * n
    if first > 1:
        head = cum[first - 1]
        shares = [previous[k] / prev_cum[first - 1] * (1.0 + rng.uniform(-0.02, 0.02)) for k in range(first - 1)]
        for k in range(first - 1):
            levels[k] = head * shares[k]
        levels[first - 1] = head - sum(levels[: first - 1])
    else:
        levels[0] = cum[0]
    for k in range(first, n):
        levels[k] = cum[k] - cum[k - 1]
    for k, value in enumerate(levels, 1):
        if value <= 0:
            raise SiteGenError(f"{key}: the YTD growth path of {year} makes period {k} non-positive ({value:.3f})")
    return tuple(levels)


def build_cumulative(
    key: str,
    base_year: int,
    base_total: float,
    weights: Sequence[float],
    knots_by_year: Mapping[int, Mapping[int, float]],
    rng: random.Random,
    first: int,
    noise: float,
) -> CumulativeSeries:
    """A flow from its base-year total, seasonality and designed YTD growth knots per year."""
    levels: dict[int, tuple[float, ...]] = {base_year: base_levels(base_total, weights, rng)}
    for year in sorted(knots_by_year):
        path = growth_path(knots_by_year[year], first, len(weights), rng, noise)
        levels[year] = next_year_levels(key, year, levels[year - 1], path, first, rng)
    return CumulativeSeries(key, levels)


def remainder(key: str, total: CumulativeSeries, part: CumulativeSeries) -> CumulativeSeries:
    """The other part of a two-part total (批发零售业 = 社会消费品零售总额 − 住宿餐饮业)."""
    levels: dict[int, tuple[float, ...]] = {}
    for year, values in total.levels.items():
        rest = tuple(t - p for t, p in zip(values, part.levels[year], strict=True))
        if min(rest) <= 0:
            raise SiteGenError(f"{key}: the part {part.key} exceeds its total {total.key} in {year}")
        levels[year] = rest
    return CumulativeSeries(key, levels)
