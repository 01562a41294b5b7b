"""The work-report excerpt "YYYY年长春市政府工作报告" with its "YYYY年工作回顾" section."""

from __future__ import annotations

from ingest.sitegen.render.figures import FigureSheet
from ingest.sitegen.render.page import paragraphs
from ingest.sitegen.review import STAT_ITEMS, ReviewItem, item_text, truth_values
from ingest.sitegen.truth import Truth


def review_headline(region_name: str, report_year: int) -> str:
    return f"{report_year}年{region_name}政府工作报告"


def render_review(
    sheet: FigureSheet,
    truth: Truth,
    region_name: str,
    year: int,
    sections: tuple[tuple[str, tuple[ReviewItem, ...]], ...],
) -> str:
    """The excerpt of the report published in January of ``year + 1``: the review of ``year``."""
    values = truth_values(truth, year)

    def clause(item: ReviewItem) -> str:
        text = item_text(item, values)
        sheet.quote(item.phrase, str(year), text)
        return text

    headline = ",".join(clause(item) for item in STAT_ITEMS)
    texts = [
        f"——{year + 1}年1月在{region_name}人民代表大会会议上(节选)",
        "各位代表:",
        "现在,我代表市人民政府向大会报告工作,请予审议,并请市政协委员和其他列席人员提出意见。",
        f"一、{year}年工作回顾",
        f"{year}年,面对复杂严峻的外部环境和艰巨繁重的改革发展稳定任务,全市上下真抓实干、奋勇争先,"
        f"经济社会发展取得新成效。{headline}。",
        "一年来,我们主要做了以下工作:",
    ]
    for lead, items in sections:
        texts.append(lead + ",".join(clause(item) for item in items) + "。")
    texts += [
        "同时,我们也清醒看到,经济回升向好的基础还不稳固,部分指标未达到预期目标。",
        f"二、{year + 1}年工作安排",
        "(以下略)",
    ]
    return paragraphs(texts)
