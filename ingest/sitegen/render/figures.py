"""What a page prints: every figure goes through a :class:`FigureSheet`.

The sheet formats numbers as the page prints them, checks real figures are printed unaltered, applies
the rule that a synthetic number never shares an observation with a real one (a real growth rate
whose level was not published is printed without a level), and records every figure for
``expected_figures.csv`` and the ``targetwatch:real-figure`` meta tags.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ingest.sitegen.numbers import fmt
from ingest.sitegen.real_figures import RealUse
from ingest.sitegen.truth import SiteGenError


@dataclass(frozen=True)
class ShownFigure:
    indicator: str  # as the page writes it
    period: str  # YYYY, YYYY-MM or YYYY-01..MM
    value: str  # as printed, "" when not printed
    unit: str
    yoy: str  # percent as printed, "" when not printed
    citation_url: str  # "" for synthetic figures

    @property
    def is_real(self) -> bool:
        return bool(self.citation_url)

    def meta(self, use: RealUse) -> str:
        value = use.figure.value if self.value else ""
        yoy = use.figure.yoy if self.yoy else ""
        return f"{self.indicator}|{self.period}|{value}|{yoy}|{use.figure.source_url}"


@dataclass
class FigureSheet:
    """The figures of one document, in page order."""

    uses: tuple[RealUse, ...] = ()
    figures: list[ShownFigure] = field(default_factory=list)
    real_meta: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_key: dict[tuple[str, int, int], list[RealUse]] = defaultdict(list)
        for use in self.uses:
            self._by_key[(use.key, use.year, use.month)].append(use)

    def show(
        self,
        key: str,
        indicator: str,
        period: str,
        at: tuple[int, int],
        value: float | None,
        decimals: int,
        unit: str,
        yoy: float | None,
        yoy_decimals: int = 1,
    ) -> tuple[str | None, str | None]:
        """Texts of (value, growth) to print for ``key`` at (year, YTD month); None = not printed."""
        value_text = fmt(value, decimals) if value is not None else None
        yoy_text = fmt(yoy, yoy_decimals) if yoy is not None else None
        use = self._real(key, at, value_text, yoy_text)
        if use is not None and not use.figure.value:
            value_text = None  # the level is synthetic: never beside a real growth rate
        if value_text is None and yoy_text is None:
            raise SiteGenError(f"{indicator} {period}: nothing to print")
        shown = ShownFigure(
            indicator=indicator,
            period=period,
            value=value_text or "",
            unit=unit if value_text else "",
            yoy=yoy_text or "",
            citation_url=use.figure.source_url if use else "",
        )
        self.figures.append(shown)
        if use is not None:
            self.real_meta.append(shown.meta(use))
        return value_text, yoy_text

    def _real(self, key: str, at: tuple[int, int], value: str | None, yoy: str | None) -> RealUse | None:
        candidates = self._by_key.get((key, *at), [])
        if not candidates:
            return None
        for use in candidates:
            figure = use.figure
            if figure.value and value is not None and float(figure.value) != float(value):
                continue
            if figure.yoy and yoy is not None and float(figure.yoy) != float(yoy):
                continue
            return use
        raise SiteGenError(
            f"{key} {at}: the page would print {value}/{yoy}, altering the real figure(s) "
            + ", ".join(f"{u.figure.value}/{u.figure.yoy}" for u in candidates)
        )

    def hides_level(self, key: str, at: tuple[int, int]) -> bool:
        """True when a real growth rate at ``at`` has no published level (the level is not printed)."""
        return any(not use.figure.value for use in self._by_key.get((key, *at), []))

    @property
    def synthetic(self) -> str:
        """``partial`` when real figures are mixed in, else ``true``."""
        return "partial" if self.real_meta else "true"
