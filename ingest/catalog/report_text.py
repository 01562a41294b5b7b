"""A work report's text: reading the file, its sections (headings) and its sentences with offsets.

Offsets are Python ``str`` indexes into the text exactly as :func:`load_text` returns it (for a plain
text file: the decoded file, newlines untouched), so ``text[offset:offset + len(quote)] == quote``.
Matching runs on :func:`matching_form`, a same-length copy with full-width digits folded and
traditional characters simplified, so offsets found in it are offsets in the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from lxml import etree

from ingest.catalog.errors import CatalogInputError
from ingest.decode import DecodeError, decode_bytes
from ingest.parsers.numbers import to_simplified

TARGETS_SECTION = "主要预期目标"

_CJK = re.compile(r"[\u4e00-\u9fff]")
_HTML_START = re.compile(r"\s*<(?:!doctype|html|head|body|meta|div|p|article)\b", re.IGNORECASE)
_HTML_TAGS = re.compile(r"</p\s*>|<br\s*/?>|</div\s*>|<body\b", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_BLOCK_TAGS = {"p", "div", "br", "tr", "li", "table", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6"}
_SKIPPED_TAGS = {"script", "style", "noscript", "head", "title"}
_SPACES = re.compile(r"[ \t\u3000\xa0]+")

_FOLD = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)}
    | {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
    | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}
    | {"％": "%", "．": ".", "\u3000": " ", "～": "~", "＋": "+"}
)

_SENTENCE_END = "。！？!?"
_CLOSERS = "”’」』）)"
_HEADING_PUNCTUATION = re.compile(r"[。，,；;：:！？!?|]")
_HEADING_MAX_CHARS = 30


def load_text(path: Path) -> str:
    """The report as text: bytes decoded (declared charset, detection, gb18030), HTML reduced to its text."""
    if not path.exists():
        raise CatalogInputError(f"{path}: no such file")
    if path.is_dir():
        raise CatalogInputError(f"{path}: is a directory; give the report file itself")
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise CatalogInputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if not content.strip():
        raise CatalogInputError(f"{path}: the file is empty")
    _reject_binary(path, content)
    try:
        text = decode_bytes(content).text
    except DecodeError as exc:
        raise CatalogInputError(f"{path}: not readable text ({exc}); save the report as UTF-8 text or HTML") from exc
    if looks_like_html(text):
        text = html_to_text(text)
    if not text.strip():
        raise CatalogInputError(f"{path}: the document has no visible text")
    if not _CJK.search(text):
        raise CatalogInputError(f"{path}: no Chinese text found; is this a government work report (政府工作报告)?")
    return text


def _reject_binary(path: Path, content: bytes) -> None:
    if content.startswith(b"%PDF"):
        raise CatalogInputError(
            f"{path}: is a PDF; convert it to text first (e.g. `pdftotext -layout`) or use the HTML page"
        )
    if content.startswith(b"PK\x03\x04"):
        raise CatalogInputError(f"{path}: is a ZIP/Office document (.docx?); save it as plain text or HTML first")
    head = content[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CatalogInputError(f"{path}: looks like a binary file, not a text or HTML report")


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text) or _HTML_TAGS.search(text[:20000]))


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, one block (paragraph, heading, row) per line."""
    markup = _XML_DECLARATION.sub("", markup)
    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as exc:
        raise CatalogInputError(f"the HTML could not be parsed ({exc})") from exc
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag in _SKIPPED_TAGS or not isinstance(node.tag, str):
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

    walk(root)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line) + "\n"


def matching_form(text: str) -> str:
    """Same-length text for matching: full-width digits/letters/％ folded, traditional → simplified."""
    folded = text.translate(_FOLD)
    simplified = to_simplified(folded)
    return simplified if len(simplified) == len(folded) else folded


@dataclass(frozen=True)
class Sentence:
    start: int  # offset of the sentence in the report text
    text: str  # the exact slice text[start:start + len(text)], closing 。 included
    section: str


def is_heading(line: str) -> bool:
    """A heading line: short, Chinese, no sentence punctuation (the report's 两行标题 and 一、… headings)."""
    stripped = line.strip().lstrip("#").strip()
    return (
        0 < len(stripped) <= _HEADING_MAX_CHARS
        and not _HEADING_PUNCTUATION.search(stripped)
        and bool(_CJK.search(stripped))
    )


def split_sentences(text: str) -> list[Sentence]:
    """Sentences (between 。 boundaries and line breaks) with their section.

    A section is the run of heading lines before the body (a two-line heading becomes "line1 line2");
    a paragraph that states the 主要预期目标 is its own section, "主要预期目标".
    """
    sentences: list[Sentence] = []
    section = ""
    heading_run: list[str] = []
    for line in re.finditer(r"[^\n]+", text):
        content = line.group(0)
        if not content.strip():
            continue
        if is_heading(content):
            heading_run.append(content.strip().lstrip("#").strip())
            continue
        if heading_run:
            section = " ".join(heading_run)
            heading_run = []
        paragraph_section = TARGETS_SECTION if TARGETS_SECTION in matching_form(content) else section
        for start, end in _sentence_spans(content):
            sentences.append(Sentence(line.start() + start, content[start:end], paragraph_section))
    return sentences


def _sentence_spans(line: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    index = 0
    while index < len(line):
        if line[index] in _SENTENCE_END:
            end = index + 1
            while end < len(line) and line[end] in _CLOSERS:
                end += 1
            spans.append((start, end))
            start = index = end
            continue
        index += 1
    spans.append((start, len(line)))
    trimmed = []
    for begin, finish in spans:
        while begin < finish and line[begin].isspace():
            begin += 1
        while finish > begin and line[finish - 1].isspace():
            finish -= 1
        if finish > begin:
            trimmed.append((begin, finish))
    return trimmed


_YEAR_BY_DELIVERY = re.compile(r"(20\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*在")
_YEAR_BY_PLAN = (
    re.compile(r"(20\d{2})年[^。\n]{0,8}?工作(?:总的要求|的总体要求|总体要求|安排|任务|建议|重点)"),
    re.compile(r"(20\d{2})年[^。\n]{0,12}?主要(?:预期)?目标"),
    re.compile(r"(20\d{2})年[^。\n]{0,12}?政府工作报告"),
)


def detect_plan_year(text: str) -> int:
    """The year the report plans for.

    The delivery date ("2024年1月9日在…大会上") wins; otherwise the latest year that introduces the
    work plan ("2024年政府工作总的要求", "2024年主要预期目标", "2024年…政府工作报告").
    """
    form = matching_form(text)
    delivered = _YEAR_BY_DELIVERY.search(form)
    if delivered:
        return int(delivered.group(1))
    for pattern in _YEAR_BY_PLAN:
        years = [int(match.group(1)) for match in pattern.finditer(form)]
        if years:
            return max(years)
    raise CatalogInputError(
        "cannot tell which year the report plans for (no '2024年政府工作…', '2024年…主要预期目标' or "
        "delivery date in the text); pass the year explicitly (--year)"
    )
