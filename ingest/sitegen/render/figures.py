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
    quote: str = ""  # the clause, for figures recorded as text (work-report reviews)

    @property
    def is_real(self) -> bool:
        return bool(self.citation_url)

    def meta(self, use: RealUse) -> str:
        value = use.figure.value if self.value else ""
        yoy = use.figure.yoy if self.yoy else ""
        return f"{self.indicator}|{self.period}|{value}|{yoy}|{use.figure.source_url}"


def _decimals(text: str) -> int:
    return len(text.partition(".")[2])


def _agrees(published: str, truth: float | None) -> bool:
    """The truth rounds to the published text (or either side is missing)."""
    if not published or truth is None:
        return True
    return abs(float(published) - truth) <= 0.5 * 10 ** -_decimals(published) + 1e-9


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
    ) -> tuple[str | None, str | None]:
        """Texts of (value, growth) to print for ``key`` at (year, YTD month); None = not printed.

        A real figure is printed exactly as its source wrote it ("6" stays "6", "2616.5" stays
        "2616.5"); a real growth rate whose level was not published is printed without a level.
        """
        use = self._real(key, at, value, decimals, yoy)
        value_text = fmt(value, decimals) if value is not None else None
        yoy_text = fmt(yoy, 1) if yoy is not None else None
        if use is not None:
            value_text = (use.figure.value or None) if value is not None else None
            yoy_text = (use.figure.yoy or yoy_text) if yoy is not None else None
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

    def _real(
        self, key: str, at: tuple[int, int], value: float | None, decimals: int, yoy: float | None
    ) -> RealUse | None:
        """The real figure for ``key`` at ``at`` that the truth reproduces (same decimals preferred)."""
        candidates = self._by_key.get((key, *at), [])
        if not candidates:
            return None
        matching = [u for u in candidates if _agrees(u.figure.value, value) and _agrees(u.figure.yoy, yoy)]
        if not matching:
            raise SiteGenError(
                f"{key} {at}: the truth ({value}, {yoy}) does not reproduce the real figure(s) "
                + ", ".join(f"{u.figure.value}/{u.figure.yoy}" for u in candidates)
            )
        return min(matching, key=lambda u: _decimals(u.figure.value) != decimals)

    def quote(self, indicator: str, period: str, text: str) -> None:
        """Record a clause whose figures stay in its words (a review's "新增…企业326户")."""
        self.figures.append(ShownFigure(indicator, period, "", "", "", "", quote=text))

    def hides_level(self, key: str, at: tuple[int, int]) -> bool:
        """True when a real growth rate at ``at`` has no published level (the level is not printed)."""
        return any(not use.figure.value for use in self._by_key.get((key, *at), []))

    @property
    def synthetic(self) -> str:
        """``partial`` when real figures are mixed in, else ``true``."""
        return "partial" if self.real_meta else "true"
