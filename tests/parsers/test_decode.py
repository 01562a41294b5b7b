"""Bytes → text: declared charsets, undeclared GBK, lying declarations, mojibake."""

from __future__ import annotations

import pytest

from ingest.decode import DecodeError, decode_bytes

TEXT = "1-6月,全市社会消费品零售总额1116亿元,同比增长5.2%。全市规模以上工业增加值同比增长8.7%。"


def html(charset_tag: str, text: str = TEXT) -> str:
    return f"<html><head>{charset_tag}<title>经济运行情况</title></head><body><p>{text}</p></body></html>"


def test_utf8_declared() -> None:
    decoded = decode_bytes(html('<meta charset="utf-8">').encode("utf-8"))
    assert (decoded.encoding, decoded.method) == ("utf-8", "declared-meta")
    assert TEXT in decoded.text


def test_gbk_declared_as_gb2312_reads_as_gb18030() -> None:
    page = html('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    decoded = decode_bytes(page.encode("gbk"))
    assert (decoded.encoding, decoded.method) == ("gb18030", "declared-meta")
    assert TEXT in decoded.text


def test_gbk_without_declaration_is_detected() -> None:
    decoded = decode_bytes(html("").encode("gbk"))
    assert decoded.encoding == "gb18030"
    assert TEXT in decoded.text


def test_header_charset_wins_over_nothing() -> None:
    decoded = decode_bytes(html("").encode("gbk"), content_type="text/html; charset=GBK")
    assert (decoded.encoding, decoded.method) == ("gb18030", "declared-header")


def test_valid_utf8_beats_a_stale_gb2312_declaration() -> None:
    page = html('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    decoded = decode_bytes(page.encode("utf-8"))
    assert decoded.encoding == "utf-8"
    assert TEXT in decoded.text


def test_gbk_bytes_declared_utf8_fall_back_to_gb18030() -> None:
    decoded = decode_bytes(html('<meta charset="utf-8">').encode("gbk"))
    assert decoded.encoding == "gb18030"
    assert TEXT in decoded.text


def test_big5_without_declaration_is_not_read_as_gbk() -> None:
    text = (
        "一季度,全市地區生產總值實現1534.4億元,同比增長7.1%。"
        "全市規模以上工業增加值增長9.4%,社會消費品零售總額增長6.3%。"
    )
    page = f"<html><head><title>經濟運行情況</title></head><body><p>{text * 3}</p></body></html>"
    decoded = decode_bytes(page.encode("big5"))
    assert "地區生產總值" in decoded.text


def test_mojibake_is_an_error_not_text() -> None:
    garbled = html('<meta charset="utf-8">').encode("gbk").decode("latin-1").encode("utf-8")
    with pytest.raises(DecodeError, match="mojibake"):
        decode_bytes(garbled)


def test_replacement_characters_are_an_error() -> None:
    with pytest.raises(DecodeError):
        decode_bytes(html('<meta charset="utf-8">', TEXT + "\ufffd\ufffd").encode("utf-8"))


def test_utf8_text_without_mojibake_characters_says_so() -> None:
    """The parser skips looking for mojibake in a page whose UTF-8 bytes hold none (flag False)."""
    assert decode_bytes(html('<meta charset="utf-8">').encode("utf-8")).may_be_garbled is False
    latin = decode_bytes(html('<meta charset="utf-8">', TEXT + "Café").encode("utf-8"))
    assert latin.may_be_garbled is True  # é is U+00E9: the page's text is checked
    assert decode_bytes(html('<meta charset="gbk">').encode("gbk")).may_be_garbled is True
