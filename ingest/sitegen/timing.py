"""When releases come out and where a TRS-style CMS puts them.

Monthly data about 3–5 weeks after the month, quarterly GDP about four weeks after the quarter (the
prose release the same day or the next), the communique in March–May of the next year, the work
report in January. Weekends move to Monday. Document ids grow with the publication time, per site.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections.abc import Sequence

DOCID_BASE = {"tjj": 2_810_000, "szf": 3_260_000}
DOCID_EPOCH = dt.date(2020, 1, 1)


def _workday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def _at(rng: random.Random, day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, rng.randint(8, 16), rng.randrange(0, 60))


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def monthly_release(rng: random.Random, year: int, month: int) -> dt.datetime:
    return _at(rng, _workday(month_end(year, month) + dt.timedelta(days=rng.randint(21, 36))))


def gdp_release(rng: random.Random, year: int, quarter: int) -> dt.datetime:
    return _at(rng, _workday(month_end(year, quarter * 3) + dt.timedelta(days=rng.randint(24, 30))))


def prose_release(rng: random.Random, gdp: dt.datetime) -> dt.datetime:
    day = _workday(gdp.date() + dt.timedelta(days=rng.randint(0, 1)))
    moment = _at(rng, day)
    return max(moment, gdp + dt.timedelta(minutes=30))


def communique_release(rng: random.Random, year: int) -> dt.datetime:
    return _at(rng, _workday(dt.date(year + 1, 3, 20) + dt.timedelta(days=rng.randint(0, 50))))


def work_report_release(rng: random.Random, report_year: int) -> dt.datetime:
    return _at(rng, _workday(dt.date(report_year, 1, rng.randint(8, 16))))


def assign_docids(rng: random.Random, site: str, moments: Sequence[dt.datetime]) -> list[int]:
    """Increasing TRS document ids for documents published at ``moments`` (any order)."""
    order = sorted(range(len(moments)), key=lambda i: moments[i])
    ids = [0] * len(moments)
    previous = 0
    for i in order:
        days = (moments[i].date() - DOCID_EPOCH).days
        docid = max(previous + 1, DOCID_BASE[site] + days * 97 + rng.randint(0, 90))
        ids[i] = previous = docid
    return ids


def trs_path(column: str, moment: dt.datetime, docid: int) -> str:
    return f"{column}/{moment:%Y%m}/t{moment:%Y%m%d}_{docid}.html"
