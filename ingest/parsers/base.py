"""What a parser receives and how it builds observations.

A parser is a function ``parse(page: Page, ctx: ParseContext) -> list[Observation]`` that raises
:class:`~ingest.quarantine.Quarantined` when the document cannot be read. It never returns
made-up zeros: a figure that is not on the page is not an observation.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from ingest.observations import Observation, build_observation
from ingest.parsers.aliases import AliasTable, normalise_name
from ingest.parsers.page import Page, RealFigure
from ingest.parsers.periods import Period


def _same(published: float | None, parsed: float | None) -> bool:
    if parsed is None:
        return True
    return published is not None and abs(published - parsed) <= 1e-9


@dataclass(frozen=True)
class DocumentInfo:
    source_id: str
    region_code: str
    url: str
    sha256: str
    fetched_at: dt.datetime | None = None


@dataclass
class ParseContext:
    document: DocumentInfo
    page: Page
    aliases: AliasTable
    parser: str
    unknown_indicators: list[str] = field(default_factory=list)
    _unknown_seen: set[str] = field(default_factory=set, repr=False)  # the same names, for a quick lookup
    # What the parser saw but did not turn into an observation, and why (for `targetwatch parse`).
    warnings: list[str] = field(default_factory=list)
    # indicator name as given → (as stored, indicator_id): a table repeats its names in every period
    _indicators: dict[str, tuple[str, str | None]] = field(default_factory=dict, repr=False)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def _real_figure(
        self, indicator_raw: str, indicator_id: str | None, period: Period, value: float | None, yoy_pct: float | None
    ) -> RealFigure | None:
        for figure in self.page.real_figures:
            same_indicator = normalise_name(figure.indicator) == normalise_name(indicator_raw) or (
                indicator_id is not None and self.aliases.resolve(figure.indicator) == indicator_id
            )
            if not same_indicator or figure.period != period.label():
                continue
            # Real only if every figure the observation carries is the real one: a growth-only meta
            # does not make a synthetic level real, and the reverse.
            if not _same(figure.value, value) or not _same(figure.yoy_pct, yoy_pct):
                continue
            return figure
        return None

    def _indicator(self, name: str) -> tuple[str, str | None]:
        """(the name as stored, its indicator_id); an unknown name is reported once."""
        name = name.strip()
        indicator_id = self.aliases.resolve(name)
        if indicator_id is None and name not in self._unknown_seen:
            self._unknown_seen.add(name)
            self.unknown_indicators.append(name)
        return name, indicator_id

    def observation(
        self,
        *,
        indicator_raw: str,
        period: Period,
        value: float | None,
        unit: str | None,
        yoy_pct: float | None,
        quote: str,
        is_lower_bound: bool = False,
        is_estimate: bool = False,
    ) -> Observation:
        known = self._indicators.get(indicator_raw)
        if known is None:
            known = self._indicators[indicator_raw] = self._indicator(indicator_raw)
        indicator_raw, indicator_id = known
        real = None
        if self.page.real_figures:
            real = self._real_figure(indicator_raw, indicator_id, period, value, yoy_pct)
        values = self._shared.copy()
        values["indicator_raw"] = indicator_raw
        values["indicator_id"] = indicator_id
        values["period_start"] = period.start
        values["period_end"] = period.end
        values["period_kind"] = period.kind
        values["value"] = value
        values["unit"] = unit if value is not None else None
        values["yoy_pct"] = yoy_pct
        values["is_lower_bound"] = is_lower_bound
        values["is_estimate"] = is_estimate
        values["quote"] = quote.strip()
        if real is not None:
            values["is_synthetic"] = False
            values["citation_url"] = real.citation_url
        return build_observation(values)

    @functools.cached_property
    def _shared(self) -> dict[str, object]:
        """The fields of every observation of the document, in field order, the others to be filled in:
        for speed, each observation copies this instead of building its 20 fields."""
        document, page = self.document, self.page
        return {
            "source_id": document.source_id,
            "document_sha256": document.sha256,
            "url": document.url,
            "release_date": page.release_date,
            "region_code": document.region_code,
            "indicator_raw": None,
            "indicator_id": None,
            "period_start": None,
            "period_end": None,
            "period_kind": None,
            "value": None,
            "unit": None,
            "yoy_pct": None,
            "is_lower_bound": False,
            "is_estimate": False,
            "quote": None,
            "parser": self.parser,
            "is_synthetic": page.is_synthetic,
            "fetched_at": document.fetched_at,
            "citation_url": None,
        }


Parser = Callable[[Page, ParseContext], list[Observation]]
