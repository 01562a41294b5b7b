"""A scenario: one region's designed parameters, from which its truth is built.

Growth knots are YTD growth rates (percent) at chosen months (or quarters for incomes); the builder
interpolates between them. A region is either the hand-designed Changchun (``changchun.py``, real
figures as anchors) or a synthetic one drawn from a seeded generator (``synthetic.py``).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field

from ingest.sitegen.gdp import GdpPlan
from ingest.sitegen.real_figures import RealUse
from ingest.sitegen.review import ReviewItem

Knots = Mapping[int, Mapping[int, float]]  # year → month (or quarter) → YTD growth, percent


@dataclass(frozen=True)
class Region:
    code: str
    name: str  # 长春市
    bureau: str  # 长春市统计局
    government: str  # 长春市人民政府
    prefix: str = ""  # folder of the region's site under the output root ("" for a single region)
    is_synthetic_region: bool = False


@dataclass(frozen=True)
class DetailPlan:
    """A scale-mode table row: a flow with its own base and knots."""

    key: str
    group: str  # industries | products | retail
    name: str
    unit: str
    decimals: int
    base: float
    knots: Knots


@dataclass(frozen=True)
class Scenario:
    region: Region
    years: tuple[int, ...]  # years of the truth (published years are a subset, see ``site.py``)
    seed: int
    flow_bases: Mapping[str, float]
    flow_knots: Mapping[str, Knots]
    cpi_knots: Knots  # month → year-on-year change
    income_bases: Mapping[str, float]
    income_knots: Mapping[str, Knots]  # quarter → YTD growth
    urban_share: Mapping[int, float]  # base year included
    gdp: GdpPlan
    minor_fixed: Mapping[tuple[str, int, int], float]  # (key, year, quarter) → growth
    annual_bases: Mapping[str, float]
    annual_growth: Mapping[str, Mapping[int, float]]  # key → year → growth
    real: tuple[RealUse, ...] = ()
    details: tuple[DetailPlan, ...] = ()
    encodings: Mapping[str, str] = field(default_factory=dict)  # document key → gbk | gbk-undeclared
    gbk_share: float = 0.0  # share of other pages drawn as GBK (a third of them without a charset)
    review_sections: Mapping[int, tuple[tuple[str, tuple[ReviewItem, ...]], ...]] = field(default_factory=dict)

    @property
    def base_year(self) -> int:
        return self.years[0] - 1

    def rng(self, *names: object) -> random.Random:
        return stream(self.seed, self.region.code, *names)

    def charset(self, document_key: str) -> str:
        """utf-8, gbk (declared gb2312) or gbk-undeclared (no charset at all)."""
        if document_key in self.encodings:
            return self.encodings[document_key]
        draw = self.rng("charset", document_key).random()
        if draw < self.gbk_share * 2 / 3:
            return "gbk"
        return "gbk-undeclared" if draw < self.gbk_share else "utf-8"


def stream(*names: object) -> random.Random:
    """An independent, reproducible random stream per purpose (str seeds are hashed with SHA-512)."""
    return random.Random(":".join(str(n) for n in names))


def generic_knots(
    rng: random.Random, years: tuple[int, ...], mean: float, spread: float, points: tuple[int, ...] = (2, 6, 9, 12)
) -> dict[int, dict[int, float]]:
    """Designed-looking YTD growth knots for years without a hand-made design: a drifting path."""
    knots: dict[int, dict[int, float]] = {}
    for year in years:
        level = rng.gauss(mean, spread)
        path: dict[int, float] = {}
        for point in points:
            path[point] = round(max(level, -60.0), 1)
            level += rng.gauss(0.0, spread / 3)
        knots[year] = path
    return knots


def generic_gdp(rng: random.Random) -> dict[int, dict[str, float]]:
    """Real growth of the GDP parts per quarter for a year without a hand-made design."""
    pri, sec, ter = rng.gauss(3.8, 0.6), rng.gauss(6.5, 1.5), rng.gauss(5.5, 0.8)
    return {
        q: {
            "pri": round(pri + rng.gauss(0, 0.3), 1),
            "sec": round(sec + rng.gauss(0, 0.6), 1),
            "ter": round(ter + rng.gauss(0, 0.3), 1),
        }
        for q in range(1, 5)
    }
