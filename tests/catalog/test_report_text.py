"""Sections, sentences and offsets, plan year, and HTML → text."""

from __future__ import annotations

import pytest

from ingest.catalog.errors import CatalogInputError
from ingest.catalog.report_text import detect_plan_year, html_to_text, matching_form, split_sentences
from tests.catalog.conftest import REPORT_HEADINGS


def test_sentences_are_exact_slices_of_the_text(sample_text):
    sentences = split_sentences(sample_text)
    assert len(sentences) > 150
    for sentence in sentences:
        assert sample_text[sentence.start : sentence.start + len(sentence.text)] == sentence.text
        assert "\n" not in sentence.text and sentence.text == sentence.text.strip()
        assert "。" not in sentence.text[:-1]


def test_two_line_headings_are_the_sections(sample_text):
    sections = {s.section for s in split_sentences(sample_text)}
    assert sections >= REPORT_HEADINGS
    by_text = {s.text: s.section for s in split_sentences(sample_text)}
    metro = next(text for text in by_text if "地铁6号线开通运营" in text)
    assert by_text[metro] == "深入实施城市更新 全面提升城市功能品质"
    targets = next(text for text in by_text if text.startswith("全市经济社会发展主要预期目标是"))
    assert by_text[targets] == "主要预期目标"


def test_numbered_headings_of_a_full_report():
    text = "一、2023年工作回顾\n过去一年,我们完成了任务。\n二、2024年工作安排\n（一）扩大有效需求\n新建公园10处。\n"
    sections = [(s.section, s.text) for s in split_sentences(text)]
    assert sections == [
        ("一、2023年工作回顾", "过去一年,我们完成了任务。"),
        ("二、2024年工作安排 （一）扩大有效需求", "新建公园10处。"),
    ]


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2024年政府工作总的要求是:坚持稳中求进。", 2024),
        ("政府工作报告\n——2025年1月8日在长春市第十六届人民代表大会第五次会议上\n2024年工作回顾", 2025),
        ("2023年主要目标任务全面完成。2024年经济社会发展的主要预期目标是:地区生产总值增长6%左右。", 2024),
        ("２０２６年政府工作报告", 2026),
    ],
)
def test_plan_year_is_detected(text, year):
    assert detect_plan_year(text) == year


def test_plan_year_that_cannot_be_detected_is_a_clear_error():
    with pytest.raises(CatalogInputError, match="--year"):
        detect_plan_year("地区生产总值增长6%左右。")


def test_matching_form_keeps_offsets_and_folds_width_and_traditional_forms():
    text = "地區生產總值增長６．５％以上,新增住宿床位１萬張"
    form = matching_form(text)
    assert len(form) == len(text)
    assert form == "地区生产总值增长6.5%以上,新增住宿床位1万张"


def test_html_blocks_become_lines_and_scripts_are_dropped():
    markup = (
        "<html><head><title>t</title><script>var x = '增长9%';</script></head><body>"
        "<h2>深入实施城市更新</h2><p>新建提升口袋公园40处,<b>建设城市绿道100公里</b>。</p><p>地铁6号线开通运营。</p>"
        "</body></html>"
    )
    assert html_to_text(markup) == "深入实施城市更新\n新建提升口袋公园40处,建设城市绿道100公里。\n地铁6号线开通运营。\n"
