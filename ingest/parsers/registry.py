"""Pick the parser for a document and run it: observations out, or a quarantine reason.

``parse_document`` is the only entry point the pipeline and the CLI use. Every failure mode ends
as :class:`~ingest.quarantine.Quarantined`, including a parser bug (reason ``parser_error``), so
one bad document never stops the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.decode import DecodeError, decode_bytes, looks_mojibake
from ingest.observations import Observation
from ingest.parsers import monthly_table
from ingest.parsers.aliases import AliasTable
from ingest.parsers.base import DocumentInfo, ParseContext, Parser
from ingest.parsers.numbers import to_simplified
from ingest.parsers.page import Page, load_page
from ingest.quarantine import Quarantined, soft_error_marker, truncation_problem

# Bump when a parser changes what it extracts: stored observations of older versions are re-parsed.
PARSER_VERSION = "1"

PARSERS: dict[str, Parser] = {
    "monthly_table": monthly_table.parse,
}


def detect_layout(page: Page) -> str:
    """The layout of a page, from its title and structure."""
    if page.tables and "monthly_table" in PARSERS:
        return "monthly_table"
    raise Quarantined("unrecognised_layout", f"no parser recognises the page {page.title!r}")


@dataclass
class ParseOutcome:
    layout: str
    title: str
    release_date: object
    encoding: str
    is_synthetic: bool
    observations: list[Observation]
    unknown_indicators: list[str] = field(default_factory=list)


def parse_document(
    content: bytes,
    document: DocumentInfo,
    aliases: AliasTable,
    parser: str = "auto",
    content_type: str | None = None,
    encoding_hint: str = "",
) -> ParseOutcome:
    """Parse one raw document. Raises :class:`Quarantined` with a reason when it cannot."""
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
    page = load_page(to_simplified(decoded.text))
    if looks_mojibake(page.body_text):
        raise Quarantined("encoding", f"the text decoded as {decoded.encoding} is garbled")
    layout = detect_layout(page) if parser == "auto" else parser
    if layout not in PARSERS:
        raise Quarantined("unrecognised_layout", f"unknown parser {layout!r}")
    ctx = ParseContext(document=document, page=page, aliases=aliases, parser=layout)
    try:
        observations = PARSERS[layout](page, ctx)
    except Quarantined:
        raise
    except Exception as exc:  # a parser bug must not stop the run; it is quarantined and shown  # noqa: BLE001
        raise Quarantined("parser_error", f"{type(exc).__name__}: {exc}") from exc
    return ParseOutcome(
        layout=layout,
        title=page.title,
        release_date=page.release_date,
        encoding=decoded.encoding,
        is_synthetic=page.is_synthetic,
        observations=observations,
        unknown_indicators=ctx.unknown_indicators,
    )
