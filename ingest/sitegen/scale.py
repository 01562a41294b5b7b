"""Scale-mode companions of the site: a ``sources.toml`` and a target catalog (``targets.csv``).

``sources.toml`` has the format of ``ingest/sources.toml``: one source per region per column.
``targets.csv`` has the columns of the ``targets`` seed and covers each region's statistical
targets (the ones bulletins can track). Target values are drawn around each region's designed
year-end results, so statuses come out as a mix.
"""

from __future__ import annotations

import csv
import io
import json
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ingest.catalog.model import SEED_COLUMNS, format_value
from ingest.sitegen.numbers import round_half_up
from ingest.sitegen.scenario import Region
from ingest.sitegen.site import publisher
from ingest.sitegen.truth import Truth

SOURCES_HEADER = """\
# Sources of a synthetic national-scale site written by `python -m ingest.sitegen --regions N`.
# Same format as ingest/sources.toml; every region (99xxxx) is fictional.
"""
SOURCE_KINDS = (  # id suffix, column, name
    ("stats_releases", "tjj/tjsj", "统计数据(月度、季度经济运行情况)"),
    ("stats_communiques", "tjj/tjgb", "统计公报"),
    ("gov_work_reports", "szf/gzbg", "政府工作报告"),
)


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a TOML basic string


def sources_toml(regions: Sequence[Region], max_pages: int) -> str:
    blocks = [SOURCES_HEADER]
    for region in regions:
        for suffix, column, name in SOURCE_KINDS:
            by = publisher(region, column)
            blocks.append(
                "\n[[source]]\n"
                f"id = {_q(f'r{region.code}_{suffix}')}\n"
                f"name = {_q(f'{by} · {name}')}\n"
                f"publisher = {_q(by)}\n"
                f"region_code = {_q(region.code)}\n"
                f"list_path = {_q(f'{region.prefix}{column}/index.html')}\n"
                'parser = "auto"\n'
                'encoding = ""\n'
                f"max_pages = {max_pages}\n"
            )
    return "".join(blocks)


def _significant(value: float, digits: int = 2) -> float:
    """Round to ``digits`` significant digits, as targets are set (21.4 → 21, 2234.9 → 2200)."""
    if value <= 0:
        return 0.0
    exponent = math.floor(math.log10(value)) - digits + 1
    return round(round_half_up(value / 10**exponent, 0) * 10**exponent, max(0, -exponent))


@dataclass(frozen=True)
class StatTarget:
    slug: str
    indicator_id: str
    title_zh: str
    title_en: str
    metric: str
    comparator: str
    unit: str
    wording: str  # {t}: the target value as written
    result: Callable[[Truth, int], float] | None  # the designed year-end result (None: fixed target)
    spread: tuple[float, float] = (0.0, 0.0)  # target = result + uniform(spread) (growth) or × (1 + …) (levels)
    fixed: float | None = None
    related: str = ""


def _growth(key: str) -> Callable[[Truth, int], float]:
    return lambda t, y: t.flows[key].ytd_growth(y, 12)


def _level(key: str) -> Callable[[Truth, int], float]:
    return lambda t, y: t.flows[key].ytd(y, 12)


