"""What every parser needs from an HTML page: title, release date, body text, tables, provenance.

HTML is parsed with lxml's HTML parser, which neither resolves external entities nor touches the
network. Provenance of re-published or synthetic pages is read from ``<meta name="targetwatch:…">``
tags (a mirror or our sample site sets them; real bureau pages have none).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from ingest.quarantine import Quarantined

_DATE = re.compile(r"(20\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?")
_SPACES = re.compile(r"[ \t\u3000\xa0]+")
_BLOCK_TAGS = {"p", "div", "br", "tr", "h1", "h2", "h3", "h4", "li", "table", "section", "article"}


@dataclass(frozen=True)
class RealFigure:
    """A figure on a page that reproduces a real publication (``targetwatch:real-figure`` meta)."""

    indicator: str
    period: str
    value: float | None
    yoy_pct: float | None
    citation_url: str


@dataclass
class Page:
    title: str
    release_date: dt.date | None
    body_text: str  # visible text of the article body, one block per line
    tables: list[list[list[str]]]  # table → rows → cells (text)
    is_synthetic: bool
    real_figures: list[RealFigure] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)


def _text(element: etree._Element) -> str:
    return _SPACES.sub(" ", "".join(element.itertext())).strip()


def _block_text(element: etree._Element) -> str:
    """Visible text with a newline at block boundaries (paragraphs, rows, line breaks)."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("script", "style", "noscript"):
            if node.tail:
                parts.append(node.tail)
            return
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if node.tail:
            parts.append(node.tail)

    walk(element)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _parse_real_figure(content: str) -> RealFigure | None:
    # indicator|period|value|yoy_pct|citation_url
    parts = content.split("|")
    if len(parts) != 5:
        return None
    indicator, period, value, yoy, url = (p.strip() for p in parts)

    def num(text: str) -> float | None:
        return float(text) if text else None

    return RealFigure(indicator, period, num(value), num(yoy), url)


def load_page(html_text: str) -> Page:
    if not html_text.strip():
        raise Quarantined("no_figures", "the document is empty")
    try:
        root = lxml.html.document_fromstring(html_text)
    except (etree.ParserError, ValueError) as exc:
        raise Quarantined("unrecognised_layout", f"not parseable as HTML: {exc}") from exc
    meta: dict[str, str] = {}
    real_figures: list[RealFigure] = []
    for node in root.iter("meta"):
        name = (node.get("name") or "").strip().lower()
        content = (node.get("content") or "").strip()
        if name == "targetwatch:real-figure":
            figure = _parse_real_figure(content)
            if figure:
                real_figures.append(figure)
        elif name:
            meta[name] = content
    title = ""
    for xpath in ("//h1", "//*[contains(@class,'title')]", "//title"):
        found = root.xpath(xpath)
        if found and _text(found[0]):
            title = _text(found[0])
            break
    body = _body(root)
    tables = [[[_text(cell) for cell in row.xpath("./th|./td")] for row in table.iter("tr")] for table in body.iter("table")]
    release_date = _release_date(meta, root)
    synthetic = meta.get("targetwatch:synthetic", "").lower() in ("true", "yes", "1", "partial")
    return Page(
        title=title,
        release_date=release_date,
        body_text=_block_text(body),
        tables=[[row for row in t if any(row)] for t in tables],
        is_synthetic=synthetic,
        real_figures=real_figures,
        meta=meta,
    )


def _body(root: etree._Element) -> etree._Element:
    """The article body: TRS pages put it in ``#zoom``; others in an ``article``/``content`` block."""
    for xpath in ("//*[@id='zoom']", "//*[contains(@class,'article')]", "//*[contains(@class,'content')]", "//body"):
        found = root.xpath(xpath)
        if found:
            return found[0]
    return root


def _release_date(meta: dict[str, str], root: etree._Element) -> dt.date | None:
    for key in ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "dc.date"):
        if key in meta:
            match = _DATE.search(meta[key])
            if match:
                return _date(match)
    for node in root.xpath("//*[contains(@class,'date') or contains(@class,'time') or contains(@class,'info')]"):
        match = _DATE.search(_text(node))
        if match:
            return _date(match)
    return None


def _date(match: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
