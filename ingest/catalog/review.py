"""Proposals against the reviewed catalog: recall, precision and agreement on each field.

A reviewed row is recovered when a proposal from the same sentence (``source_offset``) has the same
``target_value`` and ``unit`` — milestones, which have neither, match a milestone proposal of the same
sentence. Each proposal matches at most one row. Comparator, metric, indicator and section agreement
are measured on the matched pairs: they are what the reviewer still has to correct.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest.catalog.errors import CatalogInputError
from ingest.catalog.model import SEED_COLUMNS, ProposedTarget, format_value

Row = Mapping[str, str]


def load_catalog(path: Path, *, plan_year: int | None = None, region_code: str | None = None) -> list[dict[str, str]]:
    """Rows of a catalog CSV (the targets seed's columns), optionally for one plan year and region."""
    if not path.is_file():
        raise CatalogInputError(f"{path}: catalog not found")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != SEED_COLUMNS:
            raise CatalogInputError(f"{path}: columns must be {','.join(SEED_COLUMNS)}")
        rows = list(reader)
    return [
        row
        for row in rows
        if (plan_year is None or row["plan_year"] == str(plan_year))
        and (region_code is None or row["region_code"] == region_code)
    ]


def _key(row: Row) -> tuple[str, str, str, bool]:
    value = row["target_value"]
    normalised = format_value(float(value)) if value else ""
    return row["source_offset"], normalised, row["unit"], row["metric"] == "milestone"


@dataclass(frozen=True)
class Comparison:
    matched: list[tuple[Row, ProposedTarget]]
    missed: list[Row]  # reviewed rows no proposal recovered
    extra: list[ProposedTarget]  # proposals that match no reviewed row

    @property
    def recall(self) -> float:
        total = len(self.matched) + len(self.missed)
        return len(self.matched) / total if total else 0.0

    @property
    def precision(self) -> float:
        total = len(self.matched) + len(self.extra)
        return len(self.matched) / total if total else 0.0

    def agreement(self, column: str) -> float:
        """Share of matched pairs whose proposal already has the reviewed value of ``column``."""
        if not self.matched:
            return 0.0
        same = sum(1 for row, proposal in self.matched if proposal.as_row()[column] == row[column])
        return same / len(self.matched)


def compare(proposals: Sequence[ProposedTarget], reviewed: Sequence[Row]) -> Comparison:
    pool: dict[tuple[str, str, str, bool], list[ProposedTarget]] = {}
    for proposal in proposals:
        pool.setdefault(_key(proposal.as_row()), []).append(proposal)
    matched: list[tuple[Row, ProposedTarget]] = []
    missed: list[Row] = []
    for row in reviewed:
        candidates = pool.get(_key(row))
        if candidates:
            matched.append((row, candidates.pop(0)))
        else:
            missed.append(row)
    used = {id(proposal) for _, proposal in matched}
    extra = [proposal for proposal in proposals if id(proposal) not in used]
    return Comparison(matched, missed, extra)
