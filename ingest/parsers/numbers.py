"""Numbers, units and growth wording in bulletin text.

Units are kept as published (``亿元``, ``万辆``, ``%``); staging converts them to each indicator's
canonical unit with the ``unit_conversions`` seed. Traditional forms (億元, 萬人) are normalised
to simplified ones first, with the whole text, by :func:`to_simplified`.

Growth wording (bulletin-formats.md, "Periods and wording"):

* ``增长6.0%``, ``同比(下同)增长7.1%``, ``比上年增长3.8%`` → +6.0 / +7.1 / +3.8;
* ``下降2.1%`` → −2.1; ``持平`` → 0; ``增长1.2倍`` → +120;
* ``分别增长3.1%、11.7%和4.8%`` → one item per listed rate;
* ``加快/回落/提高1.8个百分点`` → a difference in percentage points, never a growth rate.
"""

from __future__ import annotations

import functools
import math
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

import opencc

from ingest.parsers.memo import bounded_cache

NUMBER = r"(-?\d+(?:,\d{3})*(?:\.\d+)?)"
MULTIPLIER = r"(万亿|亿|千万|百万|万|千)?"
BASE_UNITS = (
    "平方公里|平方米|立方米|千瓦时|千瓦|公里|千米|公顷|标准箱|标箱|亿斤|吨|美元|元|人次|架次|人|辆|台|套|项|户|家|"
    "个|所|处|场|条|张|间|座|头|只|羽|斤|亩|件|部|架|列|艘|次|栋|名|种|批|P"
)
UNIT = r"(" + MULTIPLIER.strip("()?") + r")?(" + BASE_UNITS + r")"
MEASURE_WORDS = frozenset("个户家项所处座条套台辆件部架列艘次栋名种批张间头只羽")  # counted things

_NUM = r"(?<![\d.A-Za-z])(?P<num>-?\d+(?:,\d{3})*(?:\.\d+)?)"
# "1.7个百分点", "5个月", "3个季度" are not amounts of 个.
_AMOUNT = re.compile(
    _NUM + r"\s*(?P<approx>多|余)?\s*(?P<unit>(?:万亿|亿|千万|百万|万|千)?(?:" + BASE_UNITS + r"))"
    r"(?![A-Za-z]|百分点|月|季度|小时|工作日|年)"
)
_PERCENT = re.compile(_NUM + r"\s*(?:%|％)")
_GROWTH_ITEM = r"(?:超过|超|逾)?\s*-?\d+(?:\.\d+)?\s*(?:%|％|倍|个百分点)(?:以上)?"
_GROWTH = re.compile(
    r"(?P<verb>增长率|增长|增加|上涨|上升|提高|提升|回升|下降|减少|下跌|下滑|降低|回落|增速|增幅|涨幅|降幅|跌幅|加快|放缓)"
    r"\s*(?:了|为|达到|达|是|:|：)?\s*"
    r"(?P<items>" + _GROWTH_ITEM + r"(?:\s*(?:、|和|及|与|以及|,|，)\s*" + _GROWTH_ITEM + r")*)"
)
_GROWTH_ITEM_RE = re.compile(
    r"(?P<over>超过|超|逾)?\s*(?P<num>-?\d+(?:\.\d+)?)\s*(?P<unit>%|％|倍|个百分点)(?P<bound>以上)?"
)
_START = attrgetter("start")
_FLAT = re.compile(r"(?<!基本)(?<!大体)持平")
_DIGIT = re.compile(r"\d")
_NEGATIVE_VERBS = frozenset({"下降", "减少", "下跌", "下滑", "降低", "回落", "降幅", "跌幅", "放缓"})
# Verbs that only ever describe a change of a rate (加快/放缓/回落 x个百分点).
RATE_CHANGE_VERBS = frozenset({"加快", "放缓", "回落"})
_FOOTNOTE = re.compile(r"[\[［〔]\s*\d{1,2}\s*[\]］〕]|[①②③④⑤⑥⑦⑧⑨⑩]")
_TRADITIONAL = re.compile(
    "[億萬長經濟統計產業與為發們這個時對說會來總額實現從國區貨進產團場廣東車電農漁機節幣價區營銷銀縣鄉質當"
    "開關門間術務員資運輸樂裡華層開興應歲創際萬頭聯證處兩點數據錄則較並於種項軌類標稅項]"
)


