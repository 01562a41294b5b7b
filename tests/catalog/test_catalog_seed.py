"""The reviewed catalog (targets seed), the indicators seed and the aliases seed hold together."""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from pathlib import Path

import pytest

from ingest.catalog.ids import target_id_for
from ingest.catalog.model import COMPARATORS, METRICS, SEED_COLUMNS
from ingest.parsers.aliases import AliasTable, normalise_name
from tests.catalog.conftest import REPORT_HEADINGS, SAMPLE, SEEDS

# sha256 of the indicators seed (header and its 20 rows) as it was before the catalog: those rows stay
# byte-for-byte and new indicators are only added after them.
ORIGINAL_INDICATORS_SHA256 = "e815c6fd1eb9a5a7397031e922cb25b137cd926b084eecad1cd9597fa6e39ae3"
ORIGINAL_INDICATOR_ROWS = 20


def read(name: str) -> list[dict[str, str]]:
    with (SEEDS / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def indicators() -> dict[str, dict[str, str]]:
    return {row["indicator_id"]: row for row in read("indicators.csv")}


def test_columns_in_contract_order():
    with (SEEDS / "targets.csv").open(encoding="utf-8", newline="") as handle:
        assert tuple(next(csv.reader(handle))) == SEED_COLUMNS


def test_every_quote_is_the_sentence_at_its_offset(catalog):
    text = SAMPLE.read_text(encoding="utf-8")
    for row in catalog:
        offset = int(row["source_offset"])
        quote = row["source_quote"]
        assert text[offset : offset + len(quote)] == quote, row["target_id"]
        assert offset == 0 or text[offset - 1] in "。\n", row["target_id"]
        assert quote.endswith("。") and "。" not in quote[:-1], row["target_id"]


def test_target_ids_are_unique_and_derived_from_content(catalog):
    ids = [row["target_id"] for row in catalog]
    assert len(ids) == len(set(ids))
    for row in catalog:
        expected = target_id_for(
            row["region_code"], int(row["plan_year"]), row["indicator_id"], row["metric"], row["related_indicator_id"]
        )
        assert row["target_id"] == expected
        assert re.fullmatch(r"220100-2024-[a-z0-9]+(?:-[a-z0-9]+)*", row["target_id"])
    assert {"220100-2024-gdp-growth", "220100-2024-retail-sales-level", "220100-2024-metro-line6-opening"} <= set(ids)


def test_rows_by_metric(catalog):
    assert {(row["plan_year"], row["region_code"]) for row in catalog} == {("2024", "220100")}
    assert Counter(row["metric"] for row in catalog) == {
        "count": 40,
        "level": 19,
        "milestone": 16,
        "growth_pct": 11,
        "share_pct": 8,
        "relation": 1,
        "pp_change": 1,
    }


def test_values_units_and_vocabularies(catalog):
    for row in catalog:
        assert row["metric"] in METRICS and row["comparator"] in COMPARATORS, row["target_id"]
        assert row["section"] in REPORT_HEADINGS, row["target_id"]
        assert row["title_zh"] and re.fullmatch(r"[\x20-\x7e]+", row["title_en"]), row["target_id"]
        if row["metric"] == "milestone":
            assert (row["comparator"], row["target_value"], row["unit"]) == ("reach", "", ""), row["target_id"]
        else:
            float(row["target_value"])
            assert row["unit"], row["target_id"]
        assert bool(row["related_indicator_id"]) == (row["metric"] == "relation"), row["target_id"]
        if row["metric"] in ("growth_pct", "share_pct"):
            assert row["unit"] == "%"
        if row["metric"] in ("pp_change", "relation"):
            assert row["unit"] == "个百分点"


@pytest.mark.parametrize(
    ("target_id", "comparator", "value", "unit"),
    [
        ("220100-2024-gdp-growth", "at_least", "6.5", "%"),
        ("220100-2024-industrial-output-above-scale-growth", "about", "8", "%"),
        ("220100-2024-fixed-asset-investment-growth", "about", "4", "%"),
        ("220100-2024-retail-sales-growth", "about", "8", "%"),
        ("220100-2024-general-budget-revenue-growth", "about", "7", "%"),
        ("220100-2024-cpi-growth", "at_most", "3", "%"),
        ("220100-2024-per-capita-disposable-income-vs-gdp", "about", "0", "个百分点"),
        ("220100-2024-retail-sales-level", "reach", "2250", "亿元"),
        ("220100-2024-private-economy-revenue-level", "at_least", "15000", "亿元"),
        ("220100-2024-grain-output-level", "strive", "260", "亿斤"),
        ("220100-2024-talent-apartments-count", "reach", "20000", "套"),
        ("220100-2024-new-private-enterprises-count", "reach", "85000", "户"),
        ("220100-2024-high-standard-farmland-count", "reach", "3000000", "亩"),
        ("220100-2024-new-track-industries-output-growth", "strive", "10", "%"),
        ("220100-2024-computing-power-count", "reach", "1000", "P"),
    ],
)
def test_headline_and_long_tail_targets(catalog, target_id, comparator, value, unit):
    row = next(row for row in catalog if row["target_id"] == target_id)
    assert (row["comparator"], row["target_value"], row["unit"]) == (comparator, value, unit)


def test_relation_row(catalog):
    (row,) = [row for row in catalog if row["metric"] == "relation"]
    assert (row["indicator_id"], row["related_indicator_id"]) == ("per_capita_disposable_income", "gdp")


def test_every_indicator_exists_and_units_agree(catalog, indicators):
    conversions = {(row["from_unit"], row["to_unit"]) for row in read("unit_conversions.csv")}
    for row in catalog:
        for column in ("indicator_id", "related_indicator_id"):
            assert not row[column] or row[column] in indicators, row["target_id"]
        indicator = indicators[row["indicator_id"]]
        if row["metric"] == "milestone":
            assert (indicator["kind"], indicator["frequency"], indicator["unit"]) == ("event", "event", "")
        elif row["metric"] in ("level", "count"):
            same = indicator["unit"] == row["unit"]
            assert same or (row["unit"], indicator["unit"]) in conversions, row["target_id"]


def test_indicators_seed_keeps_existing_rows_and_uses_the_vocabularies(indicators):
    raw = (SEEDS / "indicators.csv").read_bytes()
    lines = raw.decode("utf-8").splitlines(keepends=True)
    original = "".join(lines[: ORIGINAL_INDICATOR_ROWS + 1]).encode("utf-8")
    assert hashlib.sha256(original).hexdigest() == ORIGINAL_INDICATORS_SHA256, "an existing indicator row changed"
    assert len(lines) - 1 == len(indicators)
    for row in indicators.values():
        assert row["kind"] in ("flow", "stock", "rate", "event")
        assert row["frequency"] in ("monthly", "quarterly", "annual", "event")
        assert row["publisher"] in ("bureau", "finance", "survey", "customs", "department")
        assert row["name_zh"] and row["name_en"]
        assert not row["parent_indicator_id"] or row["parent_indicator_id"] in indicators


def test_aliases_load_and_cover_every_catalog_indicator(catalog, indicators):
    table = AliasTable.load(SEEDS / "indicator_aliases.csv")  # raises on an alias mapped to two ids
    aliased = set(table.by_name.values())
    assert aliased <= set(indicators)
    assert {row["indicator_id"] for row in catalog} <= aliased
    for wording, indicator_id in [
        ("新增“专精特新”企业", "new_specialised_smes"),
        ("专精特新企业", "new_specialised_smes"),
        ("地铁6号线开通运营", "metro_line6_opening"),
        ("新增民营企业", "new_private_enterprises"),
        ("实施投资5000万元以上项目", "projects_over_50m_yuan"),
        ("长太高速公路建成通车", "changtai_expressway_opening"),
    ]:
        assert table.resolve(wording) == indicator_id
    assert normalise_name("全市“口袋公园”") == "口袋公园"


def test_sample_is_shipped_inside_the_project():
    assert SAMPLE.is_file() and Path("/work/shared") not in SAMPLE.parents
