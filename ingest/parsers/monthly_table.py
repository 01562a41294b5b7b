"""The monthly indicator table (bulletin-formats.md layouts a–c).

    指标 | 本月 | 比去年同月增长(%) | 1-本月 | 比去年同期增长(%)
    社会消费品零售总额(亿元) | 181.2 | 5.1 | 1116.0 | 5.2
      # 批发零售业            | …     | …   | …      | …
    规模以上工业增加值        | …     | 8.1 | …      | 8.7

Header variants: ``1-本月`` / ``1-6月`` / ``累计`` for the year-to-date block, ``本月`` / ``当月`` /
``6月`` for the month, growth columns after their value column, NBS two-row headers
(``本月 | 1-本月`` over ``绝对量 | 同比增长(%)``), a unit column, and growth-only tables
(``指标 | 比上年同期增长(%)``). The unit sits in the row label; ``#`` or ``其中:`` marks an
"of which" row; "…" means not published (growth-only rows such as 规上工业增加值). Notes under the
table ("按可比口径计算") carry no figures. Column roles come from :mod:`ingest.parsers.tables`.
"""

from __future__ import annotations

from ingest.observations import Observation
from ingest.parsers.base import ParseContext
from ingest.parsers.common import dedupe, document_period, table_observations
from ingest.parsers.page import Page
from ingest.quarantine import Quarantined


def parse(page: Page, ctx: ParseContext) -> list[Observation]:
    # Without a period in the title: a caption row ("2024年1-6月主要经济指标") or a header ("1-6月").
    heads = (" ".join(dict.fromkeys(row)) for table in page.tables for row in table[:3])  # read only if needed
    period = document_period(page, heads)
    found, observations = table_observations(page, ctx, period, monthly=True)
    if not found:
        raise Quarantined(
            "no_figures",
            "no indicator table (指标 | 本月 | 1-本月 | 同比增长%) on the page: re-laid-out or published as an image?",
        )
    if not observations:
        raise Quarantined("no_figures", "the indicator table has no readable figure")
    return dedupe(observations)
