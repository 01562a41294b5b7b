"""One lxml pass: title, release date, paragraphs outside data tables, span-expanded grids."""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.parsers.page import load_page
from ingest.quarantine import Quarantined


def test_sample_site_conventions() -> None:
    page = load_page(
        """<html><head><title>2024年1-3月主要经济指标_长春市统计局</title>
        <meta name="PubDate" content="2024-04-19 09:30"><meta name="targetwatch:synthetic" content="partial">
        <meta name="targetwatch:real-figure" content="地区生产总值|2024-01..03|1534.4|7.1|https://example.org/a">
        </head><body><div class="synthetic-banner">合成示例数据</div>
        <div class="article"><h1>2024年1-3月主要经济指标</h1>
        <div class="info"><span class="date">发布时间:2024-04-19</span></div>
        <div id="zoom"><p>第一段。</p>
        <table><tr><td>指标</td><td>1-本月</td></tr><tr><td>GDP</td><td>1</td></tr></table>
        <p>注:第二段。</p></div></div></body></html>"""
    )
    assert page.title == "2024年1-3月主要经济指标"
    assert page.release_date == dt.date(2024, 4, 19)
    assert page.is_synthetic
    assert page.real_figures[0].value == 1534.4 and page.real_figures[0].period == "2024-01..03"
    assert page.paragraphs == ["第一段。", "注:第二段。"]
    assert page.tables == [[["指标", "1-本月"], ["GDP", "1"]]]
    assert "合成示例数据" not in page.body_text


def test_spans_are_expanded_into_a_grid() -> None:
    page = load_page(
        """<html><body><div id="zoom"><table>
        <tr><th rowspan="2">指标</th><th colspan="2">本月</th><th colspan="2">1-本月</th></tr>
        <tr><th>绝对量</th><th>同比增长(%)</th><th>绝对量</th><th>同比增长(%)</th></tr>
        <tr><td>汽车(万辆)</td><td>17.5</td><td>5.2</td><td>80.5</td><td>7.5</td></tr>
        </table></div></body></html>"""
    )
    assert page.tables[0] == [
        ["指标", "本月", "本月", "1-本月", "1-本月"],
        ["指标", "绝对量", "同比增长(%)", "绝对量", "同比增长(%)"],
        ["汽车(万辆)", "17.5", "5.2", "80.5", "7.5"],
    ]


def test_layout_tables_keep_their_text_as_paragraphs() -> None:
    page = load_page(
        """<html><head><title>2023年全市经济运行情况_长春市统计局</title></head><body>
        <table><tr><td><table><tr><td class="TRS_Editor">
        <p>2023年,全市GDP增长6.6%。</p>
        </td></tr></table></td></tr></table>
        </body></html>"""
    )
    assert page.title == "2023年全市经济运行情况"
    assert page.paragraphs == ["2023年,全市GDP增长6.6%。"]
    assert page.tables == []


def test_indented_labels_are_marked() -> None:
    page = load_page(
        "<html><body><div id='zoom'><table><tr><td>指标</td><td>1-本月</td></tr>"
        "<tr><td>\u3000\u3000住宿餐饮业</td><td>1</td></tr></table></div></body></html>"
    )
    assert page.tables[0][1][0] == "\u3000住宿餐饮业"


def test_title_prefers_a_headline_with_a_year_over_a_site_name() -> None:
    page = load_page(
        "<html><head><title>长春市统计局</title></head><body><h1>长春市统计局</h1>"
        "<div class='title'>2024年上半年全市经济运行情况</div><div id='zoom'><p>x</p></div></body></html>"
    )
    assert page.title == "2024年上半年全市经济运行情况"


def test_empty_document_is_quarantined() -> None:
    with pytest.raises(Quarantined) as caught:
        load_page("   ")
    assert caught.value.reason == "no_figures"


def test_only_the_articles_tables_are_read() -> None:
    """A table of the page around the article (a sidebar's) or in a <noscript> is not the bulletin's."""
    page = load_page(
        """<html><head><title>2024年1-3月主要经济指标</title></head><body>
        <table><tr><td>热点</td><td>1</td></tr><tr><td>专题</td><td>2</td></tr></table>
        <div id="zoom"><p>正文。</p>
        <table><tr><td>指标</td><td>1-本月</td></tr><tr><td>GDP</td><td>1</td></tr></table>
        <noscript><table><tr><td>指标</td><td>1-本月</td></tr><tr><td>CPI</td><td>2</td></tr></table></noscript>
        </div><table><tr><td>友情链接</td><td>3</td></tr><tr><td>联系我们</td><td>4</td></tr></table></body></html>"""
    )
    assert page.tables == [[["指标", "1-本月"], ["GDP", "1"]]]
    assert page.paragraphs == ["正文。"]
