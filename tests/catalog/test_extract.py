"""extract_targets and read_report: another report's wording, HTML, and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.catalog.extract import CatalogInputError, extract_targets, read_report
from ingest.catalog.vocabulary import Vocabulary

# The targets paragraph of the national 2024 government work report, as published (full-width
# punctuation, ； between targets), in an HTML page.
NATIONAL_2024 = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>政府工作报告</title></head><body>
<h1>政府工作报告</h1>
<p>——2024年3月5日在第十四届全国人民代表大会第二次会议上</p>
<h2>二、2024年经济社会发展总体要求和政策取向</h2>
<p>今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上，城镇调查失业率5.5%左右；居民消费价格涨幅3%左右；居民收入增长和经济增长同步；国际收支保持基本平衡；粮食产量1.3万亿斤以上；单位国内生产总值能耗降低2.5%左右，生态环境质量持续改善。</p>
</body></html>
"""


def test_another_reports_wording_in_html(tmp_path):
    path = tmp_path / "national-2024.html"
    path.write_text(NATIONAL_2024, encoding="utf-8")
    text = read_report(path)
    targets = extract_targets(text, region_code="100000")
    assert [(t.metric, t.comparator, t.target_value, t.unit) for t in targets] == [
        ("growth_pct", "about", 5.0, "%"),
        ("level", "at_least", 1200.0, "万人"),
        ("share_pct", "about", 5.5, "%"),
        ("growth_pct", "about", 3.0, "%"),
        ("relation", "about", 0.0, "个百分点"),
        ("level", "at_least", 13000.0, "亿斤"),
        ("growth_pct", "about", -2.5, "%"),
    ]
    assert {t.plan_year for t in targets} == {2024}
    assert {t.section for t in targets} == {"主要预期目标"}
    by_phrase = {t.phrase: t for t in targets}
    assert by_phrase["城镇新增就业"].indicator_id == "new_urban_jobs"
    assert by_phrase["城镇新增就业"].target_id == "100000-2024-new-urban-jobs-level"
    assert by_phrase["粮食产量"].indicator_id == "grain_output"
    relation = by_phrase["居民收入增长"]
    assert (relation.indicator_id, relation.related_indicator_id) == ("per_capita_disposable_income", "gdp")
    for target in targets:
        assert text[target.source_offset : target.source_offset + len(target.source_quote)] == target.source_quote


def test_traditional_characters_and_full_width_digits():
    text = "2025年政府工作總的要求是:穩中求進。\n地區生產總值增長６％左右,新增住宿床位１萬張以上。\n"
    targets = extract_targets(text, region_code="220100")
    assert [(t.indicator_id, t.target_value, t.unit, t.comparator) for t in targets] == [
        ("gdp", 6.0, "%", "about"),
        ("new_hotel_beds", 10000.0, "张", "at_least"),
    ]
    assert targets[0].plan_year == 2025
    assert targets[1].source_quote == "地區生產總值增長６％左右,新增住宿床位１萬張以上。"


def test_given_plan_year_wins_and_ids_do_not_depend_on_order():
    first = "新建提升口袋公园40处。\n建设城市绿道100公里。\n"
    second = "建设城市绿道100公里。\n新建提升口袋公园40处。\n"
    empty = Vocabulary()
    ids_first = {
        t.phrase: t.target_id for t in extract_targets(first, plan_year=2030, region_code="220100", vocabulary=empty)
    }
    ids_second = {
        t.phrase: t.target_id for t in extract_targets(second, plan_year=2030, region_code="220100", vocabulary=empty)
    }
    assert ids_first == ids_second
    assert all(target_id.startswith("220100-2030-target-") for target_id in ids_first.values())
    with_seeds = extract_targets(first, plan_year=2030, region_code="220100")
    assert [t.target_id for t in with_seeds] == ["220100-2030-pocket-parks-count", "220100-2030-urban-greenways-count"]


def test_proposal_ids_are_unique_on_the_sample(proposals):
    ids = [p.target_id for p in proposals]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"  \n\n \t\n", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP/Office"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"Quarterly report: revenue up.", "no Chinese text"),
        ("这是一份没有任何数字的说明文件。".encode(), "no numbers with units"),
        (b"<html><body><script>var a = 1;</script></body></html>", "no visible text"),
    ],
)
def test_unusable_files_give_a_clear_error(tmp_path, content, message):
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    with pytest.raises(CatalogInputError, match=message) as caught:
        read_report(path)
    assert str(path) in str(caught.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(CatalogInputError, match="no such file"):
        read_report(tmp_path / "absent.txt")
    with pytest.raises(CatalogInputError, match="directory"):
        read_report(tmp_path)


def test_gbk_text_is_decoded(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("2024年政府工作总的要求是:稳中求进。\n新建提升口袋公园40处。\n".encode("gbk"))
    (target,) = extract_targets(read_report(path), region_code="220100")
    assert (target.target_value, target.unit, target.plan_year) == (40.0, "处", 2024)


@pytest.mark.parametrize(
    ("text", "kwargs", "message"),
    [
        ("", {"region_code": "220100"}, "empty"),
        ("新建提升口袋公园40处。", {"region_code": "长春"}, "6-digit"),
        ("新建提升口袋公园40处。", {"region_code": "220100"}, "--year"),
        ("2024年政府工作总的要求是:坚持稳中求进。第06版。", {"region_code": "220100"}, "no targets found"),
    ],
)
def test_extract_targets_errors(text, kwargs, message):
    with pytest.raises(CatalogInputError, match=message):
        extract_targets(text, **kwargs)


def test_read_report_returns_the_file_text_unchanged(sample_text):
    path = Path(__file__).resolve().parents[2] / "ingest" / "catalog" / "samples" / "changchun-2024-work-report.txt"
    assert sample_text == path.read_text(encoding="utf-8")