@functools.cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified characters; text with no common traditional character is returned as is."""
    if not _TRADITIONAL.search(text):
        return text
    return _converter().convert(text)


def to_float(text: str) -> float:
    """A published number; ValueError for one no float can hold (a 400-digit run is not a figure)."""
    number = float(text.replace(",", "").replace("，", ""))
    if not math.isfinite(number):
        raise ValueError(f"not a finite number: {text[:20]!r}…")
    return number


def _finite(text: str) -> float | None:
    try:
        return to_float(text)
    except ValueError:
        return None


_ANY_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_MIN_OVERFLOW_DIGITS = len(str(int(sys.float_info.max)))  # 309: the fewest digits a float cannot hold


def unreadable_number(text: str) -> str | None:
    """The first number in ``text`` that no float holds (hundreds of digits), or None."""
    if len(text) < _MIN_OVERFLOW_DIGITS:
        return None  # too short to hold one: skip the scan
    return next((m.group(0) for m in _ANY_NUMBER.finditer(text) if _finite(m.group(0)) is None), None)


def strip_footnote_markers(text: str) -> str:
    """ "地区生产总值[2]1002.18亿元" → "地区生产总值1002.18亿元"."""
    return _FOOTNOTE.sub("", text)


@dataclass(frozen=True)
class GrowthItem:
    pct: float | None  # growth rate in percent (增长x倍 → x*100)
    pp: float | None  # a difference in percentage points: NOT a growth rate
    lower_bound: bool  # 增长6.5%以上, 增长超过5%


class Growth(NamedTuple):  # (a tuple: a sentence has several, a frozen dataclass costs more to build)
    pct: float | None  # the first item's rate, for single growths
    pp: float | None
    text: str
    start: int
    end: int
    verb: str = ""
    items: tuple[GrowthItem, ...] = ()


def find_growths(text: str) -> list[Growth]:
    """Growth expressions in order: 增长6.0%, 下降2.1% (negative), 增长1.2倍 (+120%), 持平 (0).

    A list (``分别增长3.1%、11.7%和4.8%``) is one :class:`Growth` with one item per rate.
    ``个百分点`` differences come back with ``pct=None`` and ``pp`` set, so callers never mistake
    "比上年全年加快1.8个百分点" for a growth rate.
    """
    found: list[Growth] = []
    matches = _GROWTH.finditer(text) if _DIGIT.search(text) else ()  # for speed: a rate has digits
    for match in matches:
        verb = match.group("verb")
        items = _growth_items(verb, match.group("items"))
        if not items:
            continue
        found.append(Growth(items[0].pct, items[0].pp, match.group(0), match.start(), match.end(), verb, items))
    if "持平" in text:
        for match in _FLAT.finditer(text):
            flat = (GrowthItem(0.0, None, False),)
            found.append(Growth(0.0, None, match.group(0), match.start(), match.end(), "持平", flat))
        found.sort(key=_START)  # (the rates are in order already)
    return found


@bounded_cache(16384)  # for speed: the same verb and rates ("增长6.0%") recur in every release
def _growth_items(verb: str, items_text: str) -> tuple[GrowthItem, ...]:
    """The rates of one growth expression; none when one of them is a number no float holds."""
    sign = -1.0 if verb in _NEGATIVE_VERBS else 1.0
    matches = list(_GROWTH_ITEM_RE.finditer(items_text))
    numbers = [_finite(item.group("num")) for item in matches]
    if None in numbers:
        return ()  # a rate no float holds: the whole expression is unreadable (a list stays aligned)
    items: list[GrowthItem] = []
    for item, magnitude in zip(matches, numbers, strict=True):
        number = sign * magnitude
        lower = bool(item.group("over") or item.group("bound"))
        unit = item.group("unit")
        if unit == "个百分点":
            items.append(GrowthItem(None, number, lower))
        elif verb in RATE_CHANGE_VERBS:
            continue  # "回落2%" of a rate is not a growth of the indicator
        elif unit == "倍":
            items.append(GrowthItem(round(number * 100, 6), None, lower))
        else:
            items.append(GrowthItem(number, None, lower))
    return tuple(items)


class Amount(NamedTuple):
    value: float
    unit: str  # as published, multiplier included: "亿元", "万辆", "个"
    start: int
    end: int
    text: str
    approx_more: bool = False  # "300多家", "1000余项": at least the number


def find_amounts(text: str) -> list[Amount]:
    """Numbers followed by a unit ("1534.4亿元", "37.5万辆", "1381个", "300余家"), in order."""
    return [
        Amount(value, m.group("unit"), m.start(), m.end(), m.group(0), bool(m.group("approx")))
        for m in _AMOUNT.finditer(text)
        if (value := _finite(m.group("num"))) is not None
    ]


class Percent(NamedTuple):
    value: float
    start: int
    end: int


def find_percents(text: str, taken: Sequence[tuple[int, int]] = ()) -> list[Percent]:
    """Every "x%" in the text but those overlapping a ``taken`` span (a growth expression's, say)."""
    found: list[Percent] = []
    for m in _PERCENT.finditer(text):
        start, end = m.start(), m.end()
        for a, b in taken:
            if a < end and start < b:
                break  # for speed: left out before it is read (most percents are a growth's rate)
        else:
            value = _finite(m.group("num"))
            if value is not None:
                found.append(Percent(value, start, end))
    return found


_UNIT_IN_LABEL = re.compile(
    r"[（(]\s*(?:单位\s*[:：]\s*)?(" + MULTIPLIER.strip("()?") + r")?\s*(" + BASE_UNITS + r"|%|％)\s*[)）]"
)


def split_label_unit(label: str) -> tuple[str, str | None]:
    """ "社会消费品零售总额(亿元)" → ("社会消费品零售总额", "亿元")."""
    match = _UNIT_IN_LABEL.search(label)
    if not match:
        return label.strip(), None
    unit = (match.group(1) or "") + match.group(2)
    return (label[: match.start()] + label[match.end() :]).strip(), unit.replace("％", "%")


_CELL_NOISE = re.compile(r"[\s%％*＊#＃△▲]|[①②③④⑤⑥⑦⑧⑨⑩]|[\[［(（]\s*\d\s*[\]］)）]$")
_PLAIN_NUMBER = re.compile(r"\s*-?\d+(?:\.\d+)?\s*")
_CELL_NUMBER = re.compile(r"[-−－]?\d+(?:,\d{3})*(?:\.\d+)?")


@bounded_cache(16384)  # the same cell texts recur in every table and release
def parse_cell_number(cell: str) -> float | None:
    """A table cell's number; None for empty, "…", "-" or "—" (not published)."""
    if _PLAIN_NUMBER.fullmatch(cell):
        return to_float(cell)  # the common case, fast: "702.3", " -10.7 "
    text = _CELL_NOISE.sub("", cell.strip())
    if not text or set(text) <= set(".…-—–/ x×Xｘ－"):
        return None
    if not _CELL_NUMBER.fullmatch(text):
        raise ValueError(f"not a number: {cell!r}")
    return to_float(text.replace("−", "-").replace("－", "-"))
