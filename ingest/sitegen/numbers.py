"""Rounding and number formatting as bulletins print them (half-up, fixed decimals)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def round_half_up(value: float, decimals: int) -> float:
    """Round like a statistics bureau does (2.45 → 2.5), not like Python's banker's rounding."""
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def fmt(value: float, decimals: int) -> str:
    """``value`` with exactly ``decimals`` decimals, half-up; never ``-0.0``."""
    quantum = Decimal(1).scaleb(-decimals)
    text = str(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))
    return text[1:] if text.startswith("-") and Decimal(text) == 0 else text


def growth_pct(level: float, previous: float) -> float:
    """Year-on-year growth in percent."""
    return (level / previous - 1.0) * 100.0
