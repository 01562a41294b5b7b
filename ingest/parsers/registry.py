"""Pick the parser for a document and run it: observations out, or a quarantine reason.

``parse_document`` is the only entry point the pipeline and the CLI use. Every failure mode ends
as :class:`~ingest.quarantine.Quarantined`, including a parser bug (reason ``parser_error``), so
one bad document never stops the others.

Layouts (``PARSERS``):

=====================  ==============================================================================
``monthly_table``      指标 | 本月 | 1-本月 tables ("2024年1-6月主要经济指标")
``prose``              经济运行情况 releases ("2024年1-6月全市经济运行情况")
``quarterly_gdp``      quarterly GDP ("2024年一季度全市地区生产总值"), table or prose
``communique``         the annual 统计公报 ("长春市2023年国民经济和社会发展统计公报")
``work_report_review`` the 工作回顾 of a government work report ("2025年长春市政府工作报告")
=====================  ==============================================================================
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ingest.decode import DecodeError, decode_bytes
from ingest.observations import Observation
from ingest.parsers import communique, monthly_table, prose, quarterly_gdp, work_report
from ingest.parsers.aliases import AliasTable
from ingest.parsers.base import DocumentInfo, ParseContext, Parser
from ingest.parsers.numbers import find_growths, to_simplified
from ingest.parsers.page import Page, load_page
from ingest.quarantine import Quarantined, soft_error_marker, truncation_problem

# Bump when a parser changes what it extracts: stored observations of older versions are re-parsed.
PARSER_VERSION = "4"

PARSERS: dict[str, Parser] = {
    "monthly_table": monthly_table.parse,
    "prose": prose.parse,
    "quarterly_gdp": quarterly_gdp.parse,
    "communique": communique.parse,
    "work_report_review": work_report.parse,
}

_COMMUNIQUE = re.compile(r"统计公报|国民经济和社会发展.{0,6}公报")
_WORK_REPORT = re.compile(r"政府工作报告")
_GDP = re.compile(r"地区生产总值|生产总值|GDP", re.IGNORECASE)
_PROSE = re.compile(
    r"经济运行|经济形势|运行情况|运行简况|运行态势|国民经济|经济发展情况|主要指标完成情况|经济.{0,4}(?:情况|简析|分析)"
)
_TABLE = re.compile(r"主要经济指标|主要统计指标|主要指标|统计月报|月度数据|统计数据|经济指标")
_PROSE_MIN_GROWTHS = 3


def _prose_growths(page: Page, limit: int = 8) -> int:
    """How many growth expressions the page's paragraphs hold (up to ``limit``)."""
    count = 0
    for paragraph in page.paragraphs:
        count += len(find_growths(paragraph))
        if count >= limit:
            break
    return count


def detect_layout(page: Page) -> str:
    """The layout of a page, from its title and structure."""
    title = page.title
    if _COMMUNIQUE.search(title):
        return "communique"
    if _WORK_REPORT.search(title):
        return "work_report_review"
    has_table = any(layout is not None for layout in page.table_layouts)
    if _GDP.search(title) and not _PROSE.search(title):
        return "quarterly_gdp"
    if _PROSE.search(title):
        return "monthly_table" if has_table and _prose_growths(page) < _PROSE_MIN_GROWTHS else "prose"
    if _TABLE.search(title):
        return "monthly_table"
    if has_table:
        return "monthly_table"
    if work_report.review_section(page)[1]:
        return "work_report_review"
    if _prose_growths(page) >= _PROSE_MIN_GROWTHS:
        return "prose"
    raise Quarantined(
        "unrecognised_layout",
        f"no parser recognises the page {title!r}: no indicator table, no release wording in the title, "
        "too few growth figures in the text",
    )


@dataclass
class ParseOutcome:
    layout: str
    title: str
    release_date: dt.date | None
    encoding: str
    is_synthetic: bool
    observations: list[Observation]
    unknown_indicators: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_document(
    content: bytes,
    document: DocumentInfo,
    aliases: AliasTable,
    parser: str = "auto",
    content_type: str | None = None,
    encoding_hint: str = "",
) -> ParseOutcome:
    """Parse one raw document. Raises :class:`Quarantined` with a reason when it cannot."""
    if parser != "auto" and parser not in PARSERS:
        raise Quarantined("unrecognised_layout", f"unknown parser {parser!r} (one of {', '.join(PARSERS)})")
    try:
        decoded = decode_bytes(content, content_type, encoding_hint)
    except DecodeError as exc:
        raise Quarantined("encoding", str(exc)) from exc
    marker = soft_error_marker(decoded.text)
    if marker:
        raise Quarantined("soft_error_page", f"the page is an error page ({marker})")
    problem = truncation_problem(decoded.text)
    if problem:
        raise Quarantined("truncated", problem)
    page = load_page(to_simplified(decoded.text), may_be_garbled=decoded.may_be_garbled)
    if page.looks_mojibake():
        raise Quarantined("encoding", f"the text decoded as {decoded.encoding} is garbled")
    layout = detect_layout(page) if parser == "auto" else parser
    ctx = ParseContext(document=document, page=page, aliases=aliases, parser=layout)
    try:
        observations = PARSERS[layout](page, ctx)
    except Quarantined:
        raise
    except Exception as exc:  # a parser bug must not stop the run; it is quarantined and shown
        raise Quarantined("parser_error", f"{type(exc).__name__}: {exc}") from exc
    return ParseOutcome(
        layout=layout,
        title=page.title,
        release_date=page.release_date,
        encoding=decoded.encoding,
        is_synthetic=page.is_synthetic,
        observations=observations,
        unknown_indicators=ctx.unknown_indicators,
        warnings=ctx.warnings,
    )
