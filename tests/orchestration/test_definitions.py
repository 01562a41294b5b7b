"""The code location as a whole: a committed snapshot of what it defines, lineage, pools, retries, UI text.

A renamed dbt model, a lost dependency or a changed schedule shows up here as a reviewable diff.
Refresh the snapshot after an intended change with:

    UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/orchestration/test_definitions.py
"""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import dagster as dg
import pytest

from ingest.settings import PROJECT_ROOT, SOURCES_FILE
from ingest.sources import load_sources
from orchestration.assets.ingest_assets import CRAWL_OP, FETCH_RETRY
from orchestration.assets.publish_assets import PUBLISHED_MART_KEY, REPORT_KEY
from orchestration.dbt_wiring import WAREHOUSE_POOL, build_dbt_assets, dbt_project
from orchestration.instance import instance_config

SNAPSHOT = Path(__file__).with_name("definitions_snapshot.json")
GROUPS = {"ingest", "warehouse", "quality", "publish"}
SOURCE_IDS = {s.id for s in load_sources(SOURCES_FILE)}


def _key(key: dg.AssetKey) -> str:
    return key.to_user_string()


def describe(defs: dg.Definitions) -> dict:
    """Everything the snapshot pins: keys, groups, lineage, checks, ops' pools and retries, automation."""
    repo = defs.get_repository_def()
    graph = repo.asset_graph
    assets = {
        _key(key): {
            "group": graph.get(key).group_name,
            "deps": sorted(_key(p) for p in graph.get(key).parent_keys),
        }
        for key in graph.get_all_asset_keys()
    }
    checks = {}
    for check_key in graph.asset_check_keys:
        spec = graph.get_check_spec(check_key)
        checks[f"{_key(check_key.asset_key)}:{check_key.name}"] = "blocking" if spec.blocking else "non-blocking"
    ops = {}
    nodes = [graph.get(k).assets_def for k in graph.get_all_asset_keys()]
    nodes += list(repo.asset_checks_defs_by_key.values())
    for node in nodes:
        op = node.node_def
        policy = op.retry_policy
        ops[op.name] = {
            "pool": op.pool,
            "retry": None if policy is None else f"{policy.max_retries}x {policy.delay}s {policy.backoff.value}",
        }
    jobs = {
        job.name: {"executor": job.executor_def.name, "tags": dict(job.tags)}
        for job in repo.get_all_jobs()
        if not job.name.startswith("__")
    }
    schedules = {
        s.name: {
            "job": s.job_name,
            "cron": s.cron_schedule,
            "timezone": s.execution_timezone,
            "default_status": s.default_status.value,
        }
        for s in repo.schedule_defs
    }
    sensors = {
        s.name: {
            "type": s.sensor_type.value,
            "job": s.job_name if s.has_jobs else None,
            "minimum_interval_seconds": s.minimum_interval_seconds,
            "default_status": s.default_status.value,
        }
        for s in repo.sensor_defs
    }
    return {
        "assets": dict(sorted(assets.items())),
        "asset_checks": dict(sorted(checks.items())),
        "ops": dict(sorted(ops.items())),
        "jobs": jobs,
        "schedules": schedules,
        "sensors": sensors,
    }


def test_definitions_match_the_committed_snapshot(defs):
    current = json.dumps(describe(defs), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1" or not SNAPSHOT.exists():
        SNAPSHOT.write_text(current, encoding="utf-8")
        if os.environ.get("UPDATE_SNAPSHOTS") != "1":
            pytest.fail(f"{SNAPSHOT.name} did not exist and was written; review and commit it")
        return
    committed = SNAPSHOT.read_text(encoding="utf-8")
    if current != committed:
        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(True),
                current.splitlines(True),
                fromfile=f"{SNAPSHOT.name} (committed)",
                tofile="loaded Definitions",
            )
        )
        pytest.fail(
            "The Dagster definitions changed (asset keys, lineage, checks, pools, jobs, schedules or sensors).\n"
            "If the change is intended, refresh the snapshot and commit it:\n"
            "    UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/orchestration/test_definitions.py\n\n" + diff,
            pytrace=False,
        )


def test_every_asset_is_in_one_of_the_four_groups(defs):
    graph = defs.get_repository_def().asset_graph
    groups = {graph.get(k).group_name for k in graph.get_all_asset_keys()}
    assert groups == GROUPS


def test_each_source_reaches_the_published_mart_and_report_through_observations_and_every_model(defs):
    graph = defs.get_repository_def().asset_graph

    def ancestors(key: dg.AssetKey) -> set[dg.AssetKey]:
        seen: set[dg.AssetKey] = set()
        stack = [key]
        while stack:
            for parent in graph.get(stack.pop()).parent_keys:
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        return seen

    upstream_of_mart = ancestors(PUBLISHED_MART_KEY)
    assert PUBLISHED_MART_KEY in ancestors(REPORT_KEY)
    raw = {k for k in graph.get_all_asset_keys() if k.path[:2] == ["ingest", "raw"]}
    assert {k.path[-1] for k in raw} == SOURCE_IDS  # one per source of ingest/sources.toml
    assert raw <= upstream_of_mart
    observations = dg.AssetKey(["ingest", "observations"])
    assert raw <= ancestors(observations)
    staging_observations = dg.AssetKey(["staging", "stg_bulletins__observations"])
    assert observations in ancestors(staging_observations)
    models = {k for k in graph.get_all_asset_keys() if k.path[0] in ("staging", "intermediate", "marts")}
    assert len(models) >= 14
    assert models <= upstream_of_mart, sorted(_key(k) for k in models - upstream_of_mart)
    assert dg.AssetKey(["quality", "anomalies"]) in upstream_of_mart


