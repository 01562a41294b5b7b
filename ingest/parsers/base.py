"""What a parser receives and how it builds observations.

A parser is a function ``parse(page: Page, ctx: ParseContext) -> list[Observation]`` that raises
:class:`~ingest.quarantine.Quarantined` when the document cannot be read. It never returns
made-up zeros: a figure that is not on the page is not an observation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from ingest.observations import Observation
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
        indicator_raw = indicator_raw.strip()
        indicator_id = self.aliases.resolve(indicator_raw)
        if indicator_id is None and indicator_raw not in self._unknown_seen:
            self._unknown_seen.add(indicator_raw)
            self.unknown_indicators.append(indicator_raw)
        real = None
        if self.page.real_figures:
            real = self._real_figure(indicator_raw, indicator_id, period, value, yoy_pct)
        return Observation(
            source_id=self.document.source_id,
            document_sha256=self.document.sha256,
            url=self.document.url,
            release_date=self.page.release_date,
            region_code=self.document.region_code,
            indicator_raw=indicator_raw,
            indicator_id=indicator_id,
            period_start=period.start,
            period_end=period.end,
            period_kind=period.kind,
            value=value,
            unit=unit if value is not None else None,
            yoy_pct=yoy_pct,
            is_lower_bound=is_lower_bound,
            is_estimate=is_estimate,
            quote=quote.strip(),
            parser=self.parser,
            is_synthetic=self.page.is_synthetic and real is None,
            fetched_at=self.document.fetched_at,
            citation_url=real.citation_url if real else None,
        )


Parser = Callable[[Page, ParseContext], list[Observation]]
