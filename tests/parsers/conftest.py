"""Shared fixtures: an alias table built from a temporary seed, and parsing of fixture pages."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.observations import Observation
from ingest.parsers.aliases import AliasTable
from ingest.parsers.base import DocumentInfo, ParseContext
from ingest.parsers.page import load_page
from ingest.parsers.periods import Period
from ingest.parsers.prose import Figure, ProseReader
from ingest.parsers.registry import ParseOutcome, parse_document

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "bulletins"
REAL_SEED = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "indicator_aliases.csv"

ALIASES = """alias,indicator_id
地区生产总值,gdp
生产总值,gdp
GDP,gdp
第一产业增加值,gdp_primary
第一产业,gdp_primary
一产,gdp_primary
一产增加值,gdp_primary
第二产业增加值,gdp_secondary
第二产业,gdp_secondary
二产,gdp_secondary
二产增加值,gdp_secondary
第三产业增加值,gdp_tertiary
第三产业,gdp_tertiary
三产,gdp_tertiary
三产增加值,gdp_tertiary
服务业增加值,gdp_tertiary
规模以上工业总产值,industrial_output_above_scale
规上工业总产值,industrial_output_above_scale
规模以上工业增加值,industrial_value_added_above_scale
规上工业增加值,industrial_value_added_above_scale
固定资产投资,fixed_asset_investment
固定资产投资(不含农户),fixed_asset_investment
房地产开发投资,real_estate_investment
社会消费品零售总额,retail_sales
居民消费价格指数,cpi
居民消费价格,cpi
全体居民人均可支配收入,per_capita_disposable_income
城镇常住居民人均可支配收入,urban_per_capita_disposable_income
农村常住居民人均可支配收入,rural_per_capita_disposable_income
汽车产量,auto_output
新能源汽车产量,nev_output
粮食总产量,grain_output
城镇新增就业,new_urban_jobs
汽车产业产值,auto_industry_output
新增“专精特新”企业,new_specialised_smes
国家高新技术企业,high_tech_enterprises
建成“小灯塔”智能工厂,lighthouse_factories
实施投资5000万元以上项目,projects_over_50m_yuan
科技投入占财政支出比重,sci_tech_spending_share
留长大学生,graduates_retained
地铁6号线开通运营,metro_line6_opening
长太高速公路建成通车,changtai_expressway_opening
轻轨3号线扩能改造,light_rail_line3_upgrade_start
"""

INDICATORS = """indicator_id,name_zh,unit,kind
gdp,地区生产总值,亿元,flow
metro_line6_opening,地铁6号线开通运营,,event
changtai_expressway_opening,长太高速公路通车,,event
light_rail_line3_upgrade_start,轻轨3号线扩能改造启动,,event
"""


@pytest.fixture(scope="session")
def aliases(tmp_path_factory: pytest.TempPathFactory) -> AliasTable:
    folder = tmp_path_factory.mktemp("seeds")
    (folder / "indicator_aliases.csv").write_text(ALIASES, encoding="utf-8")
    (folder / "indicators.csv").write_text(INDICATORS, encoding="utf-8")
    return AliasTable.load(folder / "indicator_aliases.csv")


def document(name: str, content: bytes) -> DocumentInfo:
    return DocumentInfo("test_source", "220100", f"https://example.invalid/{name}", hashlib.sha256(content).hexdigest())


@pytest.fixture
def parse_fixture(aliases: AliasTable) -> Callable[..., ParseOutcome]:
    def parse(name: str, parser: str = "auto") -> ParseOutcome:
        content = (FIXTURES / name).read_bytes()
        return parse_document(content, document(name, content), aliases, parser=parser)

    return parse


@pytest.fixture
def read_prose(aliases: AliasTable) -> Callable[..., tuple[list[Figure], ParseContext]]:
    """Read sentences of prose with the clause reader; returns the figures and the context."""

    def read(text: str, period: Period, **options: object) -> tuple[list[Figure], ParseContext]:
        page = load_page("<html><body><div id='zoom'><p>x</p></div></body></html>")
        ctx = ParseContext(document=document("p.html", b""), page=page, aliases=aliases, parser="prose")
        reader = ProseReader(ctx, period, **options)  # type: ignore[arg-type]
        return reader.read(text.split("\n")), ctx

    return read


def brief(o: Observation) -> tuple[object, ...]:
    """An observation in the shape the layout tests state what they expect."""
    return (
        o.indicator_raw, o.indicator_id, o.period_start.isoformat(), o.period_end.isoformat(), o.period_kind,
        o.value, o.unit, o.yoy_pct, o.is_lower_bound, o.is_estimate,
    )  # fmt: skip
