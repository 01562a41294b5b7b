"""What several parsers share: the document's period, indicator tables as observations, dedupe."""

from __future__ import annotations

from collections.abc import Iterable

from ingest.observations import Observation
from ingest.parsers.base import ParseContext
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
from ingest.parsers.tables import Column, find_layout, read_rows
from ingest.quarantine import Quarantined

_LOOK_AHEAD_PARAGRAPHS = 6


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
    for table in page.tables:
        layout = find_layout(table)
        if layout is None:
            continue
        found = True
        for row in read_rows(table, layout, period_of, ctx.warn):
            if row.value is None and row.growth is None:
                continue
            observations.append(
                ctx.observation(
                    indicator_raw=row.label,
                    period=row.period,
                    value=row.value,
                    unit=row.unit,
                    yoy_pct=row.growth,
                    quote=row.quote,
                )
            )
    return found, observations


def _same_span(period: Period, month: int) -> Period:
    """1-本月 of a quarterly or annual document keeps the document's wording (一季度, 全年)."""
    if month == 12:
        return full_year(period.year)
    if month in (3, 6, 9):
        return ytd(period.year, month, "quarter_ytd")
    return ytd(period.year, month)


def dedupe(observations: Iterable[Observation]) -> list[Observation]:
    """One observation per figure: the same figure said twice on a page (table and text) counts once."""
    seen: set[tuple[object, ...]] = set()
    out: list[Observation] = []
    for o in observations:
        key = (o.indicator_id or o.indicator_raw, o.period_start, o.period_end, o.value, o.unit, o.yoy_pct)
        if key in seen:
            continue
        seen.add(key)
        out.append(o)
    return out


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
