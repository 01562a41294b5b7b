"""Every layout end to end: fixture page → observations (values, units, periods, growth, flags).

The fixtures in tests/fixtures/bulletins are hand-written after bulletin-formats.md and the real
quotes of published-figures.csv; the expectations below are the figures a reader of each page
would write down.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from ingest.parsers.page import load_page
from ingest.parsers.registry import ParseOutcome, detect_layout

from .conftest import FIXTURES, brief

M6, YTD6 = ("2024-06-01", "2024-06-30", "month"), ("2024-01-01", "2024-06-30", "ytd")
M5, YTD5 = ("2024-05-01", "2024-05-31", "month"), ("2024-01-01", "2024-05-31", "ytd")
YTD9 = ("2024-01-01", "2024-09-30", "ytd")
FEB = ("2024-01-01", "2024-02-29", "ytd")
MAR = ("2024-03-01", "2024-03-31", "month")
YTD3, Q1 = ("2024-01-01", "2024-03-31", "ytd"), ("2024-01-01", "2024-03-31", "quarter_ytd")
H1 = ("2024-01-01", "2024-06-30", "quarter_ytd")
Y2023, Y2024 = ("2023-01-01", "2023-12-31", "year"), ("2024-01-01", "2024-12-31", "year")
TABLE = "<table><tr><td>指标</td><td>1-本月</td></tr><tr><td>汽车产量</td><td>1</td></tr></table>"


def row(
    name: str,
    ident: str | None,
    period: tuple[str, str, str],
    value: float | None,
    unit: str | None,
    yoy: float | None,
    lower: bool = False,
    estimate: bool = False,
) -> tuple[object, ...]:
    return (name, ident, *period, value, unit, yoy, lower, estimate)


EXPECTED: dict[str, tuple[str, list[tuple[object, ...]]]] = {
    "monthly_table_2024_06.html": ("monthly_table", [
        row("规模以上工业总产值", "industrial_output_above_scale", M6, 702.3, "亿元", 9.8),
        row("规模以上工业总产值", "industrial_output_above_scale", YTD6, 3871.6, "亿元", 10.2),
        row("汽车制造业总产值", None, M6, 455.1, "亿元", 11.2),
        row("汽车制造业总产值", None, YTD6, 2490.7, "亿元", 12.5),
        row("规模以上工业增加值", "industrial_value_added_above_scale", M6, None, None, 8.1),
        row("规模以上工业增加值", "industrial_value_added_above_scale", YTD6, None, None, 8.7),
        row("汽车产量", "auto_output", M6, 18.2, "万辆", 6.4),
        row("汽车产量", "auto_output", YTD6, 98.7, "万辆", 7.3),
        row("新能源汽车产量", "nev_output", M6, 2.6, "万辆", 45.0),
        row("新能源汽车产量", "nev_output", YTD6, 12.9, "万辆", 38.6),
        row("固定资产投资(不含农户)", "fixed_asset_investment", YTD6, None, None, 4.7),
        row("房地产开发投资", "real_estate_investment", YTD6, None, None, -12.3),
        row("社会消费品零售总额", "retail_sales", M6, 181.2, "亿元", 5.1),
        row("社会消费品零售总额", "retail_sales", YTD6, 1116.0, "亿元", 5.2),
        row("批发零售业", None, M6, 160.3, "亿元", 4.8),
        row("批发零售业", None, YTD6, 985.2, "亿元", 4.9),
        row("住宿餐饮业", None, M6, 20.9, "亿元", 7.4),
        row("住宿餐饮业", None, YTD6, 130.8, "亿元", 7.5),
        row("居民消费价格指数", "cpi", M6, None, None, 0.3),
        row("居民消费价格指数", "cpi", YTD6, None, None, 0.1),
    ]),
    "monthly_table_nbs_gbk.html": ("monthly_table", [
        row("规模以上工业增加值", "industrial_value_added_above_scale", M5, None, None, 7.6),
        row("规模以上工业增加值", "industrial_value_added_above_scale", YTD5, None, None, 8.2),
        row("汽车", None, M5, 17.5, "万辆", 5.2),
        row("汽车", None, YTD5, 80.5, "万辆", 7.5),
        row("新能源汽车", None, M5, 2.4, "万辆", 40.1),
        row("新能源汽车", None, YTD5, 10.3, "万辆", 36.9),
        row("发电量", None, M5, 35.2, "亿千瓦时", -3.1),
        row("发电量", None, YTD5, 190.8, "亿千瓦时", 1.6),
        row("钢材", None, M5, 8.6, "万吨", 12.0),
        row("钢材", None, YTD5, 40.2, "万吨", 9.9),
    ]),
    "monthly_table_investment.html": ("monthly_table", [
        row("固定资产投资(不含农户)", "fixed_asset_investment", YTD9, None, None, 4.7),
        row("民间投资", None, YTD9, None, None, 0.4),
        row("第一产业投资", None, YTD9, None, None, 25.3),
        row("第二产业投资", None, YTD9, None, None, 12.6),
        row("工业投资", None, YTD9, None, None, 13.0),
        row("第三产业投资", None, YTD9, None, None, 1.2),
        row("房地产开发投资", "real_estate_investment", YTD9, None, None, -8.1),
    ]),
    "prose_2024_02.html": ("prose", [
        row("规模以上工业增加值", "industrial_value_added_above_scale", FEB, None, None, 8.7),
        row("汽车产量", "auto_output", FEB, 35.6, "万辆", 6.0),
        row("新能源汽车产量", "nev_output", FEB, 10.1, "万辆", 91.5),
        row("社会消费品零售总额", "retail_sales", FEB, 1116.0, "亿元", 5.2),
        row("限上批发业销售额", None, FEB, None, None, 3.1),
        row("限上零售业销售额", None, FEB, None, None, 14.4),
        row("固定资产投资(不含农户)", "fixed_asset_investment", FEB, None, None, -2.3),
        row("工业投资", None, FEB, None, None, 120.0),
        row("房地产开发投资", "real_estate_investment", FEB, None, None, 0.0),
        row("高技术制造业增加值占规上工业比重", None, FEB, 15.2, "%", None),
        row("居民消费价格", "cpi", ("2024-02-01", "2024-02-29", "month"), None, None, 0.3),
    ]),
    "prose_2024_q1.html": ("prose", [
        row("GDP", "gdp", Q1, 1534.4, "亿元", 7.1),
        row("一产增加值", "gdp_primary", Q1, 52.9, "亿元", 3.1),
        row("二产增加值", "gdp_secondary", Q1, 539.4, "亿元", 11.7),
        row("三产增加值", "gdp_tertiary", Q1, 942.1, "亿元", 4.8),
        row("农林牧渔业总产值", None, Q1, None, None, 3.1),
        row("畜牧业产值", None, Q1, None, None, 3.0),
        row("猪出栏量", None, Q1, None, None, 3.3),
        row("牛出栏量", None, Q1, None, None, 5.1),
        row("羊出栏量", None, Q1, None, None, 3.7),
        row("规上工业总产值", "industrial_output_above_scale", YTD3, None, None, 10.7),
        row("汽车产量", "auto_output", YTD3, None, None, 22.1),
        row("动车组产量", None, YTD3, None, None, 57.1),
        row("城市轨道车辆产量", None, YTD3, None, None, 16.2),
        row("电子元件产量", None, YTD3, None, None, 15.2),
        row("规模以上工业增加值", "industrial_value_added_above_scale", MAR, None, None, 9.4),
        row("固定资产投资", "fixed_asset_investment", YTD3, 167.8, "亿元", 11.7),
        row("第一产业投资", None, YTD3, None, None, 25.3),
        row("社会消费品零售总额", "retail_sales", YTD3, 520.7, "亿元", 6.3),
        row("全体居民人均可支配收入", "per_capita_disposable_income", Q1, 12130.0, "元", 5.4),
        row("城镇常住居民人均可支配收入", "urban_per_capita_disposable_income", Q1, 15466.0, "元", 4.9),
        row("农村常住居民人均可支配收入", "rural_per_capita_disposable_income", Q1, 7986.0, "元", 6.2),
    ]),
    "prose_traditional_reprint.html": ("prose", [
        row("GDP", "gdp", Q1, 1534.4, "亿元", 7.1),
        row("一产增加值", "gdp_primary", Q1, 52.9, "亿元", 3.1),
        row("二产增加值", "gdp_secondary", Q1, 539.4, "亿元", 11.7),
        row("三产增加值", "gdp_tertiary", Q1, 942.1, "亿元", 4.8),
        row("农林牧渔业增加值", None, Q1, None, None, 3.1),
        row("规上工业总产值", "industrial_output_above_scale", Q1, None, None, 10.7),
    ]),
    "prose_gbk_undeclared.html": ("prose", [
        row("地区生产总值", "gdp", Y2023, 7002.1, "亿元", 6.6),
        row("规模以上工业增加值", "industrial_value_added_above_scale", Y2023, None, None, 9.3),
        row("汽车产业产值", "auto_industry_output", Y2023, None, None, 11.4),
        row("规上工业贡献率", None, Y2023, 75.5, "%", None),
        row("固定资产投资", "fixed_asset_investment", Y2023, None, None, -11.8),
        row("房地产开发投资", "real_estate_investment", Y2023, None, None, -37.1),
        row("服务业增加值", "gdp_tertiary", Y2023, None, None, 6.7),
    ]),
    "quarterly_gdp_2024_q1.html": ("quarterly_gdp", [
        row("地区生产总值", "gdp", Q1, 1534.4, "亿元", 7.1),
        row("第一产业", "gdp_primary", Q1, 52.9, "亿元", 3.1),
        row("第二产业", "gdp_secondary", Q1, 539.4, "亿元", 11.7),
        row("第三产业", "gdp_tertiary", Q1, 942.1, "亿元", 4.8),
    ]),
    "quarterly_gdp_2024_h1_prose.html": ("quarterly_gdp", [
        row("地区生产总值", "gdp", H1, 3434.3, "亿元", 6.0),
        row("第一产业增加值", "gdp_primary", H1, 128.6, "亿元", 3.5),
        row("第二产业增加值", "gdp_secondary", H1, 1240.2, "亿元", 8.9),
        row("第三产业增加值", "gdp_tertiary", H1, 2065.5, "亿元", 4.4),
    ]),
    "communique_2023.html": ("communique", [
        row("地区生产总值", "gdp", Y2023, 7002.06, "亿元", 6.6),
        row("第一产业增加值", "gdp_primary", Y2023, 441.1, "亿元", 4.5),
        row("第二产业增加值", "gdp_secondary", Y2023, 2616.5, "亿元", 6.8),
        row("第三产业增加值", "gdp_tertiary", Y2023, 3944.5, "亿元", 6.7),
        row("人均地区生产总值", None, Y2023, 77156.0, "元", 7.0),
        row("常住人口", None, Y2023, 910.19, "万人", None),
        row("居民消费价格", "cpi", Y2023, None, None, 0.3),
        row("粮食总产量", "grain_output", Y2023, 1247.2, "万吨", 1.4),
        row("农林牧渔业总产值", None, Y2023, None, None, 4.1),
        row("规模以上工业增加值", "industrial_value_added_above_scale", Y2023, None, None, 9.3),
        row("规上工业总产值", "industrial_output_above_scale", Y2023, 7500.0, "亿元", 8.5),
        row("汽车产业产值", "auto_industry_output", Y2023, None, None, 11.4),
        row("汽车产量", "auto_output", Y2023, 220.5, "万辆", 12.0),
        row("新能源汽车产量", "nev_output", Y2023, 18.2, "万辆", 40.0),
        row("固定资产投资(不含农户)", "fixed_asset_investment", Y2023, None, None, -11.8),
        row("房地产开发投资", "real_estate_investment", Y2023, None, None, -37.1),
        row("钢材产量", None, Y2023, 92.4, "万吨", -2.6),  # the table's 汽车 row is the 汽车产量 above
    ]),
    "work_report_2025.html": ("work_report_review", [
        row("地区生产总值", "gdp", Y2024, None, None, 6.5, estimate=True),
        row("规上工业总产值", "industrial_output_above_scale", Y2024, None, None, 8.2),
        row("争取各类政策资金", None, Y2024, 300.0, "亿元", None, lower=True),
        row("实施投资5000万元以上项目", "projects_over_50m_yuan", Y2024, 1381.0, "个", None),
        row("产业项目竣工投产", None, Y2024, 325.0, "个", None),
        row("固定资产投资", "fixed_asset_investment", Y2024, 1986.7, "亿元", None),
        row("接待游客", None, Y2024, 1.7, "亿人次", 15.6),
        row("旅游总花费", None, Y2024, 3000.0, "亿元", 24.4, lower=True),
        row("新增专精特新企业", "new_specialised_smes", Y2024, 326.0, "户", None),
        row("国家高新技术企业", "high_tech_enterprises", Y2024, 3000.0, "户", None, lower=True),
        row("建成小灯塔智能工厂", "lighthouse_factories", Y2024, 15.0, "个", None),
        row("科技投入占财政支出比重", "sci_tech_spending_share", Y2024, 1.2, "个百分点", None),
        row("地铁6号线开通运营", "metro_line6_opening", Y2024, 1.0, "done", None),
        row("长太高速公路建成通车", "changtai_expressway_opening", Y2024, 1.0, "done", None),
        row("留长大学生", "graduates_retained", Y2024, 11.0, "万人", None, lower=True),
    ]),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_observations(name: str, parse_fixture: Callable[..., ParseOutcome]) -> None:
    layout, expected = EXPECTED[name]
    outcome = parse_fixture(name)
    assert outcome.layout == layout
    assert [brief(o) for o in outcome.observations] == expected
    for observation in outcome.observations:
        assert observation.quote and observation.parser == layout
        assert observation.source_id == "test_source" and observation.region_code == "220100"
    unknown = sorted({o.indicator_raw for o in outcome.observations if o.indicator_id is None})
    assert sorted(outcome.unknown_indicators) == unknown


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_explicit_parser_gives_the_same_result(name: str, parse_fixture: Callable[..., ParseOutcome]) -> None:
    layout, expected = EXPECTED[name]
    assert [brief(o) for o in parse_fixture(name, parser=layout).observations] == expected


def test_quotes_are_the_table_row_or_the_sentence(parse_fixture: Callable[..., ParseOutcome]) -> None:
    table = parse_fixture("monthly_table_2024_06.html").observations
    assert table[0].quote == "规模以上工业总产值(亿元) | 702.3 | 9.8 | 3871.6 | 10.2"
    prose = parse_fixture("prose_2024_02.html").observations
    assert prose[2].quote == "主要产品中,汽车产量35.6万辆,同比增长6.0%,其中新能源汽车10.1万辆,增长91.5%"
    reprint = parse_fixture("prose_traditional_reprint.html").observations
    assert reprint[1].quote.startswith("从三次产业看,一季度,全市一产、二产、三产分别实现增加值52.9亿元")


def test_encodings_and_release_dates(parse_fixture: Callable[..., ParseOutcome]) -> None:
    declared = parse_fixture("monthly_table_nbs_gbk.html")
    undeclared = parse_fixture("prose_gbk_undeclared.html")
    assert (declared.encoding, declared.title) == ("gb18030", "2024年5月份规模以上工业生产主要指标")
    assert (undeclared.encoding, undeclared.title) == ("gb18030", "2023年全市经济运行情况")
    assert undeclared.release_date == dt.date(2024, 1, 26)
    assert parse_fixture("prose_traditional_reprint.html").release_date == dt.date(2024, 4, 28)


def test_synthetic_flags_and_real_figure_citations(parse_fixture: Callable[..., ParseOutcome]) -> None:
    q1 = parse_fixture("prose_2024_q1.html")
    cited = {o.indicator_raw: o.citation_url for o in q1.observations if o.citation_url}
    assert cited == {
        "GDP": "https://cn.dailyeconomic.com/jl/2024/05/07/856.html",
        "二产增加值": "https://www.xuehua.us/a/662850fe52971e2887d6f7ad?lang=zh-hk",
    }
    assert all(o.is_synthetic == (o.citation_url is None) for o in q1.observations)
    h1 = parse_fixture("quarterly_gdp_2024_h1_prose.html").observations
    assert (h1[0].indicator_id, h1[0].is_synthetic) == ("gdp", False)  # meta yoy "6" matches 6.0
    assert all(o.is_synthetic for o in h1[1:])
    real_page = parse_fixture("prose_gbk_undeclared.html")
    assert not real_page.is_synthetic and not any(o.is_synthetic for o in real_page.observations)


def test_several_periods_in_one_release(parse_fixture: Callable[..., ParseOutcome]) -> None:
    kinds = {o.period_kind for o in parse_fixture("prose_2024_q1.html").observations}
    assert kinds == {"quarter_ytd", "ytd", "month"}


def test_warnings_say_what_was_left_out(parse_fixture: Callable[..., ParseOutcome]) -> None:
    warnings = parse_fixture("work_report_2025.html").warnings
    assert not any(o.unit == "条" for o in parse_fixture("work_report_2025.html").observations)  # 稳增长26条: a name
    assert any("五年来" in w for w in warnings)
    assert any("环比" in w for w in parse_fixture("prose_2024_02.html").warnings)


def test_work_report_reads_only_its_review(parse_fixture: Callable[..., ParseOutcome]) -> None:
    observations = parse_fixture("work_report_2025.html").observations
    assert {o.period_start.year for o in observations} == {2024}
    assert not any(o.yoy_pct == 5.5 or (o.value == 300.0 and o.unit == "户") for o in observations)
    assert "light_rail_line3_upgrade_start" not in {o.indicator_id for o in observations}  # still 加快推进


@pytest.mark.parametrize(
    ("title", "body", "layout"),
    [
        ("2024年1-6月主要经济指标", TABLE, "monthly_table"),
        ("2024年1-6月全市经济运行情况", "<p>1-6月,全市规上工业增加值增长8%。</p>", "prose"),
        ("2024年上半年国民经济运行情况", "<p>上半年,全市GDP增长6%。</p>", "prose"),
        ("2024年一季度全市地区生产总值", "<p>一季度,全市GDP增长7.1%。</p>", "quarterly_gdp"),
        ("长春市2023年国民经济和社会发展统计公报", "<p>一、综合</p>", "communique"),
        ("2025年长春市政府工作报告", "<p>一、2024年工作回顾</p>", "work_report_review"),
        ("全市统计数据", TABLE, "monthly_table"),
        ("长春经济开门红", "<p>一季度,全市GDP增长7.1%,规上工业增加值增长9%,社零总额增长6%。</p>", "prose"),
    ],
)
def test_detect_layout(title: str, body: str, layout: str) -> None:
    page = load_page(
        f"<html><head><title>{title}_长春市统计局</title></head><body><h1>{title}</h1>"
        f"<div id='zoom'>{body}</div></body></html>"
    )
    assert detect_layout(page) == layout


def test_all_fixtures_are_covered() -> None:
    quarantined = {
        "soft_error_busy.html", "mojibake_latin1.html", "truncated_body.html", "relaid_table.html",
        "gdp_missing_total.html", "communique_missing_gdp.html", "unparseable_period.html", "unrecognised_notice.html",
    }  # fmt: skip
    assert {p.name for p in FIXTURES.glob("*.html")} == set(EXPECTED) | quarantined
