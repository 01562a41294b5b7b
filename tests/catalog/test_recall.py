"""The extractor against the reviewed catalog of the 2024 report: recall and precision.

docs/targets.md records the figures; this test recomputes them and fails when the docs go stale.
"""

from __future__ import annotations

from ingest.catalog.review import compare
from tests.catalog.conftest import PROJECT

MIN_RECALL = 0.95
MIN_PRECISION = 0.90


def test_recall_and_precision_on_the_2024_report(proposals, catalog):
    result = compare(proposals, catalog)
    missed = [(row["target_id"], row["target_value"], row["unit"]) for row in result.missed]
    extra = [(p.phrase, p.target_value, p.unit) for p in result.extra]
    assert result.recall >= MIN_RECALL, f"recall {result.recall:.1%}; missed {missed}"
    assert result.precision >= MIN_PRECISION, f"precision {result.precision:.1%}; extra {extra}"
    docs = (PROJECT / "docs" / "targets.md").read_text(encoding="utf-8")
    assert f"recall **{result.recall:.1%}**" in docs
    assert f"precision **{result.precision:.1%}**" in docs


def test_proposals_agree_with_the_review_on_most_fields(proposals, catalog):
    result = compare(proposals, catalog)
    for column in ("metric", "comparator", "section"):
        assert result.agreement(column) >= 0.95, column
    assert result.agreement("indicator_id") >= 0.9


def test_every_proposal_quotes_its_sentence_at_its_offset(proposals, sample_text):
    for proposal in proposals:
        start = proposal.source_offset
        assert sample_text[start : start + len(proposal.source_quote)] == proposal.source_quote


def test_matching_needs_the_same_sentence_value_and_unit(proposals, catalog):
    from dataclasses import replace

    gdp = next(p for p in proposals if p.target_id == "220100-2024-gdp-growth")
    shifted = [replace(p, target_value=6.0) if p is gdp else p for p in proposals]
    result = compare(shifted, catalog)
    assert [row["target_id"] for row in result.missed] == ["220100-2024-gdp-growth"]
    assert [p.target_id for p in result.extra] == ["220100-2024-gdp-growth"]
