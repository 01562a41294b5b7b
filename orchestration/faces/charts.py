"""Small inline SVG charts: an indicator's year-to-date path against its target (no scripts, no fonts)."""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field

from orchestration.faces.common import fmt_num, is_number

WIDTH, HEIGHT = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 10, 22


@dataclass
class Series:
    points: list[tuple[int, float]]  # (month 1-12, value)
    css: str  # class: path, pace, lastyear
    label: str = ""


@dataclass
class ChartSpec:
    """One chart: months 1-12 on x, a value on y; the series and a horizontal target line."""

    aria_label: str
    series: list[Series] = field(default_factory=list)
    target: float | None = None
    unit: str = ""
    include_zero: bool = True


def _nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    span = high - low
    if span <= 0:
        return [low]
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _domain(spec: ChartSpec) -> tuple[float, float]:
    values = [v for s in spec.series for _, v in s.points]
    if spec.target is not None:
        values.append(spec.target)
    if spec.include_zero:
        values.append(0.0)
    low, high = min(values), max(values)
    if high == low:
        high, low = high + 1, low - 1
    pad = (high - low) * 0.08
    low = low - pad if (low < 0 or not spec.include_zero) else low
    return low, high + pad


def render_svg(spec: ChartSpec) -> str:
    """The chart as an inline ``<svg>`` element; every text escaped."""
    if not any(s.points for s in spec.series):
        return ""
    low, high = _domain(spec)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(month: float) -> float:
        return LEFT + (month - 1) / 11 * plot_w

    def y(value: float) -> float:
        return TOP + (high - value) / (high - low) * plot_h

    e = html.escape
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{e(spec.aria_label)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{e(spec.aria_label)}</title>'
    ]
    for tick in _nice_ticks(low, high):
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>')
        parts.append(
            f'<text class="tick" x="{LEFT - 4}" y="{y(tick) + 3:.1f}" text-anchor="end">{e(fmt_num(tick))}</text>'
        )
    for month in (1, 3, 6, 9, 12):
        parts.append(f'<text class="tick" x="{x(month):.1f}" y="{HEIGHT - 6}" text-anchor="middle">{month}</text>')
    if spec.target is not None and is_number(spec.target):
        ty = y(spec.target)
        parts.append(f'<line class="target" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}"/>')
    for series in spec.series:
        points = sorted(series.points)
        if not points:
            continue
        coords = " ".join(f"{x(m):.1f},{y(v):.1f}" for m, v in points)
        parts.append(f'<polyline class="{e(series.css)}" points="{coords}"><title>{e(series.label)}</title></polyline>')
        if series.css == "path":
            for m, v in points:
                parts.append(
                    f'<circle class="dot" cx="{x(m):.1f}" cy="{y(v):.1f}" r="2.5">'
                    f"<title>{m}: {e(fmt_num(v))}{e(spec.unit)}</title></circle>"
                )
            m, v = points[-1]
            anchor = "end" if m > 9 else "start"
            dx = -5 if anchor == "end" else 5
            parts.append(
                f'<text class="last" x="{x(m) + dx:.1f}" y="{y(v) - 5:.1f}" text-anchor="{anchor}">'
                f"{e(fmt_num(v, 1))}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)