def test_dbt_tests_and_quality_checks_are_asset_checks_on_the_marts(defs):
    graph = defs.get_repository_def().asset_graph
    by_asset: dict[str, set[str]] = {}
    for check_key in graph.asset_check_keys:
        by_asset.setdefault(_key(check_key.asset_key), set()).add(check_key.name)
    assert "unique_target_status_latest_target_id" in by_asset["marts/target_status_latest"]  # a dbt test
    assert "one_status_row_per_target" in by_asset["marts/target_status_latest"]  # a quality-gate check
    assert graph.get_check_spec(
        dg.AssetCheckKey(dg.AssetKey(["marts", "target_status_latest"]), "one_status_row_per_target")
    ).blocking


def test_everything_that_opens_the_warehouse_is_in_the_pool_and_fetching_retries(defs):
    ops = describe(defs)["ops"]
    in_pool = sorted(name for name, op in ops.items() if op["pool"] == WAREHOUSE_POOL)
    assert in_pool == ["publish_mart", "quality_gate", "warehouse_models"]
    # one step crawls every source (side by side); each source keeps its own raw-documents asset
    fetch_ops = sorted(name for name in ops if name == CRAWL_OP or name.startswith(("ingest__raw", "crawl")))
    assert fetch_ops == [CRAWL_OP]
    graph = defs.get_repository_def().asset_graph
    crawl = graph.get(dg.AssetKey(["ingest", "raw", sorted(SOURCE_IDS)[0]])).assets_def
    assert {k.path[-1] for k in crawl.keys} == SOURCE_IDS and crawl.can_subset
    assert all(ops[name]["retry"] == "3x 30s EXPONENTIAL" for name in fetch_ops)
    assert FETCH_RETRY.jitter == dg.Jitter.PLUS_MINUS
    assert all(op["retry"] is None for name, op in ops.items() if name not in fetch_ops)


def test_the_nightly_runs_at_two_in_shanghai_and_runs_are_tagged_for_the_queue(defs):
    snapshot = describe(defs)
    assert snapshot["schedules"]["nightly_0200"] == {
        "job": "nightly",
        "cron": "0 2 * * *",
        "timezone": "Asia/Shanghai",
        "default_status": "RUNNING",
    }
    assert snapshot["jobs"]["nightly"]["tags"] == {"targetwatch/writes-warehouse": "true"}
    assert snapshot["jobs"]["nightly"]["executor"] == "in_process"
    every_asset = defs.get_repository_def().asset_graph.get_all_asset_keys()
    assert set(defs.resolve_job_def("nightly").asset_layer.executable_asset_keys) == set(every_asset)


def test_every_asset_and_check_has_a_description_for_the_ui(defs):
    graph = defs.get_repository_def().asset_graph
    missing = sorted(_key(k) for k in graph.get_all_asset_keys() if not (graph.get(k).description or "").strip())
    assert missing == []
    quality_checks = [
        k
        for k in graph.asset_check_keys
        if graph.get_check_spec(k).description and graph.get_check_spec(k).description.startswith("[")
    ]
    assert len(quality_checks) >= 15  # the quality gate's checks say their severity and what to do
    assert "Asia/Shanghai" in defs.get_repository_def().get_schedule_def("nightly_0200").description


def test_a_missing_manifest_is_a_clear_error_not_a_dbt_parse(tmp_path):
    assert dbt_project().manifest_path.exists()  # prepared by the `defs` fixture / `make manifest`
    without_manifest = SimpleNamespace(manifest_path=tmp_path / "target" / "manifest.json")
    with pytest.raises(FileNotFoundError, match="make manifest"):
        build_dbt_assets(without_manifest)  # type: ignore[arg-type]


def test_loading_the_definitions_has_no_side_effect_at_import():
    code = (
        "import os, sys; before = set(os.environ); import orchestration.definitions as d; "
        "assert set(os.environ) == before, set(os.environ) ^ before; "
        "assert 'build_definitions' in dir(d); print('ok')"
    )
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-2000:]


def test_dagster_definitions_validate_passes(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TARGETWATCH_")}
    env["DAGSTER_HOME"] = str(tmp_path)
    (tmp_path / "dagster.yaml").write_text(instance_config(tmp_path))
    result = subprocess.run(
        [str(Path(sys.executable).with_name("dagster")), "definitions", "validate", "-m", "orchestration.definitions"],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env=env,
        timeout=180,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "Validation successful for code location orchestration.definitions" in output
