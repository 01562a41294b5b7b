"""What every mart row and every model keeps: one status row per target, finite numbers, clean
reasons, documented grains and columns (persisted as DuckDB comments), and generic tests that bite."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.warehouse import scenarios

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("warehouse")]

NUMERIC = ("actual", "gap", "completion", "expected_completion", "projected_full_year", "score")


def _catalog_ids() -> set[str]:
    with scenarios.TARGETS_SEED.open(encoding="utf-8") as f:
        seed = {row["target_id"] for row in csv.DictReader(f)}
    return seed | {t["target_id"] for t in scenarios.build().targets}


def test_every_target_has_exactly_one_status_row(warehouse):
    counts = dict(
        warehouse.conn.execute("select target_id, count(*) from marts.target_status_latest group by 1").fetchall()
    )
    assert set(counts) == _catalog_ids()
    assert set(counts.values()) == {1}
    # the reviewed catalog has no figures in this build: every one of its targets is no_data, with a reason
    seed_rows = warehouse.rows("select status, reason_zh from marts.target_status_latest where region_code = '220100'")
    assert len(seed_rows) == 96
    assert {r["status"] for r in seed_rows} == {"no_data"}
    assert all("本年度尚无任何公报" in r["reason_zh"] for r in seed_rows)


@pytest.mark.parametrize("table", ["target_progress", "target_status_latest"])
def test_no_nan_or_inf(warehouse, table):
    checks = " or ".join(f"isnan({c}) or isinf({c})" for c in NUMERIC)
    assert warehouse.rows(f"select target_id from marts.{table} where {checks}") == []


def test_status_vocabulary(warehouse):
    statuses = {r[0] for r in warehouse.conn.execute("select distinct status from marts.target_progress").fetchall()}
    assert statuses == {"achieved", "on_track", "at_risk", "off_track", "missed", "no_data"}


def test_reasons_read_cleanly(warehouse):
    rows = warehouse.rows(
        "select target_id, metric, reason_zh, reason_en from marts.target_progress"
        " union all select target_id, metric, reason_zh, reason_en from marts.target_status_latest"
    )
    assert rows
    for r in rows:
        for reason in (r["reason_zh"], r["reason_en"]):
            assert reason, r["target_id"]
            assert "\n" not in reason
            assert not re.search(r"-0\.0+(?!\d)", reason), reason
            assert not re.search(r"\d %", reason), reason  # "about 8 %"
            assert not re.search(r"\b(None|nan|inf|NULL)\b", reason), reason
            assert not re.search(r"\d\.\d{5,}", reason), reason  # float noise
        if r["metric"] != "milestone":
            assert not re.search(r"[\u4e00-\u9fff]", r["reason_en"]), r["reason_en"]


def test_lower_bound_and_estimate_columns_exist_where_analysts_read(warehouse):
    columns = {
        r[0]
        for r in warehouse.conn.execute(
            "select column_name from information_schema.columns where table_schema = 'marts'"
            " and table_name = 'target_status_latest'"
        ).fetchall()
    }
    # read by expectations/sql_checks.py, expectations/gx_suites.py, the publish step and the report
    assert columns >= {
        "target_id",
        "plan_year",
        "region_code",
        "section",
        "indicator_id",
        "title_zh",
        "title_en",
        "metric",
        "comparator",
        "status",
        "reason_zh",
        "reason_en",
        "completion",
        "expected_completion",
        "actual",
        "projected_full_year",
        "score",
        "gap",
        "is_year_end",
        "is_estimate",
        "is_lower_bound",
        "is_synthetic",
    }


def _manifest(warehouse) -> dict:
    path = Path(warehouse.settings.home) / "dbt_target" / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_model_states_its_grain_and_documents_every_column(warehouse):
    manifest = _manifest(warehouse)
    models = [n for n in manifest["nodes"].values() if n["resource_type"] == "model"]
    assert len(models) >= 15
    for node in models:
        assert "Grain:" in node["description"], f"{node['name']}: no grain in its description"
        relation = node.get("alias") or node["name"]
        actual = {
            r[0]
            for r in warehouse.conn.execute(
                "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
                [node["schema"], relation],
            ).fetchall()
        }
        assert actual, f"{node['schema']}.{relation} not built"
        documented = {c for c, spec in node["columns"].items() if spec.get("description")}
        assert actual <= documented, f"{node['name']}: undocumented columns {sorted(actual - documented)}"


def test_docs_are_persisted_as_duckdb_comments(warehouse):
    missing = warehouse.rows(
        "select table_name, column_name from duckdb_columns()"
        " where schema_name = 'marts' and (comment is null or comment = '')"
    )
    assert missing == []
    tables = warehouse.rows("select table_name, comment from duckdb_tables() where schema_name = 'marts'")
    assert {t["table_name"] for t in tables} >= {
        "target_progress",
        "target_status_latest",
        "targets",
        "indicators",
        "observations",
        "revisions",
    }
    assert all("Grain:" in t["comment"] for t in tables)


def test_every_mart_has_a_not_empty_test_and_grain_tests(warehouse):
    manifest = _manifest(warehouse)
    tests_by_model: dict[str, set[str]] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "test":
            continue
        name = node["test_metadata"]["name"] if node.get("test_metadata") else node["name"]
        for dep in node["depends_on"]["nodes"]:
            tests_by_model.setdefault(dep.split(".")[-1], set()).add(name)
    for mart in (
        "target_progress",
        "target_status_latest",
        "dim_targets",
        "dim_indicators",
        "observations",
        "indicator_ytd",
        "documents",
        "revisions",
    ):
        assert "not_empty" in tests_by_model[mart], mart
    assert "unique_combination_of_columns" in tests_by_model["target_progress"]
    assert "ytd_non_decreasing" in tests_by_model["int_indicator_series__ytd"]
    assert "ytd_non_decreasing" in tests_by_model["indicator_ytd"]
    assert "relationships_combination" in tests_by_model["stg_catalog__targets"]
    assert "is_finite" in tests_by_model["target_progress"]
    assert {"accepted_values", "relationships"} <= tests_by_model["target_progress"]
    unit_tests = [n for n in manifest.get("unit_tests", {}).values()]
    assert {u["name"] for u in unit_tests} >= {
        "latest_vintage_after_revision_estimate_and_lower_bound",
        "ytd_series_resets_on_1_january_and_starts_with_1_2",
        "seasonal_pace_from_previous_year_flows_only",
        "status_for_a_ceiling_and_for_more_than_with_a_lower_bound",
    }


@pytest.fixture
def scratch_warehouse(warehouse, tmp_path) -> duckdb.DuckDBPyConnection:
    """A writable copy of the built warehouse (same catalog name), for running compiled tests on bad data."""
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(warehouse.settings.warehouse_path, copy)
    conn = duckdb.connect(str(copy))
    yield conn
    conn.close()


def _compiled_test(warehouse, prefix: str) -> str:
    manifest = _manifest(warehouse)
    matches = [n for n in manifest["nodes"].values() if n["resource_type"] == "test" and n["name"].startswith(prefix)]
    assert len(matches) == 1, [n["name"] for n in matches]
    return Path(matches[0]["compiled_path"]).read_text(encoding="utf-8")


def test_ytd_non_decreasing_catches_a_drop_within_a_year_but_not_the_reset(warehouse, scratch_warehouse):
    sql = _compiled_test(warehouse, "ytd_non_decreasing_int_indicator_series__ytd")
    assert scratch_warehouse.execute(sql).fetchall() == []  # 1-12月 2023 → 1-2月 2024 passes
    scratch_warehouse.execute(
        "insert into intermediate.int_indicator_series__ytd (region_code, indicator_id, indicator_kind, year, month,"
        " period_kind, is_pp_change, value) values ('900001', 'retail_sales', 'flow', 2024, 7, 'ytd', false, 1000)"
    )
    failures = scratch_warehouse.execute(sql).fetchall()
    assert len(failures) == 1  # 1-7月 1000 < 1-6月 1035


def test_grain_and_not_empty_tests_bite(warehouse, scratch_warehouse):
    grain = _compiled_test(warehouse, "unique_combination_of_columns_target_progress")
    assert scratch_warehouse.execute(grain).fetchall() == []
    scratch_warehouse.execute(
        "insert into marts.target_progress select * from marts.target_progress"
        " where target_id = '900005-2024-gdp-growth' and as_of_month = 4"
    )
    assert len(scratch_warehouse.execute(grain).fetchall()) == 1
    not_empty = _compiled_test(warehouse, "not_empty_revisions")
    assert scratch_warehouse.execute(not_empty).fetchall() == []
    scratch_warehouse.execute("delete from marts.revisions")
    assert scratch_warehouse.execute(not_empty).fetchall() == [("empty",)]


def test_thresholds_cover_every_catalog_metric_and_comparator(warehouse, scratch_warehouse):
    sql = _compiled_test(warehouse, "relationships_combination_stg_catalog__targets")
    assert scratch_warehouse.execute(sql).fetchall() == []
    scratch_warehouse.execute(
        "delete from seeds.status_thresholds where metric = 'growth_pct' and comparator = 'at_most'"
    )
    failures = scratch_warehouse.execute(sql).fetchall()
    assert [f[:2] for f in failures] == [("growth_pct", "at_most")]


def test_build_is_fast(warehouse):
    assert warehouse.build_seconds < 60
