"""Quantities in work-report wording, normalised to the catalog's canonical units.

Money → 亿元, people → 万人, vehicles → 万辆, floor area → 万平方米, livestock → 万头, grain →
亿斤 (or 万吨, as written), growth and shares → %, differences → 个百分点, compute → P; every other
count keeps its base unit with the multiplier applied (2万套 → 20000 套, 300万亩 → 3000000 亩).
Besides numbers with units, some wordings carry a number: 两位数增长 (growth of at least 10%),
全部达标 (all compliant: a share of 100%), 持平 (no change: growth 0) and ranges (增长6%-6.5%: the lower
bound). 1500余张 / 2万多人 are approximate ("more than").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

# category, canonical unit, factor from one base unit to the canonical unit; "level" categories are
# statistical amounts (money, output, people, vehicles, area, grain), the rest are counts of things.
_LEVEL_UNITS: dict[str, tuple[str, str, Decimal]] = {
    "元": ("money", "亿元", Decimal("1e-8")),
    "人": ("people", "万人", Decimal("1e-4")),
    "名": ("people", "万人", Decimal("1e-4")),
    "辆": ("vehicles", "万辆", Decimal("1e-4")),
    "平方米": ("floor_area", "万平方米", Decimal("1e-4")),
    "头": ("livestock", "万头", Decimal("1e-4")),
    "只": ("livestock", "万只", Decimal("1e-4")),
    "羽": ("livestock", "万羽", Decimal("1e-4")),
    "斤": ("grain", "亿斤", Decimal("1e-8")),
    "吨": ("tonnes", "万吨", Decimal("1e-4")),
}
_COUNT_UNITS = [
    *("人次", "套", "户", "个", "张", "亩", "公顷", "平方公里", "公里", "条", "处", "所", "家", "场", "项"),
    *("座", "间", "台", "件", "部", "架", "列", "艘", "标箱", "次", "千瓦时", "千瓦", "立方米", "天", "栋"),
    *("棵", "株", "P", "PFLOPS"),
]
_COUNT_CANONICAL = {"PFLOPS": "P"}
LEVEL_CATEGORIES = frozenset(category for category, _, _ in _LEVEL_UNITS.values())

MULTIPLIERS: dict[str, Decimal] = {
    "万亿": Decimal("1e12"),
    "亿": Decimal("1e8"),
    "千万": Decimal("1e7"),
    "百万": Decimal("1e6"),
    "万": Decimal("1e4"),
    "千": Decimal("1e3"),
    "": Decimal(1),
}

_NUMBER = r"(?<![A-Za-z0-9.])(?P<num>\d+(?:\.\d+)?)"
_BASE_UNITS = sorted([*_LEVEL_UNITS, *_COUNT_UNITS], key=len, reverse=True)
_APPROX = r"(?P<approx>余|多)?"
_AMOUNT = re.compile(
    _NUMBER
    + r"\s*(?P<approx1>余|多)?(?P<mult>万亿|亿|千万|百万|万|千)?"
    + _APPROX
    + r"(?P<unit>"
    + "|".join(re.escape(unit) for unit in _BASE_UNITS)
    + r")(?![A-Za-z])(?!百分点)"
)
_PERCENT = re.compile(_NUMBER + r"\s*(?P<unit>%|个百分点)")
# "增长6%-6.5%", "6—7%": a range; the lower bound is the target
_PERCENT_RANGE = re.compile(_NUMBER + r"\s*%?\s*[-—–~～至到]\s*(?P<upper>\d+(?:\.\d+)?)\s*%")
_TWO_DIGIT = re.compile(r"两位数(?:以上)?(?:的)?(?:增长|增速)")
_ALL_COMPLIANT = re.compile(r"全部达标")
_FLAT = re.compile(r"(?:基本)?持平")


@dataclass(frozen=True)
class Quantity:
    start: int  # offsets in the searched text
    end: int
    value: Decimal
    unit: str  # canonical unit
    category: str  # money, people, …, count, percent, pp, range, flat, two_digit, all_compliant
    written: str  # the text as written, e.g. "1.5万亿元"
    approximate: bool = False  # 1500余张, 2万多人: more than the number

    @property
    def is_level(self) -> bool:
        return self.category in LEVEL_CATEGORIES


def normalise_amount(number: str, multiplier: str, unit: str) -> tuple[Decimal, str, str]:
    """("1.5", "万亿", "元") → (15000, "亿元", "money"); ("2", "万", "套") → (20000, "套", "count")."""
    raw = Decimal(number) * MULTIPLIERS[multiplier]
    if unit in _LEVEL_UNITS:
        category, canonical, factor = _LEVEL_UNITS[unit]
        return tidy(raw * factor), canonical, category
    if unit not in _COUNT_UNITS:
        raise ValueError(f"unknown unit {unit!r}")
    return tidy(raw), _COUNT_CANONICAL.get(unit, unit), "count"


def tidy(value: Decimal) -> Decimal:
    """Exact, without exponent noise: 2.6E+2 → 260, 0.50 → 0.5."""
    normalised = value.normalize()
    return normalised.quantize(Decimal(1)) if normalised == normalised.to_integral_value() else normalised


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text`` (a clause), in order; percentages win over overlapping amounts."""
    found: list[Quantity] = []
    for match in _PERCENT_RANGE.finditer(text):
        found.append(
            Quantity(match.start(), match.end(), tidy(Decimal(match.group("num"))), "%", "range", match.group(0))
        )
    for match in _PERCENT.finditer(text):
        if any(q.start < match.end() and match.start() < q.end for q in found):
            continue
        category = "percent" if match.group("unit") == "%" else "pp"
        found.append(
            Quantity(
                match.start(),
                match.end(),
                tidy(Decimal(match.group("num"))),
                match.group("unit"),
                category,
                match.group(0),
            )
        )
    for match in _AMOUNT.finditer(text):
        if any(q.start < match.end() and match.start() < q.end for q in found):
            continue
        value, unit, category = normalise_amount(match.group("num"), match.group("mult") or "", match.group("unit"))
        approximate = bool(match.group("approx1") or match.group("approx"))
        found.append(Quantity(match.start(), match.end(), value, unit, category, match.group(0), approximate))
    for match in _TWO_DIGIT.finditer(text):
        found.append(Quantity(match.start(), match.end(), Decimal(10), "%", "two_digit", match.group(0)))
    for match in _ALL_COMPLIANT.finditer(text):
        found.append(Quantity(match.start(), match.end(), Decimal(100), "%", "all_compliant", match.group(0)))
    if not found:
        found.extend(
            Quantity(match.start(), match.end(), Decimal(0), "%", "flat", match.group(0))
            for match in _FLAT.finditer(text)
        )
    return sorted(found, key=lambda q: q.start)
