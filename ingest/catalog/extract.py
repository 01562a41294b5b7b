"""A government work report → proposed target catalog rows (the entry point of ``targetwatch targets``).

    text = read_report(Path("report.txt"))          # plain text or HTML; CatalogInputError if unusable
    rows = extract_targets(text, region_code="220100")   # plan year detected from the text

Each proposal carries the exact sentence it came from and that sentence's offset in ``text``. The
extractor is a grammar over the wording (:mod:`.grammar`, :mod:`.quantities`, :mod:`.milestones`);
indicator ids come from the aliases seed (:mod:`.vocabulary`). People review proposals into
``dbt_project/seeds/targets.csv`` (see ``docs/targets.md``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from pathlib import Path

from ingest.catalog.errors import CatalogInputError
from ingest.catalog.grammar import Finding, find_targets
from ingest.catalog.ids import provisional_target_id, target_id_for
from ingest.catalog.model import ProposedTarget, format_value
from ingest.catalog.quantities import find_quantities
from ingest.catalog.report_text import detect_plan_year, load_text, matching_form, split_sentences
from ingest.catalog.vocabulary import Vocabulary

__all__ = ["CatalogInputError", "ProposedTarget", "default_vocabulary", "extract_targets", "read_report"]

_REGION_CODE = re.compile(r"\d{6}")


def read_report(path: Path) -> str:
    """The report's text; CatalogInputError for a missing, empty, binary, undecodable or target-less file."""
    path = Path(path)
    text = load_text(path)
    if not find_quantities(matching_form(text)):
        raise CatalogInputError(
            f"{path}: no numbers with units or percentages in the text, so no targets to propose; "
            "is this the work report (政府工作报告) itself?"
        )
    return text


@functools.cache
def default_vocabulary() -> Vocabulary:
    """The project's aliases and indicators seeds (read once, on first use)."""
    return Vocabulary.load()


def extract_targets(
    text: str,
    *,
    plan_year: int | None = None,
    region_code: str,
    vocabulary: Vocabulary | None = None,
) -> list[ProposedTarget]:
    """Proposed catalog rows for every target in the report, in document order.

    ``plan_year`` is detected from the text when None. ``vocabulary`` resolves indicator phrases to
    ids (default: the project's seeds; ``Vocabulary()`` resolves nothing).
    """
    if not text.strip():
        raise CatalogInputError("the report text is empty")
    if not _REGION_CODE.fullmatch(region_code):
        raise CatalogInputError(f"region code must be the 6-digit division code (e.g. 220100), got {region_code!r}")
    year = detect_plan_year(text) if plan_year is None else plan_year
    words = default_vocabulary() if vocabulary is None else vocabulary
    proposals = [
        _proposal(finding, sentence.text, sentence.start, sentence.section, year, region_code, words)
        for sentence in split_sentences(text)
        for finding in find_targets(matching_form(sentence.text))
    ]
    if not proposals:
        raise CatalogInputError(
            "no targets found: no sentence states a quantity (增长6.5%, 达到2250亿元, 300户…) or a milestone"
        )
    return _unique_ids(proposals)


def _proposal(
    finding: Finding, quote: str, offset: int, section: str, year: int, region_code: str, words: Vocabulary
) -> ProposedTarget:
    indicator = words.resolve(finding.phrase)
    related = words.resolve(finding.related_phrase) if finding.metric == "relation" else ""
    value = float(finding.value) if finding.value is not None else None
    if indicator and (related or finding.metric != "relation"):
        target_id = target_id_for(region_code, year, indicator, finding.metric, related)
    else:
        target_id = provisional_target_id(
            region_code, year, finding.metric, finding.phrase, format_value(value), finding.unit
        )
    return ProposedTarget(
        target_id=target_id,
        plan_year=year,
        region_code=region_code,
        section=section,
        indicator_id=indicator,
        title_zh=finding.clause,
        title_en=_title_en(words, indicator, finding.metric, related),
        metric=finding.metric,
        comparator=finding.comparator,
        target_value=value,
        unit=finding.unit,
        related_indicator_id=related,
        source_quote=quote,
        source_offset=offset,
        phrase=finding.phrase,
    )


def _title_en(words: Vocabulary, indicator: str, metric: str, related: str) -> str:
    name = words.name_en(indicator)
    if not name:
        return ""
    if metric == "growth_pct":
        return f"{name}: growth"
    if metric == "pp_change":
        return f"{name}: change in percentage points"
    if metric == "relation":
        return f"{name}: growth in step with {words.name_en(related) or related}"
    return name


def _unique_ids(proposals: list[ProposedTarget]) -> list[ProposedTarget]:
    """Two proposals for the same indicator and metric get -2, -3… in document order."""
    seen: dict[str, int] = {}
    unique = []
    for proposal in proposals:
        count = seen.get(proposal.target_id, 0) + 1
        seen[proposal.target_id] = count
        if count > 1:
            proposal = replace(proposal, target_id=f"{proposal.target_id}-{count}")
        unique.append(proposal)
    return unique
