"""Scenarios for the warehouse fixture build: synthetic observations and catalog rows, one region each.

Every scenario has its own synthetic region code (900001, 900002, …) so scenarios never see each
other's figures; the tests assert exact numbers and statuses per target id. Plan year 2024 throughout.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ingest.observations import Observation

PROJECT_ROOT = Path(__file__).resolve().parents[2]
INDICATORS_SEED = PROJECT_ROOT / "dbt_project" / "seeds" / "indicators.csv"
TARGETS_SEED = PROJECT_ROOT / "dbt_project" / "seeds" / "targets.csv"
PLAN_YEAR = 2024


def _indicators() -> dict[str, dict[str, str]]:
    with INDICATORS_SEED.open(encoding="utf-8") as f:
        return {row["indicator_id"]: row for row in csv.DictReader(f)}


INDICATORS = _indicators()


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Scenarios:
    observations: list[Observation] = field(default_factory=list)
    targets: list[dict[str, object]] = field(default_factory=list)

    def obs(
        self,
        region: str,
        indicator_id: str,
        year: int,
        month: int,
        value: float | None = None,
        yoy: float | None = None,
        *,
        kind: str = "ytd",
        unit: str | None = None,
        lower_bound: bool = False,
        estimate: bool = False,
        release: dt.date | None = None,
        doc: str | None = None,
        parser: str = "prose",
    ) -> None:
        """One published figure. Periods: ytd/quarter_ytd/year run from 1 January; month is that month."""
        start = dt.date(year, month, 1) if kind == "month" else dt.date(year, 1, 1)
        end = month_end(year, 12 if kind == "year" else month)
        release = release or end + dt.timedelta(days=20)
        doc = doc or f"{region}-{release.isoformat()}"
        name = INDICATORS[indicator_id]["name_zh"]
        if unit is None and value is not None:
            unit = INDICATORS[indicator_id]["unit"] or "done"
        self.observations.append(
            Observation(
                source_id="scenario",
                document_sha256=sha(doc),
                url=f"file:///scenarios/{doc}.html",
                release_date=release,
                region_code=region,
                indicator_raw=name,
                indicator_id=indicator_id,
                period_start=start,
                period_end=end,
                period_kind=kind,
                value=value,
                unit=unit,
                yoy_pct=yoy,
                is_lower_bound=lower_bound,
                is_estimate=estimate,
                quote=f"{name} {value} {unit} {yoy}",
                parser=parser,
                is_synthetic=True,
                fetched_at=dt.datetime.combine(release, dt.time(8), tzinfo=dt.UTC),
            )
        )

    def target(
        self,
        region: str,
        slug: str,
        indicator_id: str,
        metric: str,
        comparator: str,
        target_value: float | None,
        unit: str | None,
        *,
        related: str | None = None,
        title_zh: str | None = None,
        title_en: str | None = None,
    ) -> str:
        target_id = f"{region}-{PLAN_YEAR}-{slug}"
        indicator = INDICATORS[indicator_id]
        self.targets.append(
            {
                "target_id": target_id,
                "plan_year": PLAN_YEAR,
                "region_code": region,
                "section": "scenario",
                "indicator_id": indicator_id,
                "title_zh": title_zh or indicator["name_zh"],
                "title_en": title_en or indicator["name_en"],
                "metric": metric,
                "comparator": comparator,
                "target_value": "" if target_value is None else target_value,
                "unit": unit or "",
                "related_indicator_id": related or "",
                "source_quote": f"scenario {slug}",
                "source_offset": 0,
            }
        )
        return target_id

    def write_catalog(self, path: Path) -> None:
        with TARGETS_SEED.open(encoding="utf-8") as f:
            columns = next(csv.reader(f))
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=columns)
            writer.writeheader()
            writer.writerows(self.targets)


# Retail sales 2023, 亿元, 1-2月 … 1-12月: the seasonal pace of the plan year 2024 (1-6月: 900/2000 = 45%).
RETAIL_2023 = {2: 300, 3: 450, 4: 600, 5: 750, 6: 900, 7: 1050, 8: 1200, 9: 1350, 10: 1500, 11: 1650, 12: 2000}


def build() -> Scenarios:
    s = Scenarios()

    # 900001 — YTD reset across 1 January, 1-2月 as the first period, seasonal pace on track.
    r = "900001"
    for month, value in RETAIL_2023.items():
        s.obs(r, "retail_sales", 2023, month, value, 5.0)
    for month, value, yoy in [(2, 340, 8.2), (3, 500, 8.0), (4, 680, 8.1), (5, 860, 8.1), (6, 1035, 8.2)]:
        s.obs(r, "retail_sales", 2024, month, value, yoy)
    s.target(r, "retail-level", "retail_sales", "level", "reach", 2250, "亿元")
    s.target(r, "retail-growth", "retail_sales", "growth_pct", "about", 8, "%")
    s.target(r, "rd-growth", "rd_expenditure", "growth_pct", "at_least", 10, "%")

    # 900002 — no history: linear pace (month / 12), behind it.
    r = "900002"
    for month, value in [(2, 200), (3, 380), (4, 560), (5, 760), (6, 1035)]:
        s.obs(r, "retail_sales", 2024, month, value)
    s.target(r, "retail-level", "retail_sales", "level", "reach", 2250, "亿元")

    # 900003 — seasonal pace, behind it: at risk / off track; strive has the wider margin.
    r = "900003"
    for month, value in RETAIL_2023.items():
        s.obs(r, "retail_sales", 2023, month, value)
    for month, value in [(2, 300), (3, 450), (4, 600), (5, 800), (6, 990)]:
        s.obs(r, "retail_sales", 2024, month, value)
    s.target(r, "retail-level", "retail_sales", "level", "reach", 2250, "亿元")
    s.target(r, "retail-level-strive", "retail_sales", "level", "strive", 2300, "亿元")
    s.target(r, "retail-level-high", "retail_sales", "level", "reach", 2450, "亿元")

    # 900004 — a level flow at year end: achieved / missed.
    r = "900004"
    s.obs(r, "retail_sales", 2024, 6, 1000)
    s.obs(r, "retail_sales", 2024, 12, 2260)
    s.target(r, "retail-level", "retail_sales", "level", "reach", 2250, "亿元")
    s.target(r, "retail-level-high", "retail_sales", "level", "reach", 2300, "亿元")
    s.target(r, "retail-level-exact", "retail_sales", "level", "at_least", 2260, "亿元")

    # 900005 — the as-of grid: a quarterly GDP target measured at as-of months 3, 4, 5 by the Q1 figure.
    r = "900005"
    s.obs(r, "gdp", 2024, 3, 1534.4, 6.0, kind="quarter_ytd")
    for month, value in [(2, 300), (3, 450), (4, 600), (5, 750)]:
        s.obs(r, "retail_sales", 2024, month, value)
    s.target(r, "gdp-growth", "gdp", "growth_pct", "at_least", 6.5, "%")

    # 900006-900008 — CPI ceiling (控制在3%以内): 2.8 on track, 3.3 at risk, 4.0 off track.
    for r, cpi in [("900006", 2.8), ("900007", 3.3), ("900008", 4.0)]:
        s.obs(r, "cpi", 2024, 6, None, cpi)
        s.target(r, "cpi-growth", "cpi", "growth_pct", "at_most", 3, "%")
    # 900009 — CPI at year end, falling prices.
    s.obs("900009", "cpi", 2024, 12, None, -0.3)
    s.target("900009", "cpi-growth", "cpi", "growth_pct", "at_most", 3, "%")

    # 900010 — growth mid-year (1-6月 8.0%) against "about" (inside the band below/above, beyond it),
    # "at least", "strive" and "more than".
    r = "900010"
    s.obs(r, "fixed_asset_investment", 2024, 6, 900, 8.0)
    for slug, comparator, value in [
        ("about-8-3", "about", 8.3),
        ("about-7-6", "about", 7.6),
        ("about-8-8", "about", 8.8),
        ("about-10-5", "about", 10.5),
        ("about-6", "about", 6.0),
        ("at-least-9-5", "at_least", 9.5),
        ("strive-9-5", "strive", 9.5),
        ("more-than-8", "more_than", 8.0),
    ]:
        s.target(r, f"fai-{slug}", "fixed_asset_investment", "growth_pct", comparator, value, "%")

    # 900011 — growth at year end (1-12月 4.2%): settled achieved / missed.
    r = "900011"
    s.obs(r, "fixed_asset_investment", 2024, 12, 2033.8, 4.2)
    for slug, comparator, value in [
        ("about-4", "about", 4.0),
        ("about-4-6", "about", 4.6),
        ("about-5", "about", 5.0),
        ("more-than-4-2", "more_than", 4.2),
        ("at-least-4-2", "at_least", 4.2),
    ]:
        s.target(r, f"fai-{slug}", "fixed_asset_investment", "growth_pct", comparator, value, "%")

    # 900012 — a count from next year's work-report review (period_kind year, released in January).
    r = "900012"
    s.obs(
        r, "new_specialised_smes", 2024, 12, 326, kind="year", release=dt.date(2025, 1, 10), parser="work_report_review"
    )
    s.target(r, "smes-count", "new_specialised_smes", "count", "reach", 300, "户")
    s.target(r, "smes-count-high", "new_specialised_smes", "count", "reach", 350, "户")

    # 900013 / 900014 — 突破3000项: more_than with an exact lower bound, and the same number without it.
    s.obs("900013", "local_tech_transfers", 2024, 12, 3000, kind="year", lower_bound=True)
    s.obs("900013", "high_tech_enterprises", 2024, 12, 2900, kind="year", lower_bound=True)
    s.target("900013", "transfers-count", "local_tech_transfers", "count", "more_than", 3000, "项")
    s.target("900013", "high-tech-count", "high_tech_enterprises", "count", "at_least", 3000, "户")
    s.obs("900014", "local_tech_transfers", 2024, 12, 3000, kind="year")
    s.target("900014", "transfers-count", "local_tech_transfers", "count", "more_than", 3000, "项")
    s.target("900014", "transfers-count-at-least", "local_tech_transfers", "count", "at_least", 3000, "项")

    # 900015 — "about" for a level (±2%); grain published in 亿斤 against a target in 亿斤 (→ 万吨).
    r = "900015"
    s.obs(r, "hogs_raised", 2024, 12, 1085, kind="year")
    s.obs(r, "grain_output", 2024, 12, 253.7, kind="year", unit="亿斤")
    s.target(r, "hogs-level", "hogs_raised", "level", "about", 1100, "万头")
    s.target(r, "hogs-level-high", "hogs_raised", "level", "about", 1130, "万头")
    s.target(r, "grain-level", "grain_output", "level", "strive", 260, "亿斤")

    # 900016 / 900017 — share_pct at year end and mid-year.
    r = "900016"
    s.obs(r, "sme_procurement_share", 2024, 12, 45, kind="year")
    s.target(r, "sme-share", "sme_procurement_share", "share_pct", "at_least", 40, "%")
    s.target(r, "sme-share-more-than", "sme_procurement_share", "share_pct", "more_than", 45, "%")
    s.target(r, "sme-share-about", "sme_procurement_share", "share_pct", "about", 44, "%")
    s.obs("900017", "sme_procurement_share", 2024, 6, 38.5)
    s.target("900017", "sme-share", "sme_procurement_share", "share_pct", "at_least", 40, "%")

    # 900018-900020 — pp_change: from two shares, from a direct 个百分点 figure, and a share with no base.
    r = "900018"
    s.obs(r, "sci_tech_spending_share", 2023, 12, 11.5, kind="year")
    s.obs(r, "sci_tech_spending_share", 2024, 12, 12.6, kind="year")
    s.target(r, "sci-pp", "sci_tech_spending_share", "pp_change", "reach", 1, "个百分点")
    s.target(r, "sci-pp-high", "sci_tech_spending_share", "pp_change", "at_least", 1.2, "个百分点")
    r = "900019"
    s.obs(r, "sci_tech_spending_share", 2024, 12, 12.3, kind="year")
    s.obs(r, "sci_tech_spending_share", 2024, 12, 0.8, kind="year", unit="个百分点")
    s.target(r, "sci-pp", "sci_tech_spending_share", "pp_change", "reach", 1, "个百分点")
    r = "900020"
    s.obs(r, "sci_tech_spending_share", 2024, 12, 12.3, kind="year")
    s.target(r, "sci-pp", "sci_tech_spending_share", "pp_change", "reach", 1, "个百分点")

    # 900021-900024 — relation: income growth vs GDP growth for the same period (基本同步, ±0.5 pp).
    r = "900021"
    s.obs(r, "per_capita_disposable_income", 2024, 9, 30687, 6.2, kind="quarter_ytd")
    s.obs(r, "gdp", 2024, 6, 3200, 9.9, kind="quarter_ytd")
    s.obs(r, "gdp", 2024, 9, 5000, 6.5, kind="quarter_ytd")
    s.target(r, "income-vs-gdp", "per_capita_disposable_income", "relation", "about", 0, "个百分点", related="gdp")
    r = "900022"
    s.obs(r, "per_capita_disposable_income", 2024, 6, 20632, 5.8, kind="quarter_ytd")
    s.obs(r, "per_capita_disposable_income", 2024, 9, 30687, 6.9, kind="quarter_ytd")
    s.obs(r, "gdp", 2024, 6, 3200, 6.5, kind="quarter_ytd")
    s.target(r, "income-vs-gdp", "per_capita_disposable_income", "relation", "about", 0, "个百分点", related="gdp")
    r = "900023"
    s.obs(r, "per_capita_disposable_income", 2024, 12, 41224, 6.0, kind="year")
    s.obs(r, "gdp", 2024, 12, 7400, 6.6, kind="year")
    s.target(r, "income-vs-gdp", "per_capita_disposable_income", "relation", "about", 0, "个百分点", related="gdp")
    r = "900024"
    s.obs(r, "per_capita_disposable_income", 2024, 6, 20632, 5.8, kind="quarter_ytd")
    s.target(r, "income-vs-gdp", "per_capita_disposable_income", "relation", "about", 0, "个百分点", related="gdp")

    # 900025 / 900026 — milestones: done (next year's review; a monthly report) and never reported.
    r = "900025"
    s.obs(
        r,
        "metro_line6_opening",
        2024,
        12,
        1.0,
        kind="year",
        unit="done",
        release=dt.date(2025, 1, 10),
        parser="work_report_review",
    )
    s.target(
        r,
        "metro-line6",
        "metro_line6_opening",
        "milestone",
        "reach",
        None,
        None,
        title_zh="地铁6号线开通运营",
        title_en="Metro Line 6 opens for service",
    )
    s.target(
        r,
        "changtai",
        "changtai_expressway_opening",
        "milestone",
        "reach",
        None,
        None,
        title_zh="长太高速公路通车",
        title_en="Changtai expressway opens to traffic",
    )
    s.obs("900026", "metro_line6_opening", 2024, 6, 1.0, kind="month", unit="done", release=dt.date(2024, 7, 1))
    s.target(
        "900026",
        "metro-line6",
        "metro_line6_opening",
        "milestone",
        "reach",
        None,
        None,
        title_zh="地铁6号线开通运营",
        title_en="Metro Line 6 opens for service",
    )

    # 900027-900029 — estimates (预计): used and flagged; superseded by a later statistic; a statistic
    # published before the estimate still wins.
    s.obs("900027", "retail_sales", 2024, 12, 2260, kind="year", estimate=True, release=dt.date(2025, 1, 10))
    s.target("900027", "retail-level", "retail_sales", "level", "reach", 2250, "亿元")
    s.obs("900028", "retail_sales", 2024, 12, 2260, kind="year", estimate=True, release=dt.date(2025, 1, 10))
    s.obs("900028", "retail_sales", 2024, 12, 2234.9, kind="year", release=dt.date(2025, 4, 20))
    s.target("900028", "retail-level", "retail_sales", "level", "reach", 2250, "亿元")
    s.obs("900029", "retail_sales", 2024, 12, 2234.9, kind="year", release=dt.date(2025, 1, 5))
    s.obs("900029", "retail_sales", 2024, 12, 2260, kind="year", estimate=True, release=dt.date(2025, 1, 10))
    s.target("900029", "retail-level", "retail_sales", "level", "reach", 2250, "亿元")

    # 900030 — a revision: two documents for 上半年 GDP with different values and release dates, then a
    # growth-only reprint (which must not hide the revised level).
    r = "900030"
    s.obs(r, "gdp", 2024, 6, 3200, 5.9, kind="quarter_ytd", release=dt.date(2024, 7, 20))
    s.obs(r, "gdp", 2024, 6, 3210, 6.6, kind="quarter_ytd", release=dt.date(2024, 8, 15))
    s.obs(r, "gdp", 2024, 6, None, 6.6, kind="quarter_ytd", release=dt.date(2024, 9, 1))
    s.target(r, "gdp-growth", "gdp", "growth_pct", "at_least", 6.5, "%")
    s.target(r, "gdp-level", "gdp", "level", "reach", 6800, "亿元")

    # 900031 — no data at all for the region and plan year.
    s.target("900031", "gdp-growth", "gdp", "growth_pct", "about", 5, "%")
    s.target(
        "900031",
        "metro-line6",
        "metro_line6_opening",
        "milestone",
        "reach",
        None,
        None,
        title_zh="地铁6号线开通运营",
        title_en="Metro Line 6 opens for service",
    )

    # 900032 / 900033 — stocks (算力规模, 国家高新技术企业): an even path from last year-end, never a
    # seasonal share (computing power's 2023 1-6月 level would give a 50% "share"); without last
    # year-end's level the stock is read as it stands.
    r = "900032"
    s.obs(r, "computing_power", 2023, 6, 400)
    s.obs(r, "computing_power", 2023, 12, 800, kind="year")
    s.obs(r, "computing_power", 2024, 6, 950)
    s.target(r, "computing-count", "computing_power", "count", "reach", 1000, "P")
    s.obs("900033", "high_tech_enterprises", 2024, 6, 2900)
    s.target("900033", "high-tech-count", "high_tech_enterprises", "count", "more_than", 3000, "户")

    # 900034 — division guards: last year's 1-2月 was zero (no seasonal share: linear instead), and a
    # zero target.
    r = "900034"
    s.obs(r, "new_urban_jobs", 2023, 2, 0.0)
    s.obs(r, "new_urban_jobs", 2023, 6, 4.5)
    s.obs(r, "new_urban_jobs", 2023, 12, 9.0)
    s.obs(r, "new_urban_jobs", 2024, 2, 1.2)
    s.target(r, "jobs-level", "new_urban_jobs", "level", "reach", 8.7, "万人")
    s.target(r, "jobs-level-zero", "new_urban_jobs", "level", "reach", 0, "万人")

    return s
