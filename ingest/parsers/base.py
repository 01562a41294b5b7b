"""What a parser receives and how it builds observations.

A parser is a function ``parse(page: Page, ctx: ParseContext) -> list[Observation]`` that raises
:class:`~ingest.quarantine.Quarantined` when the document cannot be read. It never returns
made-up zeros: a figure that is not on the page is not an observation.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ingest.observations import DocumentFields, Observation, build_observation, build_row_observations
from ingest.parsers.aliases import AliasTable, normalise_name
from ingest.parsers.page import Page, RealFigure
from ingest.parsers.periods import Period
from ingest.parsers.tables import TableFigure


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
        """One figure of the document: its name resolved through the alias table, its provenance the document's."""
        name, indicator_id = self._known(indicator_raw)
        return self._build(name, indicator_id, period, value, unit, yoy_pct, quote.strip(), is_lower_bound, is_estimate)

    def row_observations(self, indicator_raw: str, quote: str, figures: Iterable[TableFigure]) -> list[Observation]:
        """The figures of one table row (one per period, all with the row's name and quote), as
        :meth:`observation` builds them; a figure with neither a value nor a growth rate is left out.
        For speed: the name and the quote are worked out once per row."""
        name, indicator_id = self._known(indicator_raw)
        quote = quote.strip()
        if self.page.real_figures:  # (rare) each figure is looked up among the page's real ones
            build = self._build
            return [
                build(name, indicator_id, period, value, unit, growth, quote, False, False)
                for period, value, unit, growth in figures
                if value is not None or growth is not None
            ]
        return build_row_observations(self._document_fields, name, indicator_id, quote, self.page.is_synthetic, figures)

    def _known(self, indicator_raw: str) -> tuple[str, str | None]:
        known = self._indicators.get(indicator_raw)
        if known is None:
            known = self._indicators[indicator_raw] = self._indicator(indicator_raw)
        return known

    def _build(
        self,
        indicator_raw: str,
        indicator_id: str | None,
        period: Period,
        value: float | None,
        unit: str | None,
        yoy_pct: float | None,
        quote: str,
        is_lower_bound: bool,
        is_estimate: bool,
    ) -> Observation:
        real = None
        if self.page.real_figures:
            real = self._real_figure(indicator_raw, indicator_id, period, value, yoy_pct)
        return build_observation(
            self._document_fields,
            indicator_raw,
            indicator_id,
            period.start,
            period.end,
            period.kind,
            value,
            unit if value is not None else None,
            yoy_pct,
            is_lower_bound,
            is_estimate,
            quote,
            self.page.is_synthetic if real is None else False,
            None if real is None else real.citation_url,
        )

    @functools.cached_property
    def _document_fields(self) -> DocumentFields:
        """The fields every observation of the document shares (worked out once per document)."""
        document, page = self.document, self.page
        return DocumentFields(
            source_id=document.source_id,
            document_sha256=document.sha256,
            url=document.url,
            release_date=page.release_date,
            region_code=document.region_code,
            parser=self.parser,
            fetched_at=document.fetched_at,
        )


Parser = Callable[[Page, ParseContext], list[Observation]]
