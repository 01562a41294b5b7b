"""The annual statistical communique (统计公报, bulletin-formats.md layout e).

    长春市2023年国民经济和社会发展统计公报
    一、综合
    初步核算,全年全市实现地区生产总值[2]1002.18亿元,按可比价格计算,比上年增长3.8%。其中,第一产业
    增加值241.09亿元,增长4.5%;…
    二、农业 …
    注释:[1]本公报中数据均为初步统计数。[2]地区生产总值…

Numbered prose sections read with the prose rules (footnote markers removed), period ``year``
unless a sentence names another (年末 is the year too); tables inside the communique
(主要工业产品产量 | 单位 | 产量 | 比上年增长%) are read as indicator tables of the year. The notes at
the end are definitions, not figures. GDP is required.
"""

from __future__ import annotations

import re

from ingest.observations import Observation
from ingest.parsers.base import ParseContext
from ingest.parsers.common import REQUIRED_INDICATORS, dedupe, document_period, require, table_observations
from ingest.parsers.page import Page
from ingest.parsers.periods import full_year
from ingest.parsers.prose import ProseReader, to_observations

_NOTES_START = re.compile(r"^\s*(?:注释|附注|注\s*[:：]|说明\s*[:：]|[\[［]\s*1\s*[\]］])")


def body_paragraphs(paragraphs: list[str]) -> list[str]:
    """The paragraphs before the notes (注释:[1]…)."""
    for i, paragraph in enumerate(paragraphs):
        if i > 0 and _NOTES_START.match(paragraph):
            return paragraphs[:i]
    return paragraphs


def parse(page: Page, ctx: ParseContext) -> list[Observation]:
    period = document_period(page)
    if period.kind != "year":
        period = full_year(period.year)
    figures = ProseReader(ctx, period).read(body_paragraphs(page.paragraphs))
    observations = to_observations(ctx, figures)
    observations.extend(table_observations(page, ctx, period, monthly=False)[1])
    observations = dedupe(observations)
    require(observations, REQUIRED_INDICATORS["communique"], "communique")
    return observations
