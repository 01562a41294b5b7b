"""Indicator names the extractor can resolve a phrase to: the aliases and indicators seeds.

A phrase resolves when it, or a shorter form of it, is an alias: the phrase as written
("新增“专精特新”企业"), then without time/modal words, a measure word (涨幅, 增速) or a leading
action verb (新建, 完成…). Unresolved phrases keep ``indicator_id`` empty for the reviewer.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ingest.catalog.errors import CatalogInputError
from ingest.parsers.aliases import AliasTable
from ingest.settings import DBT_PROJECT_DIR

SEEDS_DIR = DBT_PROJECT_DIR / "seeds"

_TIME_AND_MODAL = re.compile(r"^(?:全年|年内|今年|全市|力争|争取|确保|全社会)+")
_MEASURE_SUFFIX = re.compile(r"(?:总水平)?(?:涨幅|上涨|增速|增幅|增长|平均)$")
_ACTION_VERB = re.compile(
    r"^(?:完成|实施|建设|建成|打造|培养|新建|新增|新扩建|扩建|改造|提升|启动|加快|打通|新辟|新投用|投用|实现|推进|"
    r"有序推进|引进|新引进|留长|开展|举办|办好)+"
)


@dataclass(frozen=True)
class Vocabulary:
    aliases: AliasTable = field(default_factory=lambda: AliasTable({}))
    names_en: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, seeds_dir: Path = SEEDS_DIR) -> Vocabulary:
        aliases_path = seeds_dir / "indicator_aliases.csv"
        indicators_path = seeds_dir / "indicators.csv"
        for path in (aliases_path, indicators_path):
            if not path.is_file():
                raise CatalogInputError(f"{path}: seed not found (needed to resolve indicator names)")
        try:
            aliases = AliasTable.load(aliases_path)
        except ValueError as exc:
            raise CatalogInputError(f"{aliases_path}: {exc}") from exc
        with indicators_path.open(encoding="utf-8", newline="") as handle:
            names_en = {row["indicator_id"]: row["name_en"] for row in csv.DictReader(handle)}
        return cls(aliases, names_en)

    def resolve(self, phrase: str) -> str:
        """The indicator_id a phrase names, or "" when no alias matches."""
        for candidate in _candidates(phrase):
            found = self.aliases.resolve(candidate)
            if found:
                return found
        return ""

    def name_en(self, indicator_id: str) -> str:
        return self.names_en.get(indicator_id, "")


def _candidates(phrase: str) -> list[str]:
    base = _TIME_AND_MODAL.sub("", phrase.strip())
    forms = [phrase, base, _MEASURE_SUFFIX.sub("", base)]
    forms += [_ACTION_VERB.sub("", form) for form in list(forms)]
    seen: list[str] = []
    for form in forms:
        if form and form not in seen:
            seen.append(form)
    return seen
