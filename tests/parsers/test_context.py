"""What every parser builds observations with (ingest/parsers/base.py) and the page's table layouts."""

from __future__ import annotations

from ingest.parsers.aliases import AliasTable
from ingest.parsers.base import ParseContext
from ingest.parsers.page import load_page
from ingest.parsers.periods import single_month, ytd
from ingest.parsers.tables import find_layout
from tests.parsers.conftest import document

PAGE = """<html><head><title>2024年1-3月主要经济指标</title>
<meta name="targetwatch:synthetic" content="partial">
<meta name="targetwatch:real-figure" content="地区生产总值|2024-01..03|1534.4|7.1|https://example.org/a">
</head><body><div id="zoom"><p>说明。</p>
<table><tr><td>指标</td><td>3月</td><td>1-3月</td></tr><tr><td>地区生产总值(亿元)</td><td></td><td>1534.4</td></tr></table>
<table><tr><td>附注</td><td>一</td></tr><tr><td>二</td><td>三</td></tr></table>
</div></body></html>"""


def _context(aliases: AliasTable) -> ParseContext:
    page = load_page(PAGE)
    return ParseContext(document=document("t.html", PAGE.encode()), page=page, aliases=aliases, parser="monthly_table")


def test_a_rows_observations_are_those_built_one_by_one(aliases: AliasTable) -> None:
    figures = [
        (ytd(2024, 3, "quarter_ytd"), 1534.4, "亿元", 7.1),  # the real figure of the page's meta
        (single_month(2024, 3), None, "亿元", 6.0),  # growth only: no unit kept
        (ytd(2024, 2), 900.0, "亿元", None),
        (single_month(2024, 2), None, None, None),  # nothing published: left out
    ]
    row = _context(aliases).row_observations(" 地区生产总值 ", "地区生产总值 | | 1534.4 ", figures)
    one_by_one_ctx = _context(aliases)
    one_by_one = [
        one_by_one_ctx.observation(
            indicator_raw=" 地区生产总值 ", period=p, value=v, unit=u, yoy_pct=g, quote="地区生产总值 | | 1534.4 "
        )
        for p, v, u, g in figures[:3]
    ]
    assert row == one_by_one
    assert [(o.indicator_raw, o.indicator_id, o.quote) for o in row] == [
        ("地区生产总值", "gdp", "地区生产总值 | | 1534.4")
    ] * 3
    assert [(o.is_synthetic, o.citation_url) for o in row] == [
        (False, "https://example.org/a"),
        (True, None),
        (True, None),
    ]
    assert row[1].unit is None and row[2].yoy_pct is None


def test_an_unknown_name_is_reported_once_per_document(aliases: AliasTable) -> None:
    ctx = _context(aliases)
    for _ in range(2):
        ctx.row_observations("未知指标", "未知指标 | 1", [(single_month(2024, 3), 1.0, "个", None)])
    assert ctx.unknown_indicators == ["未知指标"]


def test_the_pages_table_layouts_are_those_of_each_table() -> None:
    page = load_page(PAGE)
    assert len(page.tables) == 2
    assert page.table_layouts == [find_layout(table) for table in page.tables]
    assert page.table_layouts[0] is not None and page.table_layouts[1] is None
