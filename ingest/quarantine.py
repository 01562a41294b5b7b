"""Quarantine: documents that yield no trustworthy observations, with a machine-readable reason.

A quarantined document keeps its raw snapshot untouched; this module only records *why*
(``<quarantine>/<sha256>.json``) so operators can see it and a later parser can retry it.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path

REASONS = {
    "soft_error_page": "the server answered 200 with an error page (busy, captcha, not found)",
    "encoding": "the bytes are not text in any accepted encoding (mojibake)",
    "truncated": "the document ends before its content does",
    "unrecognised_layout": "no parser recognises the page layout",
    "missing_required_indicator": "a layout's required indicator is absent (page re-laid-out?)",
    "unparseable_period": "the reporting period cannot be read from the title or text",
    "no_figures": "the page has the expected layout but no figure could be read",
    "checksum_mismatch": "the raw snapshot no longer matches its recorded sha256",
    "parser_error": "the parser failed unexpectedly (a bug: report it with the document)",
}

_SOFT_ERROR_MARKERS = (
    "系统繁忙",
    "访问过于频繁",
    "请输入验证码",
    "验证码",
    "您访问的页面不存在",
    "页面不存在",
    "页面未找到",
    "服务器错误",
    "访问受限",
    "请稍后再试",
    "404 Not Found",
    "403 Forbidden",
    "502 Bad Gateway",
    "503 Service",
)
# For speed: one scan for any of the markers (most pages have none) before each is looked for.
_ANY_SOFT_ERROR = re.compile("|".join(re.escape(marker) for marker in _SOFT_ERROR_MARKERS))
_TAG = re.compile(r"<[^>]+>")
_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
_SHORT_PAGE = 3000  # visible characters: an error page is short; a bulletin mentioning 验证码 is not


class Quarantined(Exception):
    """Raised by a parser when a document must be quarantined."""

    def __init__(self, reason: str, message: str):
        if reason not in REASONS:
            raise ValueError(f"unknown quarantine reason {reason!r}")
        super().__init__(f"{reason}: {message}")
        self.reason = reason
        self.message = message


def soft_error_marker(text: str) -> str | None:
    """The error wording of a soft error page, if the page is one.

    Only short pages count: a long bulletin that mentions 验证码 in passing is not an error page.
    """
    if not _ANY_SOFT_ERROR.search(text):
        return None
    present = [m for m in _SOFT_ERROR_MARKERS if m in text]
    if not present:
        return None
    visible = _TAG.sub("", text)
    if len(visible.strip()) > _SHORT_PAGE:
        return None
    return next((m for m in present if m in visible), None)


def truncation_problem(html_text: str) -> str | None:
    """Why an HTML document looks cut off, or None."""
    head, tail = html_text[:2000], html_text[-2000:]
    # (for speed: tags as most pages write them are found without lowering the text)
    opened = "<html" in head or "<html" in head.lower()
    if opened and "</html>" not in tail and "</html>" not in tail.lower():
        return "no closing </html> tag"
    if len(_TABLE_OPEN.findall(html_text)) > len(_TABLE_CLOSE.findall(html_text)):
        return "a table is not closed"
    return None


@dataclass(frozen=True)
class QuarantineRecord:
    sha256: str
    source_id: str
    url: str
    raw_path: str
    reason: str
    message: str
    parser: str
    quarantined_at: str


def write_record(quarantine_dir: Path, record: QuarantineRecord) -> Path:
    quarantine_dir.mkdir(parents=True, exist_ok=True)
    path = quarantine_dir / f"{record.sha256}.json"
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(asdict(record), ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)
    return path


def clear_record(quarantine_dir: Path, sha256: str) -> None:
    """A document that now parses (e.g. after a parser fix) leaves quarantine."""
    (quarantine_dir / f"{sha256}.json").unlink(missing_ok=True)
