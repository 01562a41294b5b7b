"""The catalog row: the ``targets`` seed's columns, in order, and the extractor's proposal type."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

SEED_COLUMNS = (
    "target_id",
    "plan_year",
    "region_code",
    "section",
    "indicator_id",
    "title_zh",
    "title_en",
    "metric",
    "comparator",
    "target_value",
    "unit",
    "related_indicator_id",
    "source_quote",
    "source_offset",
)
METRICS = ("growth_pct", "level", "count", "share_pct", "pp_change", "relation", "milestone")
COMPARATORS = ("at_least", "about", "at_most", "more_than", "reach", "strive")


def format_value(value: float | Decimal | None) -> str:
    """A target value as the seed writes it: no exponent, no trailing zeros ("15000", "0.5", "6.5")."""
    if value is None:
        return ""
    text = format(Decimal(str(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True)
class ProposedTarget:
    """One proposed catalog row: every seed column, plus ``phrase`` (the indicator phrase as written)."""

    target_id: str
    plan_year: int
    region_code: str
    section: str
    indicator_id: str
    title_zh: str
    title_en: str
    metric: str
    comparator: str
    target_value: float | None
    unit: str
    related_indicator_id: str
    source_quote: str
    source_offset: int
    phrase: str

    def as_row(self) -> dict[str, str]:
        """The seed row (strings, seed column order)."""
        row = {name: getattr(self, name) for name in SEED_COLUMNS}
        row["plan_year"] = str(self.plan_year)
        row["target_value"] = format_value(self.target_value)
        row["source_offset"] = str(self.source_offset)
        return row
