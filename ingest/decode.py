"""Bytes → text for Chinese bulletin pages: declared charset, then detection, then gb18030.

Order of trust:

1. a UTF-8 byte-order mark;
2. bytes that decode strictly as UTF-8 (with non-ASCII in them) *are* UTF-8, whatever the page
   declares — GBK text is practically never valid UTF-8, and CMSs that re-encode pages often leave
   the old ``charset=gb2312`` meta behind;
3. the declared charset (HTTP header, then ``<meta>``), if the bytes decode strictly with it into
   text that is not mojibake (a wrong header — a server's ISO-8859-1 default — falls through);
4. the source's encoding hint;
5. GB18030 when it decodes strictly and reads as Chinese; else the detector's guess; else GB18030.

GBK and GB2312 are read as GB18030, their superset. Mis-encoded text is an error, never silently
replaced characters: text that decodes but is mojibake (``ç»è®¡``, ``ÉúÌì``, U+FFFD) raises
:class:`DecodeError`, and the parse step quarantines the page with reason ``encoding``.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.IGNORECASE)
# GBK and GB2312 are subsets of GB18030: decoding with the superset never loses characters.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030", "euc_cn": "gb18030"}
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Characters typical of GBK bytes read as UTF-8/Latin-1 (mojibake), e.g. "ç»è®¡" or "ÉúÌì".
_MOJIBAKE = re.compile(r"[\u00c0-\u00ff][\u0080-\u00ff]|\ufffd")
# The commonest characters of Chinese bulletin text (simplified and traditional forms): text decoded
# with the wrong CJK codec is made of rare characters instead.
_COMMON = frozenset(
    "的一是在不了有和人中大为上个国以要时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
    "而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本"
    "去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反明看原又么利比"
    "或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文"
    "总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别手角期根论运农指几九区强放决西被干"
    "做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联认六共"
    "权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科"
    "张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商"
    "非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划"
    "选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该"
    "铁价严億萬長經濟統計產業與為發們這個時對說會來總額實現從國區貨進團場廣東車電農機節價營銷銀縣鄉質當"
    "開關門間術務員資運輸樂華層興應創際頭聯證處兩點數據較並於種項類標稅"
)
_COMMON_SHARE = 0.25
_MOJIBAKE_MIN = 20


class DecodeError(ValueError):
    """The bytes are not text in any encoding we accept."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    method: str  # "declared-header", "declared-meta", "bom", "hint", "detected", "fallback"
    # False when the text holds no character of mojibake (U+00C0–U+00FF, U+FFFD): known for free from
    # UTF-8 bytes, so the parser need not look for one again
    may_be_garbled: bool = True


def _normalise(name: str) -> str | None:
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return None
    return _SUPERSETS.get(canonical, _SUPERSETS.get(name.lower(), canonical))


def declared_charset(content: bytes, content_type: str | None = None) -> tuple[str | None, str]:
    if content_type:
        match = _HEADER_CHARSET.search(content_type)
        if match:
            return _normalise(match.group(1)), "declared-header"
    head = content[:4096]
    match = _META_CHARSET.search(head) or _XML_DECL.search(head)
    if match:
        return _normalise(match.group(1).decode("ascii", "ignore")), "declared-meta"
    return None, ""


def looks_mojibake(text: str) -> bool:
    """True when text shows replacement characters or Latin-1 debris and little Chinese."""
    if "\ufffd" in text:
        return True
    bad = 0
    for bad, _ in enumerate(_MOJIBAKE.finditer(text), 1):  # count, stopping early
        if bad > _MOJIBAKE_MIN:
            break
    if bad <= _MOJIBAKE_MIN:
        return False
    bad = len(_MOJIBAKE.findall(text))
    cjk = len(_CJK.findall(text))
    return bad > cjk / 10


def _utf8_garbled(content: bytes) -> bool:
    """Whether UTF-8 ``content`` holds a character of mojibake (U+00C0–U+00FF, U+FFFD): a byte search,
    for speed, instead of :func:`looks_mojibake` over the text (those characters are C3 80–BF, EF BF BD)."""
    return b"\xc3" in content or b"\xef\xbf\xbd" in content


def _reads_as_chinese(text: str) -> bool:
    """Most CJK characters are common ones (text decoded with the right CJK codec)."""
    cjk = _CJK.findall(text[:20000])
    if not cjk:
        return False
    return sum(1 for c in cjk if c in _COMMON) / len(cjk) >= _COMMON_SHARE


def _strict(content: bytes, encoding: str) -> str | None:
    try:
        return content.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _checked(text: str, encoding: str, method: str, *, may_be_garbled: bool = True) -> Decoded:
    if may_be_garbled and looks_mojibake(text):
        raise DecodeError(f"the bytes decode as {encoding} ({method}) but the text is garbled (mojibake)")
    return Decoded(text, encoding, method, may_be_garbled)


def decode_bytes(content: bytes, content_type: str | None = None, hint: str = "") -> Decoded:
    if content.startswith(codecs.BOM_UTF8):
        text = _strict(content[len(codecs.BOM_UTF8) :], "utf-8")
        if text is not None:
            return _checked(text, "utf-8", "bom")
    declared, how = declared_charset(content, content_type)
    utf8 = _strict(content, "utf-8")
    if utf8 is not None and (declared in (None, "utf-8") or not content.isascii()):
        method = how if declared == "utf-8" else "detected"
        return _checked(utf8, "utf-8", method, may_be_garbled=_utf8_garbled(content))
    candidates: list[tuple[str, str]] = []
    if declared and declared != "utf-8":
        candidates.append((declared, how))
    in_page, _ = declared_charset(content)  # a server's default header (ISO-8859-1) must not hide the <meta>
    if in_page and in_page not in (declared, "utf-8"):
        candidates.append((in_page, "declared-meta"))
    hinted = _normalise(hint) if hint else None
    if hinted:
        candidates.append((hinted, "hint"))
    for encoding, method in candidates:
        text = _strict(content, encoding)
        if text is not None and not looks_mojibake(text):  # a wrong declaration: try the next candidate
            return Decoded(text, encoding, method)
    gb = _strict(content, "gb18030")
    if gb is not None and _reads_as_chinese(gb):
        return _checked(gb, "gb18030", "detected")
    best = from_bytes(content[:200_000]).best()
    guess = _normalise(best.encoding) if best is not None and best.encoding else None
    if guess and guess != "utf-8":
        text = _strict(content, guess)
        if text is not None and _CJK.search(text):
            return _checked(text, guess, "detected")
    if gb is not None:
        return _checked(gb, "gb18030", "fallback")
    raise DecodeError(
        f"the bytes do not decode cleanly as the declared charset ({declared or 'none'}), as UTF-8 or as GB18030"
    )