STAT_TARGETS: tuple[StatTarget, ...] = (
    StatTarget(
        "gdp-growth",
        "gdp",
        "地区生产总值增长",
        "GDP growth",
        "growth_pct",
        "at_least",
        "%",
        "地区生产总值增长{t}%以上",
        lambda t, y: t.gdp[(y, 4)].growth["gdp"],
        (-1.0, 1.0),
    ),
    StatTarget(
        "industrial-output-above-scale-growth",
        "industrial_output_above_scale",
        "规上工业总产值增长",
        "Growth of gross industrial output above designated size",
        "growth_pct",
        "about",
        "%",
        "规上工业总产值增长{t}%左右",
        _growth("ind_output"),
        (-2.0, 2.0),
    ),
    StatTarget(
        "fixed-asset-investment-growth",
        "fixed_asset_investment",
        "固定资产投资增长",
        "Fixed-asset investment growth",
        "growth_pct",
        "about",
        "%",
        "固定资产投资增长{t}%左右",
        _growth("fai"),
        (-2.0, 3.0),
    ),
    StatTarget(
        "retail-sales-growth",
        "retail_sales",
        "社会消费品零售总额增长",
        "Growth of total retail sales of consumer goods",
        "growth_pct",
        "about",
        "%",
        "社会消费品零售总额增长{t}%左右",
        _growth("retail"),
        (-1.0, 2.0),
    ),
    StatTarget(
        "general-budget-revenue-growth",
        "general_budget_revenue",
        "一般公共预算收入增长",
        "General public budget revenue growth",
        "growth_pct",
        "about",
        "%",
        "一般公共预算收入增长{t}%左右",
        _growth("budget"),
        (-2.0, 3.0),
    ),
    StatTarget(
        "cpi-growth",
        "cpi",
        "居民消费价格(CPI)涨幅",
        "CPI inflation",
        "growth_pct",
        "at_most",
        "%",
        "CPI涨幅控制在{t}%左右",
        None,
        fixed=3.0,
    ),
    StatTarget(
        "per-capita-disposable-income-vs-gdp",
        "per_capita_disposable_income",
        "城乡居民收入与经济增长基本同步",
        "Urban and rural incomes grow broadly in step with the economy",
        "relation",
        "about",
        "个百分点",
        "城乡居民收入与经济增长基本同步",
        None,
        fixed=0.0,
        related="gdp",
    ),
    StatTarget(
        "retail-sales-level",
        "retail_sales",
        "社会消费品零售总额",
        "Total retail sales of consumer goods",
        "level",
        "reach",
        "亿元",
        "社会消费品零售总额达到{t}亿元",
        _level("retail"),
        (-0.03, 0.04),
    ),
    StatTarget(
        "fixed-asset-investment-level",
        "fixed_asset_investment",
        "完成固定资产投资",
        "Fixed-asset investment completed",
        "level",
        "at_least",
        "亿元",
        "完成固定资产投资{t}亿元以上",
        _level("fai"),
        (-0.05, 0.04),
    ),
    StatTarget(
        "nev-output-level",
        "nev_output",
        "新能源车产量",
        "New-energy vehicle output",
        "level",
        "reach",
        "万辆",
        "新能源车产量达到{t}万辆",
        _level("nev"),
        (-0.1, 0.1),
    ),
    StatTarget(
        "import-export-growth",
        "import_export",
        "进出口额增长",
        "Growth of imports and exports",
        "growth_pct",
        "at_least",
        "%",
        "进出口额增长{t}%以上",
        _growth("trade"),
        (-3.0, 3.0),
    ),
    StatTarget(
        "new-urban-jobs-level",
        "new_urban_jobs",
        "城镇新增就业",
        "New urban jobs",
        "level",
        "reach",
        "万人",
        "城镇新增就业{t}万人",
        _level("jobs"),
        (-0.06, 0.06),
    ),
    StatTarget(
        "commodity-housing-sales-area-level",
        "commodity_housing_sales_area",
        "商品房销售面积",
        "Floor space of commercial housing sold",
        "level",
        "strive",
        "万平方米",
        "商品房销售面积力争达到{t}万平方米",
        _level("housing"),
        (0.0, 0.2),
    ),
    StatTarget(
        "grain-output-level",
        "grain_output",
        "粮食产量",
        "Grain output",
        "level",
        "strive",
        "亿斤",
        "粮食产量力争达到{t}亿斤",
        lambda t, y: t.annual["grain"][y] / 5,
        (-0.02, 0.04),
    ),
)


def _target_value(target: StatTarget, truth: Truth, year: int, rng: random.Random) -> float:
    if target.result is None:
        assert target.fixed is not None
        return target.fixed
    result = target.result(truth, year)
    low, high = target.spread
    if target.metric == "growth_pct":
        return round_half_up((result + rng.uniform(low, high)) * 2, 0) / 2  # to 0.5 points
    return _significant(result * (1 + rng.uniform(low, high)), 3 if result >= 100 else 2)


def target_rows(region: Region, truth: Truth, year: int, rng: random.Random) -> list[dict[str, str]]:
    values = {t.slug: _target_value(t, truth, year, rng) for t in STAT_TARGETS}
    clauses = [t.wording.format(t=format_value(values[t.slug])) for t in STAT_TARGETS]
    quote = "全市经济社会发展主要预期目标是:" + ",".join(clauses) + "。"
    rows = []
    for target in STAT_TARGETS:
        rows.append(
            {
                "target_id": f"{region.code}-{year}-{target.slug}",
                "plan_year": str(year),
                "region_code": region.code,
                "section": "主要预期目标",
                "indicator_id": target.indicator_id,
                "title_zh": target.title_zh,
                "title_en": target.title_en,
                "metric": target.metric,
                "comparator": target.comparator,
                "target_value": format_value(values[target.slug]),
                "unit": target.unit,
                "related_indicator_id": target.related,
                "source_quote": quote,
                "source_offset": "0",
            }
        )
    return rows


def targets_csv(rows: Sequence[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SEED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
