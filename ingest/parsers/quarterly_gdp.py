"""Quarterly GDP releases (bulletin-formats.md layout d), as a table or as prose.

    指标 | 绝对额(亿元) | 比上年同期增长(%)
    地区生产总值 | 1534.4 | 7.1
    第一产业 | 52.9 | 3.1  …
    注:绝对额按现价计算,增长速度按不变价计算。

or "根据省统计局反馈的地区生产总值核算结果显示:一季度,全市GDP实现1534.4亿元,同比(下同)增长7.1%。
全市一产、二产、三产分别实现增加值52.9亿元、539.4亿元和942.1亿元,分别增长3.1%、11.7%和4.8%".

City GDP exists only for 一季度, 上半年, 前三季度 and 全年: periods are ``quarter_ytd`` (``year`` for
全年), whatever the page calls them (1-6月 is 上半年). GDP is required: a page without it was
re-laid-out (``missing_required_indicator``). Totals need not equal the sum of the parts.
"""

from __future__ import annotations

from ingest.observations import Observation
from ingest.parsers.base import ParseContext
from ingest.parsers.common import REQUIRED_INDICATORS, dedupe, document_period, require, table_observations
from ingest.parsers.page import Page
from ingest.parsers.periods import quarter_ytd
from ingest.parsers.prose import ProseReader, to_observations


def parse(page: Page, ctx: ParseContext) -> list[Observation]:
    period = quarter_ytd(document_period(page))
    _, observations = table_observations(page, ctx, period, monthly=False, quarterly=True)
    figures = ProseReader(ctx, period).read(page.paragraphs)
    for figure in figures:
        figure.period = quarter_ytd(figure.period)
    observations.extend(to_observations(ctx, figures))
    observations = dedupe(observations)
    require(observations, REQUIRED_INDICATORS["quarterly_gdp"], "quarterly GDP release")
    return observations
