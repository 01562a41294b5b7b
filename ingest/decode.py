"""Bytes → text for Chinese bulletin pages: declared charset, then detection, then gb18030.

A declared charset is trusted only if the bytes decode cleanly with it (pages declare ``utf-8``
and are GBK more often than one would hope). Mis-encoded text is an error, never silently
replaced characters: the parse step quarantines such a page with reason ``encoding``.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-]+)""", re.IGNORECASE)
# GBK and GB2312 are subsets of GB18030: decoding with the superset never loses characters.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Characters typical of GBK bytes read as UTF-8/Latin-1 (mojibake), e.g. "ç»è®¡" or "ÉúÌì".
_MOJIBAKE = re.compile(r"[\u00c0-\u00ff][\u0080-\u00ff]|\ufffd")


class DecodeError(ValueError):
    """The bytes are not text in any encoding we accept."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    method: str  # "declared-header", "declared-meta", "bom", "detected", "fallback"


def _normalise(name: str) -> str | None:
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return None
    return _SUPERSETS.get(canonical, _SUPERSETS.get(name.lower(), canonical))


def declared_charset(content: bytes, content_type: str | None = None) -> tuple[str | None, str]:
    if content_type:
        match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", content_type, re.IGNORECASE)
        if match:
            return _normalise(match.group(1)), "declared-header"
    head = content[:4096]
    match = _META_CHARSET.search(head) or _XML_DECL.search(head)
    if match:
        return _normalise(match.group(1).decode("ascii", "ignore")), "declared-meta"
    return None, ""


def looks_mojibake(text: str) -> bool:
    """True when text shows replacement characters or Latin-1 debris and little Chinese."""
    bad = len(_MOJIBAKE.findall(text))
    if "\ufffd" in text:
        return True
    cjk = len(_CJK.findall(text))
    return bad > 20 and bad > cjk / 10


def _try(content: bytes, encoding: str) -> str | None:
    try:
        text = content.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return None if looks_mojibake(text) else text


def decode_bytes(content: bytes, content_type: str | None = None, hint: str = "") -> Decoded:
    if content.startswith(codecs.BOM_UTF8):
        text = _try(content[len(codecs.BOM_UTF8) :], "utf-8")
        if text is not None:
            return Decoded(text, "utf-8", "bom")
    declared, how = declared_charset(content, content_type)
    if declared:
        text = _try(content, declared)
        if text is not None:
            return Decoded(text, declared, how)
    candidates: list[tuple[str, str]] = []
    if hint and _normalise(hint):
        candidates.append((_normalise(hint) or hint, "hint"))
    candidates.append(("utf-8", "detected"))
    best = from_bytes(content[:200_000]).best()
    if best is not None and best.encoding and _normalise(best.encoding):
        candidates.append((_normalise(best.encoding) or best.encoding, "detected"))
    candidates.append(("gb18030", "fallback"))
    seen: set[str] = set()
    for encoding, method in candidates:
        if encoding in seen:
            continue
        seen.add(encoding)
        text = _try(content, encoding)
        if text is not None and (_CJK.search(text) or encoding == "utf-8"):
            return Decoded(text, encoding, method)
    raise DecodeError(
        "the bytes do not decode cleanly as the declared charset "
        f"({declared or 'none'}), as UTF-8 or as GB18030"
    )
