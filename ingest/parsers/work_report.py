"""The review part of a government work report: last year's results of its targets.

    2025年长春市政府工作报告
    一、2024年工作回顾
    (一)全力拼经济稳增长。…全市地区生产总值预计增长6.5%…实施投资5000万元以上项目1381个,
    325个产业项目竣工投产…新增"专精特新"企业326户…地铁6号线开通运营…
    二、2025年工作安排 …

Only the review section is read (the rest of a report is next year's plans and targets, which
the target extractor reads). Figures are about the review year (the heading's year, else the
report's year − 1), period ``year``; a period of any other year ("比2020年", "五年来") is not one of
its results. 预计 → ``is_estimate``; 突破/超过/以上 → ``is_lower_bound``. A clause that names a
milestone indicator (kind ``event`` in the indicators seed) with no number, and says it is done
(开通, 建成, 投用 …, not 加快/推进), is an observation of value 1.0 in unit ``done``.
"""

from __future__ import annotations

import re

from ingest.observations import Observation
from ingest.parsers.base import ParseContext
from ingest.parsers.page import Page
from ingest.parsers.periods import Period, full_year, year_in
from ingest.parsers.prose import Figure, ProseReader, to_observations
from ingest.quarantine import Quarantined

_REVIEW_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]\s*)?(?:(?P<year>20\d{2})\s*年(?:度)?(?:政府)?|过去一年(?:的)?|一年来(?:的)?)"
    r"\s*(?:主要)?工作回顾"
)
_SECTION = re.compile(r"^\s*[二三四五六七八九十]+\s*[、.．]")
_SECTION_WORDS = re.compile(
    r"工作安排|总体要求|预期目标|重点工作|工作任务|主要任务|工作部署|自身建设|今年(?:的)?(?:政府)?工作|"
    r"20\d{2}\s*年(?:的)?(?:政府)?工作(?!回顾)"
)
_SHORT = 40
_QUOTES = re.compile(r"[\s“”\"'《》「」]")
_SEVERAL_YEARS = re.compile(
    r"[五三两二十]年来|\d+年来|过去[五三两]年|[五三]年间|十[三四五]五(?:以来|期间|时期)|近[三五]年|累计[^,，。]{0,6}年"
)
_DONE = re.compile(
    r"开通|通车|建成|投用|投入使用|投产|竣工|完成|运营|实现|落地|获批|挂牌|揭牌|启用|开园|开业|签约|开工"
)
_ONGOING = re.compile(r"加快|推进|推动|力争|争取|计划|谋划|筹划|前期|积极|将要|即将|启动建设|正在")


def review_section(page: Page) -> tuple[int | None, list[str]]:
    """(the review year written in its heading, the review's paragraphs); ``[]`` when there is none."""
    paragraphs = page.paragraphs
    for i, paragraph in enumerate(paragraphs):
        match = _REVIEW_START.match(paragraph)
        if not match:
            continue
        year = int(match.group("year")) if match.group("year") else None
        rest = paragraph[match.end() :].strip(" ,，。:：")
        section = [rest] if rest else []
        for following in paragraphs[i + 1 :]:
            if _SECTION.match(following) or (len(following) <= _SHORT and _SECTION_WORDS.search(following)):
                break
            section.append(following)
        return year, section
    return None, []


def review_year(page: Page, written: int | None) -> int:
    if written is not None:
        return written
    year = year_in(page.title)
    if year is not None:
        return year - 1
    if page.release_date is not None:
        return page.release_date.year - 1
    raise Quarantined("unparseable_period", f"no year in the title {page.title!r} or a release date")


def parse(page: Page, ctx: ParseContext) -> list[Observation]:
    written, paragraphs = review_section(page)
    if not paragraphs:
        raise Quarantined("no_figures", "no 工作回顾 (review of the past year) section in the work report")
    year = review_year(page, written)
    period = full_year(year)

    def milestones(clause: str, sentence: str, period: Period, estimate: bool) -> list[Figure]:
        names = ctx.aliases.event_mentions(clause)
        if not names:
            return []
        rest = _QUOTES.sub("", clause)
        for name in names:
            rest = rest.replace(name, "")
        if _ONGOING.search(rest) or not (_DONE.search(rest) or any(_DONE.search(n) for n in names)):
            return []
        return [
            Figure(name, period, sentence, value=1.0, unit="done", estimate=estimate) for name in dict.fromkeys(names)
        ]

    reader = ProseReader(ctx, period, only_year=year, plain_clause=milestones, skip_sentence=_SEVERAL_YEARS)
    observations = to_observations(ctx, reader.read(paragraphs))
    if not observations:
        raise Quarantined("no_figures", f"the {year} review section has no figure or completed milestone")
    return observations
