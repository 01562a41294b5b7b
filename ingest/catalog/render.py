"""Proposals out: the targets seed's CSV (columns in order) and a readable terminal table."""

from __future__ import annotations

import csv
import unicodedata
from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from ingest.catalog.model import METRICS, SEED_COLUMNS, ProposedTarget, format_value

_COMPARATOR_SIGNS = {"at_least": "≥", "about": "≈", "at_most": "≤", "more_than": ">", "reach": "=", "strive": "力争"}
_PHRASE_WIDTH = 36


def write_csv(targets: Sequence[ProposedTarget], handle: TextIO) -> None:
    """The seed's header and one row per target (``source_quote`` quoted where CSV needs it)."""
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(SEED_COLUMNS)
    for target in targets:
        row = target.as_row()
        writer.writerow([row[column] for column in SEED_COLUMNS])


def render_table(targets: Sequence[ProposedTarget]) -> str:
    """Targets grouped by section: #, metric, comparator and value, phrase, indicator_id."""
    header = ("#", "metric", "target", "phrase (as written)", "indicator_id")
    lines: list[str] = []
    section = None
    rows: list[tuple[str, ...]] = [
        (
            str(number),
            target.metric,
            _target_text(target),
            _truncate(target.phrase, _PHRASE_WIDTH),
            target.indicator_id or "?",
        )
        for number, target in enumerate(targets, start=1)
    ]
    widths = [max(_width(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    for target, row in zip(targets, rows, strict=True):
        if target.section != section:
            section = target.section
            lines.append("")
            lines.append(f"【{section or '(no heading)'}】")
            lines.append(_line(header, widths))
        lines.append(_line(row, widths))
    lines.append("")
    lines.append(_summary(targets))
    return "\n".join(lines).lstrip("\n") + "\n"


def _target_text(target: ProposedTarget) -> str:
    if target.metric == "milestone":
        return "(milestone)"
    sign = _COMPARATOR_SIGNS[target.comparator]
    related = f" vs {target.related_indicator_id}" if target.related_indicator_id else ""
    return f"{sign} {format_value(target.target_value)} {target.unit}{related}"


def _summary(targets: Sequence[ProposedTarget]) -> str:
    counts = Counter(target.metric for target in targets)
    parts = ", ".join(f"{counts[metric]} {metric}" for metric in METRICS if counts[metric])
    unresolved = sum(1 for target in targets if not target.indicator_id)
    return f"{len(targets)} targets ({parts}); {unresolved} without an indicator_id (marked ?) to review"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _truncate(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    kept = ""
    for char in text:
        if _width(kept + char) > width - 1:
            break
        kept += char
    return kept + "…"


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    padded = [cell + " " * (width - _width(cell)) for cell, width in zip(cells, widths, strict=True)]
    return "  " + "  ".join(padded).rstrip()
