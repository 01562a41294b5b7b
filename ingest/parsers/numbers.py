"""Numbers, units and growth wording in bulletin text.

Units are kept as published (``亿元``, ``万辆``, ``%``); staging converts them to each indicator's
canonical unit with the ``unit_conversions`` seed. Traditional forms (億元, 萬人) are normalised
to simplified ones first, with the whole text, by :func:`to_simplified`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import opencc

NUMBER = r"(-?\d+(?:[,，]\d{3})*(?:\.\d+)?)"
MULTIPLIER = r"(万亿|亿|千万|百万|万|千)?"
BASE_UNITS = (
    "平方公里|平方米|立方米|千瓦时|千瓦|公里|公顷|万吨|吨|元|人次|人|辆|台|套|项|户|家|个|所|处|场|条|张|间|座|"
    "头|只|羽|斤|亩|件|部|架|列|艘|标箱|次|P|亿斤"
)
UNIT = r"(" + MULTIPLIER.strip("()?") + r")?(" + BASE_UNITS + r")"

_GROWTH = re.compile(
    r"(?P<verb>增长|增加|上涨|上升|提高|下降|减少|回落|下跌)\s*"
    r"(?:了\s*)?(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|％|个百分点|倍)"
)
_FLAT = re.compile(r"(?:同比)?持平")
_NEGATIVE_VERBS = {"下降", "减少", "回落", "下跌"}


@functools.cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _converter().convert(text)


def to_float(text: str) -> float:
    return float(text.replace(",", "").replace("，", ""))


@dataclass(frozen=True)
class Growth:
    pct: float | None  # growth rate in percent (增长x倍 → x*100)
    pp: float | None  # a difference in percentage points (加快/回落 x 个百分点): NOT a growth rate
    text: str
    start: int
    end: int


def find_growths(text: str) -> list[Growth]:
    """Growth expressions in order: 增长6.0%, 下降2.1% (negative), 增长1.2倍 (+120%), 持平 (0).

    ``个百分点`` differences come back with ``pct=None`` and ``pp`` set, so callers never mistake
    "比上年全年加快1.8个百分点" for a growth rate.
    """
    found: list[Growth] = []
    for match in _GROWTH.finditer(text):
        number = float(match.group("num"))
        if match.group("verb") in _NEGATIVE_VERBS:
            number = -number
        unit = match.group("unit")
        if unit == "个百分点":
            found.append(Growth(None, number, match.group(0), match.start(), match.end()))
        elif unit == "倍":
            found.append(Growth(round(number * 100, 6), None, match.group(0), match.start(), match.end()))
        else:
            found.append(Growth(number, None, match.group(0), match.start(), match.end()))
    for match in _FLAT.finditer(text):
        found.append(Growth(0.0, None, match.group(0), match.start(), match.end()))
    return sorted(found, key=lambda g: g.start)


_AMOUNT = re.compile(NUMBER + r"\s*" + UNIT)


@dataclass(frozen=True)
class Amount:
    value: float
    unit: str  # as published, multiplier included: "亿元", "万辆", "个"
    start: int
    end: int
    text: str


def find_amounts(text: str) -> list[Amount]:
    """Numbers followed by a unit ("1534.4亿元", "37.5万辆", "1381个"), in order."""
    return [
        Amount(to_float(m.group(1)), (m.group(2) or "") + m.group(3), m.start(), m.end(), m.group(0))
        for m in _AMOUNT.finditer(text)
    ]


_UNIT_IN_LABEL = re.compile(r"[（(]\s*(" + MULTIPLIER.strip("()?") + r")?\s*(" + BASE_UNITS + r"|%|％)\s*[)）]")


def split_label_unit(label: str) -> tuple[str, str | None]:
    """"社会消费品零售总额(亿元)" → ("社会消费品零售总额", "亿元")."""
    match = _UNIT_IN_LABEL.search(label)
    if not match:
        return label.strip(), None
    unit = (match.group(1) or "") + match.group(2)
    return (label[: match.start()] + label[match.end() :]).strip(), unit.replace("％", "%")


def parse_cell_number(cell: str) -> float | None:
    """A table cell's number; None for empty, "…", "-" or "—" (not published)."""
    text = cell.strip().replace("％", "").replace("%", "")
    if not text or set(text) <= set(".…-—–/ "):
        return None
    match = re.fullmatch(NUMBER, text)
    if not match:
        raise ValueError(f"not a number: {cell!r}")
    return to_float(match.group(1))
