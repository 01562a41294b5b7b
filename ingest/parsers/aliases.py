"""Indicator names as bulletins write them → canonical ``indicator_id`` (the aliases seed).

The seed ``dbt_project/seeds/indicator_aliases.csv`` is the single table of aliases; parsers and
the warehouse read the same file. Unknown names are not guessed: they keep ``indicator_id`` empty
and are reported (``unknown_indicators``), so a new name is a one-line seed change.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from ingest.parsers.numbers import split_label_unit, to_simplified

_PREFIX = re.compile(r"^(?:[#＃*\s]+|其中[:：]?|全市|全年|\d+[.、]|[一二三四五六七八九十]+、)+")
_NOISE = re.compile(r"[\s“”\"'《》]")


def normalise_name(name: str) -> str:
    text = to_simplified(name)
    text, _ = split_label_unit(text)
    text = _NOISE.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _PREFIX.sub("", text)
    return text.replace("（", "(").replace("）", ")").strip("：:,，。")


@dataclass(frozen=True)
class AliasTable:
    by_name: dict[str, str]

    @classmethod
    def load(cls, path: Path) -> AliasTable:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        table: dict[str, str] = {}
        for row in rows:
            key = normalise_name(row["alias"])
            existing = table.get(key)
            if existing and existing != row["indicator_id"]:
                raise ValueError(f"alias {row['alias']!r} maps to both {existing} and {row['indicator_id']}")
            table[key] = row["indicator_id"]
        return cls(table)

    def resolve(self, name: str) -> str | None:
        return self.by_name.get(normalise_name(name))

    def names_by_length(self) -> list[str]:
        """Known names, longest first (for finding indicator mentions inside prose)."""
        return sorted(self.by_name, key=len, reverse=True)
