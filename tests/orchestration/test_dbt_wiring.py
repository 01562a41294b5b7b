"""The dbt wiring's pure parts: deliberate asset keys and groups, and row counts taken after dbt exits."""

from __future__ import annotations

import logging

import dagster as dg
import duckdb
import pytest

from orchestration.assets import ROW_COUNT
from orchestration.dbt_wiring import TargetwatchDbtTranslator, count_rows, with_row_counts

TRANSLATOR = TargetwatchDbtTranslator()


@pytest.mark.parametrize(
    ("props", "key"),
    [
        # a mart's key is its published table name (the alias), not the dbt model name
        (
            {
                "resource_type": "model",
                "name": "dim_targets",
                "alias": "targets",
                "fqn": ["targetwatch", "marts", "dim_targets"],
            },
            ["marts", "targets"],
        ),
        (
            {
                "resource_type": "model",
                "name": "stg_bulletins__observations",
                "alias": None,
                "fqn": ["targetwatch", "staging", "stg_bulletins__observations"],
            },
            ["staging", "stg_bulletins__observations"],
        ),
        (
            {"resource_type": "seed", "name": "targets", "alias": "targets", "fqn": ["targetwatch", "targets"]},
            ["seeds", "targets"],
        ),
    ],
)
def test_dbt_nodes_get_layer_keys_and_the_warehouse_group(props, key):
    assert TRANSLATOR.get_asset_key(props) == dg.AssetKey(key)
    assert TRANSLATOR.get_group_name(props) == "warehouse"


def test_a_dbt_source_keeps_the_ingest_key_its_meta_gives_it():
    source = {
        "resource_type": "source",
        "name": "observations",
        "source_name": "bulletins",
        "meta": {"dagster": {"asset_key": ["ingest", "observations"]}},
        "config": {},
    }
    assert TRANSLATOR.get_asset_key(source) == dg.AssetKey(["ingest", "observations"])


def _warehouse(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    conn = duckdb.connect(str(path))
    conn.execute("create schema marts; create table marts.targets as select * from range(7)")
    conn.close()
    return path


MANIFEST = {
    "nodes": {
        "model.t.dim_targets": {"relation_name": '"warehouse"."marts"."targets"'},
        "model.t.gone": {"relation_name": '"warehouse"."marts"."gone"'},
    }
}


def test_row_counts_are_attached_to_dbt_outputs_and_other_events_pass_through(tmp_path, caplog):
    events = [
        dg.Output(None, output_name="marts_targets", metadata={"unique_id": "model.t.dim_targets"}),
        dg.Output(None, output_name="marts_gone", metadata={"unique_id": "model.t.gone"}),
        dg.AssetCheckResult(asset_key=dg.AssetKey(["marts", "targets"]), check_name="c", passed=True),
    ]
    log = logging.getLogger("test_dbt_wiring")
    with caplog.at_level(logging.WARNING):
        out = list(with_row_counts(events, MANIFEST, _warehouse(tmp_path), log))
    assert out[0].metadata[ROW_COUNT].value == 7
    assert out[0].metadata["unique_id"].value == "model.t.dim_targets"
    assert ROW_COUNT not in out[1].metadata  # a relation that is not there: no count, no failure
    assert "row count of model.t.gone not available" in caplog.text
    assert out[2] is events[2]


def test_an_unreadable_warehouse_never_fails_the_build(tmp_path):
    broken = tmp_path / "warehouse.duckdb"
    broken.write_bytes(b"not a duckdb file")
    counts, problems = count_rows(broken, {"model.t.dim_targets": '"warehouse"."marts"."targets"'})
    assert counts == {}
    assert problems["model.t.dim_targets"].startswith("warehouse not readable")


def test_the_dbt_resource_starts_no_dbt_of_its_own_before_each_command(monkeypatch):
    """dagster-dbt runs `dbt --version` and builds a dbt adapter in-process before every command (seconds
    each); ours takes the version of the installed dbt-core and needs no adapter (row counts are ours)."""
    import importlib.metadata

    import dagster_dbt.core.resource
    from packaging import version

    from orchestration.dbt_wiring import TargetwatchDbtCliResource, dbt_executable, dbt_project

    started: list = []
    monkeypatch.setattr(dagster_dbt.core.resource, "check_output", lambda *a, **k: started.append(a) or b"")
    project = dbt_project()
    resource = TargetwatchDbtCliResource(
        project_dir=project, profiles_dir=str(project.profiles_dir), dbt_executable=dbt_executable()
    )
    assert resource._cli_version == version.parse(importlib.metadata.version("dbt-core"))
    assert resource._initialize_dbt_core_adapter(["build"]) is None
    assert started == []
