"""Reporting periods as bulletins write them: 1-6月, 1—2月, 前5个月, 2月份, 一季度, 上半年, 前三季度, 全年.

January is never released alone: a "1月" year-to-date figure is not a thing bureaus publish, but
``1-2月`` is the first YTD period of a year. Quarter words map to month ranges (上半年 = 1-6月).

A period written after a comparison word ("比上年全年加快", "较一季度回落", "与2023年相比") is the base
of a comparison, not the period of a figure: :func:`find_periods` leaves those out.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

from ingest.parsers.memo import bounded_cache

DASH = r"[-—–~～至－‐−]"
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def cn_number(text: str) -> int:
    """Arabic or small Chinese numbers (一 … 十二)."""
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS[text[1]]
    if text.endswith("十"):
        return _CN_DIGITS[text[0]] * 10
    if "十" in text:
        tens, ones = text.split("十")
        return _CN_DIGITS[tens] * 10 + _CN_DIGITS[ones]
    return _CN_DIGITS[text]


_NUM = r"(\d{1,2}|十[一二]?|[一二两三四五六七八九])"
_YEAR = r"(?:(20\d{2})\s*年\s*)?"
_NOT_DATE = r"(?!\s*\d{1,2}\s*[日号])"

# Order matters: longer, more specific forms first; a later pattern never overlaps an earlier match.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "range",
        re.compile(
            _YEAR + r"1\s*月?\s*" + DASH + r"\s*" + _NUM + r"\s*月(?:份)?" + _NOT_DATE + r"(?!份?\s*" + DASH + ")"
        ),
    ),
    ("first_n", re.compile(_YEAR + r"前\s*" + _NUM + r"\s*个月")),
    ("q3", re.compile(_YEAR + r"前三(?:个)?季度")),
    ("h1", re.compile(_YEAR + r"上半年")),
    ("q1", re.compile(_YEAR + r"(?:第一季度|一季度|首季度|首季)")),
    ("full_year", re.compile(r"(?:(20\d{2})\s*年?\s*)?(?:全年|年末|年底)")),
    ("month_end", re.compile(_YEAR + _NUM + r"\s*月(?:末|底)")),
    ("month", re.compile(_YEAR + _NUM + r"\s*月份")),
    (
        "year_only",
        re.compile(
            r"(20\d{2})\s*年度?(?!\s*(?:[\d一二两三四五六七八九十前上下首全第底末初内中]|以来|来|起|至今|之前|以前))"
        ),
    ),
]
_YEAR_ONLY = re.compile(r"(20\d{2})\s*年(?!\s*\d{1,2}\s*月)")
_YEAR_IN = re.compile(r"(20\d{2})\s*年")
_SINGLE_MONTH = re.compile(r"(20\d{2})\s*年\s*" + _NUM + r"\s*月")
# A literal every match of a pattern contains: patterns whose cue is absent are not run.
_CUES = {
    "range": "月", "first_n": "个月", "q3": "季度", "h1": "上半年", "q1": "季", "full_year": "年", "month_end": "月",
    "month": "月份", "year_only": "年",
}  # fmt: skip
# A period right after these words is the base of a comparison ("比上年全年", "较一季度", "与2023年").
_COMPARISON_BEFORE = re.compile(r"(?:比|较|与|同|于|自|从|到|(?<!截)至|上年|去年|高于|低于|快于|慢于|相比)\s*$")
_OTHER_YEAR_BEFORE = re.compile(r"[上去前明]\s*$")  # 上年末, 去年底: another year's end
_CONTEXT = 4
_START = attrgetter("start")


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    kind: str  # ytd | month | quarter_ytd | year

    @property
    def end_month(self) -> int:
        return self.end.month

    @property
    def year(self) -> int:
        return self.start.year

    def label(self) -> str:
        if self.kind == "year":
            return f"{self.start.year}"
        if self.kind == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        return f"{self.start.year}-01..{self.end.month:02d}"


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@bounded_cache(4096)  # for speed: a handful of periods recur in every document
def ytd(year: int, end_month: int, kind: str = "ytd") -> Period:
    if not 2 <= end_month <= 12:
        raise ValueError(f"a year-to-date period ends in February to December, not month {end_month}")
    return Period(dt.date(year, 1, 1), month_end(year, end_month), kind)


@bounded_cache(4096)
def single_month(year: int, month: int) -> Period:
    return Period(dt.date(year, month, 1), month_end(year, month), "month")


@bounded_cache(4096)
def full_year(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def quarter_ytd(period: Period) -> Period:
    """A year-to-date period as the quarterly accounts name it: 1-3/6/9月 → quarter_ytd, 1-12月 → year."""
    if period.kind in ("ytd", "quarter_ytd") and period.start.month == 1:
        if period.end_month == 12:
            return full_year(period.year)
        if period.end_month in (3, 6, 9):
            return ytd(period.year, period.end_month, "quarter_ytd")
    return period


class PeriodMatch(NamedTuple):  # (a tuple: built for every period expression of every sentence)
    period: Period
    start: int  # character offsets in the text
    end: int
    text: str


def find_periods(text: str, default_year: int | None, *, comparisons: bool = False) -> list[PeriodMatch]:
    """Every period expression in ``text``, in order. Needs a year from the text or the default.

    Periods that are the base of a comparison ("比上年全年", "较一季度") are left out unless
    ``comparisons`` is true.
    """
    found: list[PeriodMatch] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        if _CUES[kind] not in text:
            continue
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            taken.append((match.start(), match.end()))
            before = text[max(0, match.start() - _CONTEXT) : match.start()]
            if not comparisons and _COMPARISON_BEFORE.search(before):
                continue
            if match.group(0).startswith("年") and _OTHER_YEAR_BEFORE.search(before):
                continue
            year = int(match.group(1)) if match.group(1) else default_year
            if year is None:
                continue
            try:
                period = _period(kind, year, match)
            except (KeyError, ValueError):
                continue
            found.append(PeriodMatch(period, match.start(), match.end(), match.group(0)))
    if len(found) > 1:
        found.sort(key=_START)
    return found


def _period(kind: str, year: int, match: re.Match[str]) -> Period:
    if kind in ("range", "first_n"):
        return ytd(year, cn_number(match.group(2)))
    if kind == "q1":
        return ytd(year, 3, "quarter_ytd")
    if kind == "h1":
        return ytd(year, 6, "quarter_ytd")
    if kind == "q3":
        return ytd(year, 9, "quarter_ytd")
    if kind in ("full_year", "year_only"):
        return full_year(year)
    if kind in ("month", "month_end"):
        return single_month(year, cn_number(match.group(2)))
    raise ValueError(kind)


def year_in(text: str) -> int | None:
    match = _YEAR_IN.search(text)
    return int(match.group(1)) if match else None


def title_period(title: str) -> Period | None:
    """The period a release's title announces ("2024年1-6月全市经济运行情况", "2023年统计公报")."""
    year = year_in(title)
    matches = find_periods(title, year)
    specific = [m for m in matches if m.period.kind != "year" or not m.text.strip().startswith("20")]
    if specific:
        return specific[0].period
    single = _SINGLE_MONTH.search(title)
    if single and 1 <= cn_number(single.group(2)) <= 12:  # "2024年13月" is no period (quarantined)
        month = cn_number(single.group(2))
        # A monthly release titled by its month ("2024年6月社会消费品零售总额") reports 1-本月 too.
        return single_month(int(single.group(1)), month)
    if matches:
        return matches[0].period
    only = _YEAR_ONLY.search(title)
    if only:
        return full_year(int(only.group(1)))
    return None


def default_year(title: str, release_date: dt.date | None) -> int | None:
    """The year a page reports on when a sentence does not say: the title's, else the release year."""
    year = year_in(title)
    if year is not None:
        return year
    return release_date.year if release_date else None


def fit_to_release(period: Period, release_date: dt.date | None) -> Period:
    """A period without a written year that would end after its release belongs to the year before.

    "全年" released in January 2025, or "1-12月" in February, is about 2024.
    """
    if release_date is None or period.end <= release_date:
        return period
    year = period.year - 1
    if period.kind == "year":
        return full_year(year)
    if period.kind == "month":
        return single_month(year, period.start.month)
    return ytd(year, period.end_month, period.kind)
