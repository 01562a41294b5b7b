"""Every quarantine reason a parser raises, from a page that deserves it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ingest.parsers.aliases import AliasTable
from ingest.parsers.registry import ParseOutcome, parse_document
from ingest.quarantine import REASONS, Quarantined, truncation_problem

from .conftest import document

TABLE = "<table><tr><td>指标</td><td>1-本月</td></tr><tr><td>汽车产量</td><td>{}</td></tr></table>"


@pytest.mark.parametrize(
    ("name", "reason", "words"),
    [
        ("soft_error_busy.html", "soft_error_page", "系统繁忙"),
        ("mojibake_latin1.html", "encoding", "mojibake"),
        ("truncated_body.html", "truncated", "</html>"),
        ("relaid_table.html", "no_figures", "re-laid-out"),
        ("gdp_missing_total.html", "missing_required_indicator", "gdp"),
        ("communique_missing_gdp.html", "missing_required_indicator", "communique"),
        ("unparseable_period.html", "unparseable_period", "全市经济运行情况"),
        ("unrecognised_notice.html", "unrecognised_layout", "统计执法检查"),
    ],
)
def test_quarantine_reasons(name: str, reason: str, words: str, parse_fixture: Callable[..., ParseOutcome]) -> None:
    with pytest.raises(Quarantined) as caught:
        parse_fixture(name)
    assert caught.value.reason == reason
    assert reason in REASONS
    assert words in caught.value.message


def _page(title: str, body: str) -> bytes:
    return (
        f"<html><head><meta charset='utf-8'><title>{title}_长春市统计局</title></head>"
        f"<body><h1>{title}</h1><div id='zoom'>{body}</div></body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("title", "body", "parser", "reason"),
    [
        ("2024年1月主要经济指标", TABLE.format("1"), "auto", "unparseable_period"),
        ("2024年1-6月主要经济指标", TABLE.format("…"), "auto", "no_figures"),
        ("2024年1-6月全市经济运行情况", "<p>上半年,全市经济运行总体平稳、稳中有进。</p>", "auto", "no_figures"),
        ("2025年长春市政府工作报告", "<p>各位代表:</p><p>现在,我代表市政府报告工作。</p>", "auto", "no_figures"),
        ("2024年1-6月全市经济运行情况", "<p>1-6月,全市GDP增长5%。</p>", "no_such_parser", "unrecognised_layout"),
    ],
)
def test_more_reasons(title: str, body: str, parser: str, reason: str, aliases: AliasTable) -> None:
    content = _page(title, body)
    with pytest.raises(Quarantined) as caught:
        parse_document(content, document("x.html", content), aliases, parser=parser)
    assert caught.value.reason == reason


def test_a_table_without_a_period_in_its_title_takes_its_header_period(aliases: AliasTable) -> None:
    table = (
        "<table><tr><td>指标</td><td>1-9月</td><td>增长(%)</td></tr>"
        "<tr><td>汽车产量(万辆)</td><td>150.2</td><td>4.1</td></tr></table>"
    )
    content = _page("统计月报", table).replace(b"<h1>", b"<div class='info'>2024-10-20</div><h1>")
    outcome = parse_document(content, document("x.html", content), aliases)
    (observation,) = outcome.observations
    assert (observation.period_start.isoformat(), observation.period_end.isoformat()) == ("2024-01-01", "2024-09-30")
    assert (observation.value, observation.unit, observation.yoy_pct) == (150.2, "万辆", 4.1)


def test_a_parser_bug_is_quarantined_not_raised(aliases: AliasTable, monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest.parsers import registry

    def broken(page: object, ctx: object) -> list[object]:
        raise KeyError("boom")

    monkeypatch.setitem(registry.PARSERS, "prose", broken)
    content = _page("2024年1-6月全市经济运行情况", "<p>1-6月,全市GDP增长5%。</p>")
    with pytest.raises(Quarantined) as caught:
        parse_document(content, document("x.html", content), aliases)
    assert caught.value.reason == "parser_error"


def test_a_long_bulletin_mentioning_an_error_word_is_not_an_error_page(aliases: AliasTable) -> None:
    text = "1-6月,全市规上工业增加值增长8%。" * 200 + "如页面不存在请稍后再试。"
    content = _page("2024年1-6月全市经济运行情况", f"<p>{text}</p>")
    outcome = parse_document(content, document("x.html", content), aliases)
    assert outcome.layout == "prose"


@pytest.mark.parametrize("reference", ["&#{};", "&#x{:x};"])
def test_mojibake_written_as_character_references_is_an_encoding_error(reference: str, aliases: AliasTable) -> None:
    """ASCII bytes hold no mojibake, but the references the HTML parser resolves do: still quarantined."""
    garbled = "统计局主要经济指标".encode("gbk").decode("latin-1")  # GBK bytes read as Latin-1: "Í³¼Æ¾Ö…"
    body = "<p>" + "".join(reference.format(ord(c)) for c in garbled * 10) + "</p>" + TABLE.format("1")
    content = _page("2024年1-6月主要经济指标", body)
    assert b"\xc3" not in content  # the bytes: no mojibake
    with pytest.raises(Quarantined) as caught:
        parse_document(content, document("x.html", content), aliases)
    assert caught.value.reason == "encoding"


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ("<html><body><p>1</p></body></html>", None),
        ("<HTML><BODY><P>1</P></BODY></HTML>", None),  # tags in capitals are tags
        ("<html><body><p>1</p>", "no closing </html> tag"),
        ("<Html><Body><P>1</P>", "no closing </html> tag"),
        ("<html><body><TABLE><tr><td>1</td></tr></html>", "a table is not closed"),
        ("<html><body><table><tr><td>1</td></tr></Table ></html>", None),
        ("<p>a fragment without an html tag</p>", None),
    ],
)
def test_truncation_is_told_by_the_closing_tags(html: str, problem: str | None) -> None:
    assert truncation_problem(html) == problem
