"""The observation contract (ingest/observations.py): checked when built, the same by every way of
building, and converted to the Parquet schema column for column."""

from __future__ import annotations

import datetime as dt
import gc
from types import SimpleNamespace

import pytest

from ingest.memory import collection_paused
from ingest.observations import (
    SCHEMA,
    DocumentFields,
    Observation,
    build_observation,
    build_row_observations,
    to_table,
)

FETCHED = dt.datetime(2024, 7, 20, 8, 30, tzinfo=dt.UTC)
DOCUMENT = DocumentFields(
    "tjj", "ab" * 32, "https://tjj.example/1.html", dt.date(2024, 7, 18), "220100", "prose", FETCHED
)


def _fields(**changes: object) -> dict[str, object]:
    fields = {
        "source_id": "tjj",
        "document_sha256": "ab" * 32,
        "url": "https://tjj.example/1.html",
        "release_date": dt.date(2024, 7, 18),
        "region_code": "220100",
        "indicator_raw": "地区生产总值",
        "indicator_id": "gdp",
        "period_start": dt.date(2024, 1, 1),
        "period_end": dt.date(2024, 6, 30),
        "period_kind": "ytd",
        "value": 3052.1,
        "unit": "亿元",
        "yoy_pct": 6.0,
        "is_lower_bound": False,
        "is_estimate": False,
        "quote": "全市地区生产总值实现3052.1亿元,同比增长6.0%",
        "parser": "prose",
        "is_synthetic": True,
        "fetched_at": FETCHED,
        "citation_url": None,
    }
    fields.update(changes)
    return fields


def _built(**changes: object) -> Observation:
    f = _fields(**changes)
    return build_observation(
        DOCUMENT,
        f["indicator_raw"],
        f["indicator_id"],
        f["period_start"],
        f["period_end"],
        f["period_kind"],
        f["value"],
        f["unit"],
        f["yoy_pct"],
        f["is_lower_bound"],
        f["is_estimate"],
        f["quote"],
        f["is_synthetic"],
        f["citation_url"],
    )


def _row_built(**changes: object) -> list[Observation]:
    """A table row of one figure, built the way table rows are (build_row_observations)."""
    f = _fields(**changes)
    period = SimpleNamespace(start=f["period_start"], end=f["period_end"], kind=f["period_kind"])
    figure = (period, f["value"], f["unit"], f["yoy_pct"])
    return build_row_observations(
        DOCUMENT, f["indicator_raw"], f["indicator_id"], f["quote"], f["is_synthetic"], [figure]
    )


def test_the_fields_are_the_parquet_schema_in_order():
    assert Observation._fields == tuple(SCHEMA.names)


def test_built_from_document_fields_equals_the_constructor():
    assert _built() == Observation(**_fields())
    assert _built()._asdict() == _fields()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"period_kind": "week"}, "period_kind must be one of"),
        ({"value": None, "yoy_pct": None}, "neither value nor growth"),
        ({"quote": ""}, "has no quote"),
        ({"period_end": dt.date(2023, 12, 31)}, "period_end is before period_start"),
    ],
)
def test_both_ways_of_building_refuse_what_breaks_the_contract(changes, message):
    with pytest.raises(ValueError, match=message):
        Observation(**_fields(**changes))
    with pytest.raises(ValueError, match=message):
        _built(**changes)
    if "value" in changes:
        assert _row_built(**changes) == []  # a row's empty cell is no figure: left out, not an error
    else:
        with pytest.raises(ValueError, match=message):
            _row_built(**changes)


def test_a_rows_observations_are_built_as_one_by_one():
    assert _row_built() == [_built()]
    rate_only = _row_built(value=None, yoy_pct=8.7)
    assert rate_only == [_built(value=None, unit=None, yoy_pct=8.7)]  # no value: no unit


def test_an_observation_is_immutable():
    observation = _built()
    with pytest.raises(AttributeError):
        observation.value = 1.0  # type: ignore[misc]
    assert observation._replace(value=1.0).value == 1.0


def test_to_table_keeps_every_value_and_type():
    rows = [_built(), _built(value=None, unit=None, yoy_pct=-1.5, citation_url="https://stats.example/real")]
    table = to_table(rows)
    assert table.schema == SCHEMA
    assert table.to_pylist() == [o._asdict() for o in rows]


def test_to_table_of_nothing_is_the_empty_schema():
    table = to_table([])
    assert table.num_rows == 0
    assert table.schema == SCHEMA


@pytest.mark.parametrize("enabled", [True, False])
def test_collection_paused_leaves_the_collector_as_it_found_it(enabled):
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        with collection_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(RuntimeError), collection_paused():
            raise RuntimeError("a parser bug")
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
