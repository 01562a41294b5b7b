"""Indicator names as bulletins write them → canonical ``indicator_id`` (the aliases seed).

The seed ``dbt_project/seeds/indicator_aliases.csv`` is the single table of aliases; parsers and
the warehouse read the same file. Unknown names are not guessed: they keep ``indicator_id`` empty
and are reported (``unknown_indicators``), so a new name is a one-line seed change.

Milestones ("地铁6号线开通运营") are indicators of kind ``event`` in ``indicators.csv`` (read from
beside the aliases file when it is there): a work report that names one without a number reports
it done.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from ingest.parsers.memo import bounded_cache
from ingest.parsers.numbers import split_label_unit, to_simplified

_PREFIX = re.compile(
    r"^(?:[#＃*\s]+|其中[:：]?|全市|全省|全年|我市|本市|\d+[.、．]|[一二三四五六七八九十]+、|"
    r"[(（][一二三四五六七八九十]+[)）])+"
)
_NOISE = re.compile(r"[\s“”\"'《》「」『』‘’]")
_SUFFIX_NOISE = re.compile(r"[(（]下同[)）]")
EVENT_KINDS = frozenset({"event", "milestone"})


@bounded_cache(16384)
def normalise_name(name: str) -> str:
    text = to_simplified(name)
    text, _ = split_label_unit(text)
    text = _NOISE.sub("", text)
    text = _SUFFIX_NOISE.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _PREFIX.sub("", text)
    return text.replace("（", "(").replace("）", ")").strip("：:,，。")


@dataclass(frozen=True)
class AliasTable:
    by_name: dict[str, str]
    event_ids: frozenset[str] = field(default=frozenset())

    @classmethod
    def load(cls, path: Path, indicators_path: Path | None = None) -> AliasTable:
        """Read the aliases seed; event indicators from ``indicators_path`` (default: beside it)."""
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        table: dict[str, str] = {}
        for row in rows:
            key = normalise_name(row["alias"])
            existing = table.get(key)
            if existing and existing != row["indicator_id"]:
                raise ValueError(f"alias {row['alias']!r} maps to both {existing} and {row['indicator_id']}")
            table[key] = row["indicator_id"]
        indicators = indicators_path or path.with_name("indicators.csv")
        events: set[str] = set()
        if indicators.exists():
            with indicators.open(encoding="utf-8", newline="") as handle:
                events = {
                    row["indicator_id"]
                    for row in csv.DictReader(handle)
                    if (row.get("kind") or "").strip() in EVENT_KINDS or (row.get("unit") or "").strip() == "done"
                }
        return cls(table, frozenset(events))

    def resolve(self, name: str) -> str | None:
        return self.by_name.get(normalise_name(name))

    def names_by_length(self) -> list[str]:
        """Known names, longest first (for finding indicator mentions inside prose)."""
        return sorted(self.by_name, key=len, reverse=True)

    @functools.cached_property
    def _event_pattern(self) -> re.Pattern[str] | None:
        names = [n for n, i in self.by_name.items() if i in self.event_ids]
        if not names:
            return None
        return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))

    def event_mentions(self, text: str) -> list[str]:
        """Names of milestone (event) indicators in ``text`` (quotes and spaces removed), longest first."""
        pattern = self._event_pattern
        if pattern is None:
            return []
        return pattern.findall(_NOISE.sub("", text))

    def known_suffix(self, name: str, min_length: int = 2) -> str | None:
        """The longest known name ``name`` ends with ("长春市的地区生产总值" → "地区生产总值")."""
        text = normalise_name(name)
        for i in range(len(text) - min_length + 1):
            if text[i:] in self.by_name:
                return text[i:]
        return None
