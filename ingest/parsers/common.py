"""What several parsers share: the document's period, indicator tables as observations, dedupe."""

from __future__ import annotations

import re
from collections.abc import Iterable
from operator import itemgetter

from ingest.observations import Observation
from ingest.parsers.base import ParseContext
from ingest.parsers.memo import bounded_cache
from ingest.parsers.page import Page
from ingest.parsers.periods import (
    Period,
    default_year,
    find_periods,
    fit_to_release,
    full_year,
    single_month,
    title_period,
    year_in,
    ytd,
)
from ingest.parsers.tables import Column, read_rows
from ingest.quarantine import Quarantined

_LOOK_AHEAD_PARAGRAPHS = 6
# Measures an "of which" item inherits from its parent: 汽车产量 → 其中新能源汽车 = 新能源汽车产量;
# 固定资产投资 → 按产业分 第一产业 = 第一产业投资 (not 第一产业增加值, whatever the alias table says).
_INHERITED_MEASURE = re.compile(
    r"(出栏量|存栏量|产量|销量|销售量|投资|总产值|产值|增加值|营业额|营业收入|销售额|零售额|出口额|进口额)$"
)
_OWN_MEASURE = re.compile(
    r"(?:出栏量|存栏量|出栏|存栏|产量|销量|销售量|销售额|营业额|营业收入|零售额|增加值|总产值|产值|投资|收入|支出|总额|"
    r"面积|人数|金额|余额|价格|指数|额|量|值|率|比重)$"
)
_TRAILING_NOTE = re.compile(r"\s*[(（][^()（）]*[)）]$")


@bounded_cache(16384)  # for speed: the same rows recur in every release
def compose_part(child: str, parent: str | None) -> str:
    """The full name of an "of which" item: the child plus the parent's measure, unless it has one."""
    if not parent or _OWN_MEASURE.search(child):
        return child
    measure = _INHERITED_MEASURE.search(_TRAILING_NOTE.sub("", parent))
    return child + measure.group(1) if measure else child


def document_period(page: Page, extra: Iterable[str] = ()) -> Period:
    """The period a page reports on: its title's; else the first one in ``extra`` texts or the body.

    A period written without a year takes the release year (or the year before, when it would
    end after the release). No period at all → ``unparseable_period``.
    """
    period = title_period(page.title)
    if period is not None:
        return period
    year = default_year(page.title, page.release_date)
    if year is not None:
        for text in [page.title, *extra, *page.paragraphs[:_LOOK_AHEAD_PARAGRAPHS]]:
            matches = find_periods(text, year)
            if matches:
                found = matches[0].period
                has_year = year_in(page.title) is not None or matches[0].text.lstrip().startswith("20")
                return found if has_year else fit_to_release(found, page.release_date)
    raise Quarantined("unparseable_period", f"no reporting period in the title {page.title!r} or the first paragraphs")


def table_observations(
    page: Page, ctx: ParseContext, period: Period, *, monthly: bool, quarterly: bool = False
) -> tuple[bool, list[Observation]]:
    """(any indicator table found, its observations). ``monthly``: the ``doc`` block is year to date."""
    year = period.year
    end = 12 if period.kind == "year" else period.end_month

    def period_of(column: Column) -> Period:
        month = column.end_month or end
        try:
            if column.block == "month":
                return single_month(year, month)
            if column.block == "ytd" or (monthly and period.kind == "month"):
                if quarterly or (month == end and period.kind in ("quarter_ytd", "year")):
                    return _same_span(period, month)
                return ytd(year, month)
        except ValueError as exc:
            raise Quarantined("unparseable_period", f"{page.title!r}: {exc}") from exc
        return period

    found = False
    observations: list[Observation] = []
    for table, layout in zip(page.tables, page.table_layouts, strict=True):
        if layout is None:
            continue
        found = True
        for row in read_rows(table, layout, period_of, ctx.warn):
            observations.extend(ctx.row_observations(compose_part(row.label, row.parent), row.quote, row.figures))
    return found, observations


def _same_span(period: Period, month: int) -> Period:
    """1-本月 of a quarterly or annual document keeps the document's wording (一季度, 全年)."""
    if month == 12:
        return full_year(period.year)
    if month in (3, 6, 9):
        return ytd(period.year, month, "quarter_ytd")
    return ytd(period.year, month)


# What ``dedupe`` compares: the name (the indicator_id, else the name as written), then the figure
# itself; read from the tuple by position, in C (for speed: a table page has hundreds of observations).
_FIGURE = ("period_start", "period_end", "value", "unit", "yoy_pct")
_KEY_BY_ID = itemgetter(*(Observation._fields.index(f) for f in ("indicator_id", *_FIGURE)))
_KEY_BY_NAME = itemgetter(*(Observation._fields.index(f) for f in ("indicator_raw", *_FIGURE)))


def dedupe(observations: Iterable[Observation]) -> list[Observation]:
    """One observation per figure: the same figure said twice on a page (table and text) counts once."""
    seen: set[tuple[object, ...]] = set()
    out: list[Observation] = []
    for o in observations:
        key = _KEY_BY_ID(o) if o.indicator_id else _KEY_BY_NAME(o)
        if key in seen:
            continue
        seen.add(key)
        out.append(o)
    return out


# A layout's defining indicator: a parsed page of that layout always has it (the quality gate's
# layout_contract check verifies the same in the warehouse).
REQUIRED_INDICATORS = {"quarterly_gdp": "gdp", "communique": "gdp"}


def require(observations: list[Observation], indicator_id: str, layout: str) -> None:
    """A layout whose defining indicator is absent was re-laid-out or misread: quarantine it."""
    if not observations:
        raise Quarantined("no_figures", f"the {layout} has no readable figure")
    if not any(o.indicator_id == indicator_id for o in observations):
        found = sorted({o.indicator_raw for o in observations})[:8]
        raise Quarantined(
            "missing_required_indicator",
            f"the {layout} has no {indicator_id} figure (found: {'、'.join(found)})",
        )
