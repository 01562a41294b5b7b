"""What every parser needs from an HTML page: title, release date, body text, tables, provenance.

HTML is parsed once, with lxml's HTML parser, which neither resolves external entities nor touches
the network. Provenance of re-published or synthetic pages is read from ``<meta name="targetwatch:…">``
tags (a mirror or our sample site sets them; real bureau pages have none).

Tables are read into grids with ``colspan``/``rowspan`` expanded (an NBS two-row header becomes two
rows of equal width). Only *data* tables (two rows and two columns or more, no nested table) are
tables; old CMS pages that lay the whole article out in a table keep their text as paragraphs.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from lxml import etree

from ingest.decode import looks_mojibake
from ingest.parsers.memo import bounded_cache
from ingest.parsers.tables import TableLayout, find_layout
from ingest.quarantine import Quarantined

_DATE = re.compile(r"(20\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?")
_RELEASED = re.compile(r"(?:发布|发表|公布|更新)(?:时间|日期)\s*[:：]?\s*" + _DATE.pattern)
_SPACES = re.compile(r"[ \t\r\u3000\xa0]+")
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "table",
        "section",
        "article",
        "td",
        "th",
        "ul",
        "ol",
        "dd",
        "dt",
        "center",
        "blockquote",
        "pre",
    }
)
_SKIP_TAGS = ("script", "style", "noscript", "template")
_YEAR = re.compile(r"20\d{2}\s*年")
_TITLE_SPLIT = re.compile(r"\s*(?:_|｜|\|| - | — |--)\s*")
_MAX_SPAN = 50
# Characters lxml refuses to set as text (XML 1.0 forbids them) though it parses them from a page
# (a stray control byte, ``&#1;``): dropped whenever the tree's text is edited.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_MIN_TITLE, _MAX_TITLE, _MAX_CANDIDATES = 4, 120, 30
# What mojibake is made of (:func:`ingest.decode.looks_mojibake`): text without any is not garbled.
_GARBLED = re.compile(r"[\u00c0-\u00ff\ufffd]")
# Character references the parser turns into one of those: any numeric one; named Latin-1 letters.
_GARBLING_REFERENCE = re.compile(
    r"&(?:#|[A-Za-z](?:grave|acute|circ|tilde|uml|ring|cedil|slash)|AElig|aelig|ETH|eth|THORN|thorn|szlig|times|divide)"
)


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
    tables: list[list[list[str]]]  # data table → rows → cells (text), spans expanded
    is_synthetic: bool
    real_figures: list[RealFigure] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    paragraphs: list[str] = field(default_factory=list)  # text blocks of the body outside data tables
    html: str = field(default="", repr=False)  # the page as parsed, for :attr:`body_text`
    # False only when no character of mojibake (Latin-1 letters, U+FFFD) is anywhere in the body's text
    may_be_garbled: bool = field(default=True, repr=False)

    @functools.cached_property
    def body_text(self) -> str:
        """Visible text of the article body, one block per line, data tables included.

        Read again from :attr:`html` on first use: only the garbled-text check needs it, and a page
        whose text has no character of mojibake skips that check (:meth:`looks_mojibake`)."""
        return _body_text(self.html) if self.html else ""

    @functools.cached_property
    def table_layouts(self) -> list[TableLayout | None]:
        """The layout of each of :attr:`tables`, None for a table that is not an indicator table (worked
        out once: the layout detection and the parser both need it)."""
        return [find_layout(table) for table in self.tables]

    def looks_mojibake(self) -> bool:
        return self.may_be_garbled and looks_mojibake(self.body_text)


_ROW_GROUPS = ("thead", "tbody", "tfoot")
_CELL_TAGS = ("th", "td")


def _normalise(text: str) -> str:
    """Runs of spaces as one space, no space at the ends (stripping first is the same, and cheaper)."""
    text = text.strip()
    if " " in text or "\u3000" in text or "\xa0" in text or "\t" in text or "\r" in text:
        return _SPACES.sub(" ", text)
    return text


def _all_text(element: etree._Element) -> str:
    """``"".join(element.itertext())``, joined by libxml2 (several times faster)."""
    return etree.tostring(element, method="text", encoding=str, with_tail=False)


def _has_garbled_text(element: etree._Element) -> bool:
    """Whether the element's text holds a character of mojibake (:data:`_GARBLED`); for speed, looked for
    in the UTF-8 text libxml2 writes (U+00C0–U+00FF are C3 80–BF, U+FFFD is EF BF BD), not in a str."""
    text = etree.tostring(element, method="text", encoding="utf-8", with_tail=False)
    return b"\xc3" in text or b"\xef\xbf\xbd" in text


def _text(element: etree._Element) -> str:
    return _normalise("".join(element.itertext()))


def _rows(table: etree._Element) -> list[etree._Element]:
    """``./tr|./thead/tr|./tbody/tr|./tfoot/tr`` in document order (a loop is faster than the XPath)."""
    rows: list[etree._Element] = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in _ROW_GROUPS:
            rows.extend(child.iterchildren("tr"))
    return rows


def _data_rows(table: etree._Element) -> list[etree._Element] | None:
    """The rows of a *data* table (two rows and a row of two cells or more, no nested table), else None."""
    if next(table.iterdescendants("table"), None) is not None:  # (``find(".//table")``, but in C)
        return None
    rows = _rows(table)
    if len(rows) < 2:
        return None
    if not any(len(r.findall("td")) + len(r.findall("th")) >= 2 for r in rows):
        return None
    return rows


def _lines(text: str) -> list[str]:
    lines = (line.strip() for line in _SPACES.sub(" ", text).split("\n"))
    return [line for line in lines if line]


def _xml_text(text: str | None) -> str:
    return _NOT_XML.sub("", text) if text else ""


def _mark_blocks(body: etree._Element) -> None:
    """Newlines around block elements, so ``itertext`` yields one block per line (edits the tree)."""
    for node in body.iter(*_BLOCK_TAGS):
        text, tail = node.text, node.tail
        try:
            node.text = "\n" + text if text else "\n"
            node.tail = "\n" + tail if tail else "\n"
        except ValueError:  # a character lxml parses but refuses to set (rare): drop it
            node.text = "\n" + _xml_text(text)
            node.tail = "\n" + _xml_text(tail)


def _within(node: etree._Element, ancestor: etree._Element) -> bool:
    """Whether ``node`` is ``ancestor`` or one of its descendants."""
    while node is not None:
        if node is ancestor:
            return True
        node = node.getparent()
    return False


def _remove_keeping_tail(node: etree._Element) -> None:
    parent = node.getparent()
    if parent is None:
        return
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = _xml_text(previous.tail) + _xml_text(node.tail)
        else:
            parent.text = _xml_text(parent.text) + _xml_text(node.tail)
    parent.remove(node)


def _span(raw: str | None) -> int:
    if raw is None or raw == "1":
        return 1
    raw = raw.strip()
    return min(int(raw), _MAX_SPAN) if raw.isdigit() and int(raw) > 0 else 1


def _indented(text: str, raw: str) -> str:
    """An indented label ("\u3000\u3000住宿餐饮业", an "of which" row) keeps one ideographic space in front."""
    if text and (raw[:1] in ("\u3000", "\xa0") or raw.startswith("  ")):
        return "\u3000" + text
    return text


@bounded_cache(16384)  # for speed: the same cell texts recur in every row and release
def _leaf_cell_text(raw: str) -> str:
    return _indented(_normalise(raw), raw)


def _grid(rows: list[etree._Element], spans: bool = True) -> list[list[str]]:
    """Rows of cell texts with colspan/rowspan expanded (a spanned cell's text repeats).

    ``spans`` False: no cell has a span attribute (the page has none), so none is looked up."""
    grid: list[list[str]] = []
    carried: dict[int, tuple[str, int]] = {}  # column → (text, rows still to fill)

    def fill_carried(row: list[str]) -> None:
        """Take the carried text of the column the row has reached, if there is one."""
        text, left = carried[len(row)]
        if left <= 1:
            del carried[len(row)]
        else:
            carried[len(row)] = (text, left - 1)
        row.append(text)

    for tr in rows:
        row: list[str] = []
        for cell in tr:
            if cell.tag not in _CELL_TAGS:
                continue
            while carried and len(row) in carried:
                fill_carried(row)
            raw = cell.text or ""
            text = _indented(_normalise("".join(cell.itertext())), raw) if len(cell) else _leaf_cell_text(raw)
            if not spans:
                row.append(text)
                continue
            rowspan_attr, colspan_attr = cell.get("rowspan"), cell.get("colspan")
            if rowspan_attr is None and colspan_attr is None:  # the common cell, without the span arithmetic
                row.append(text)
                continue
            rowspan = _span(rowspan_attr)
            colspan = _span(colspan_attr)
            if rowspan == 1 and colspan == 1:
                row.append(text)
                continue
            for _ in range(colspan):
                if rowspan > 1:
                    carried[len(row)] = (text, rowspan - 1)
                row.append(text)
        # columns still spanned from above, up to the last one (gaps before it stay empty)
        while carried and max(carried) >= len(row):
            if len(row) in carried:
                fill_carried(row)
            else:
                row.append("")
        if any(row):
            grid.append(row)
    return grid


def _parse_real_figure(content: str) -> RealFigure | None:
    # indicator|period|value|yoy_pct|citation_url
    parts = content.split("|")
    if len(parts) != 5:
        return None
    indicator, period, value, yoy, url = (p.strip() for p in parts)

    def num(text: str) -> float | None:
        return float(text) if text else None

    try:
        return RealFigure(indicator, period, num(value), num(yoy), url)
    except ValueError:
        return None


@functools.cache
def _parser() -> etree.HTMLParser:
    # No network, no entities from outside, comments and processing instructions dropped.
    return etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)


def _parse(html_text: str) -> etree._Element:
    try:
        root = etree.fromstring(html_text, _parser())
    except ValueError:  # a str that still carries an <?xml encoding=…?> declaration
        root = etree.fromstring(html_text.encode("utf-8"), etree.HTMLParser(encoding="utf-8", no_network=True))
    except etree.ParserError as exc:
        raise Quarantined("unrecognised_layout", f"not parseable as HTML: {exc}") from exc
    if root is None:
        raise Quarantined("no_figures", "the document has no HTML content")
    return root


def load_page(html_text: str, *, may_be_garbled: bool = True) -> Page:
    """The page's parts. ``may_be_garbled`` False: the HTML holds no character of mojibake
    (:attr:`ingest.decode.Decoded.may_be_garbled`); unless a character reference makes one, the page's
    text holds none either, and none is looked for."""
    if not html_text or html_text.isspace():  # (``not html_text.strip()`` without copying the page)
        raise Quarantined("no_figures", "the document is empty")
    if not may_be_garbled and "&" in html_text and _GARBLING_REFERENCE.search(html_text):
        may_be_garbled = True
    root = _parse(html_text)
    meta: dict[str, str] = {}
    real_figures: list[RealFigure] = []
    # The elements read below, in one walk of the tree instead of four: meta tags, the first <title>,
    # <h1> headings, tables.
    metas: list[etree._Element] = []
    titles: list[etree._Element] = []
    headings: list[etree._Element] = []
    all_tables: list[etree._Element] = []
    by_tag = {"meta": metas, "title": titles, "h1": headings, "table": all_tables}
    for node in root.iter("meta", "title", "h1", "table"):
        by_tag[node.tag].append(node)
    for node in metas:
        name = (node.get("name") or node.get("property") or "").strip().lower()
        content = (node.get("content") or "").strip()
        if name == "targetwatch:real-figure":
            figure = _parse_real_figure(content)
            if figure:
                real_figures.append(figure)
        elif name:
            meta[name] = content
    title = _title(root, titles[0] if titles else None, headings)
    release_date = _release_date(meta, root)
    body = _body(root)
    etree.strip_elements(body, *_SKIP_TAGS, with_tail=False)
    data_tables = []
    tables = []
    lowered = html_text.lower()  # attribute names as the page may write them (the parser lowercases them)
    spans = "rowspan" in lowered or "colspan" in lowered  # neither: no cell spans, none is looked up
    for table in all_tables:
        if not _within(table, body):
            continue  # outside the article, or removed with a <noscript>/<template>
        rows = _data_rows(table)
        if rows is not None:
            data_tables.append(table)
            tables.append(_grid(rows, spans))
    garbled_tables = may_be_garbled and any(_has_garbled_text(table) for table in data_tables)
    for table in data_tables:
        if table is not body:
            del table[:]  # for speed: its cells are read, and it leaves the paragraphs: no need to mark them
    _mark_blocks(body)
    for table in data_tables:
        _remove_keeping_tail(table)
    outside = _lines(_all_text(body))
    synthetic = meta.get("targetwatch:synthetic", "").lower() in ("true", "yes", "1", "partial")
    return Page(
        title=title,
        release_date=release_date,
        tables=[t for t in tables if t],
        is_synthetic=synthetic,
        real_figures=real_figures,
        meta=meta,
        paragraphs=outside,
        html=html_text,
        may_be_garbled=garbled_tables or (may_be_garbled and any(_GARBLED.search(line) for line in outside)),
    )


def _body_text(html_text: str) -> str:
    """The body's blocks, one per line, data tables included (what :func:`load_page` reads, unedited)."""
    body = _body(_parse(html_text))
    etree.strip_elements(body, *_SKIP_TAGS, with_tail=False)
    _mark_blocks(body)
    return "\n".join(_lines(_all_text(body)))


def _title(root: etree._Element, title: etree._Element | None, h1s: list[etree._Element]) -> str:
    """The headline: an ``<h1>`` that looks like one, else ``<title>`` minus the publisher, else another
    title-like element with a year (some CMSs put the site name in ``<h1>`` and ``<title>``).

    ``title`` is the page's first ``<title>`` element, ``h1s`` its ``<h1>`` elements."""
    head_title = ""
    if title is not None:
        text = _text(title)
        head_title = _TITLE_SPLIT.split(text)[0] if text else ""
    headings = [c for c in (_text(n) for n in h1s) if _MIN_TITLE <= len(c) <= _MAX_TITLE]
    for candidate in headings:
        if _YEAR.search(candidate) and head_title and (candidate in head_title or head_title in candidate):
            return candidate
    if _YEAR.search(head_title):
        return head_title
    for node in root.xpath("//*[contains(@class,'title')][not(self::title)]|//h2")[:_MAX_CANDIDATES]:
        candidate = _text(node)
        if _MIN_TITLE <= len(candidate) <= _MAX_TITLE and _YEAR.search(candidate):
            return candidate
    for candidate in headings:
        if head_title and (candidate in head_title or head_title in candidate):
            return candidate
    return head_title or (headings[0] if headings else "")


_BODY_XPATHS = tuple(
    etree.XPath(xpath)
    for xpath in (
        "//*[@id='zoom']",
        "//*[contains(@class,'TRS_Editor') or contains(@class,'trs_editor')]",
        "//*[@id='content' or @id='Content' or @id='article']",
        "//*[contains(@class,'article-content') or contains(@class,'article_content')]",
        "//article",
        "//*[contains(@class,'article')]",
        "//*[contains(@class,'content')]",
        "//body",
    )
)


def _body(root: etree._Element) -> etree._Element:
    """The article body: TRS pages put it in ``#zoom``; others in an ``article``/``content`` block."""
    # For speed: ElementPath finds #zoom (the first XPath) several times faster than XPath does.
    if root.get("id") == "zoom":
        return root
    zoom = root.find(".//*[@id='zoom']")
    if zoom is not None:
        return zoom
    for xpath in _BODY_XPATHS[1:]:
        found = xpath(root)
        if found:
            return found[0]
    return root


def _release_date(meta: dict[str, str], root: etree._Element) -> dt.date | None:
    for key in ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "dc.date", "dc.date.created"):
        if key in meta:
            match = _DATE.search(meta[key])
            if match:
                return _date(match)
    for node in root.xpath("//*[contains(@class,'date') or contains(@class,'time') or contains(@class,'info')]"):
        match = _DATE.search(_text(node))
        if match:
            return _date(match)
    for text in root.xpath("//body//text()[contains(., '发布') or contains(., '日期') or contains(., '时间')]"):
        match = _RELEASED.search(str(text))
        if match:
            return _date(match)
    return None


def _date(match: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
