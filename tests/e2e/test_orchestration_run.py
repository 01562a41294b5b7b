"""The nightly job's run as Dagster recorded it: every asset materialized, every check evaluated, in order,
with the metadata the UI shows. Reads the event log of the instance under <home>/dagster_home."""

from __future__ import annotations

import json

import dagster as dg
import pytest

from orchestration.assets.ingest_assets import CRAWL_OP
from orchestration.definitions import build_definitions

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pipeline")]


@pytest.fixture(scope="module")
def run_log(published_run):
    with dg.DagsterInstance.from_config(str(published_run.settings.dagster_home)) as instance:
        run = instance.get_run_by_id(published_run.outcome.run_id)
        records = instance.all_logs(published_run.outcome.run_id)
    return run, [r for r in records if r.dagster_event is not None]


@pytest.fixture(scope="module")
def graph(published_run):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TARGETWATCH_HOME", str(published_run.settings.home))
        return build_definitions().get_repository_def().asset_graph


def _events(records, kind: str):
    return [r for r in records if r.dagster_event.event_type_value == kind]


def test_the_run_is_in_the_persistent_instance_and_succeeded(run_log, published_run):
    run, _ = run_log
    assert run.job_name == "nightly"
    assert run.status == dg.DagsterRunStatus.SUCCESS
    assert run.tags["targetwatch/writes-warehouse"] == "true"
    assert (published_run.settings.dagster_home / "dagster.yaml").exists()


def test_every_asset_is_materialized_and_every_check_evaluated(run_log, graph):
    _, records = run_log
    materialized = {r.dagster_event.asset_key for r in _events(records, "ASSET_MATERIALIZATION")}
    assert materialized == set(graph.get_all_asset_keys())
    evaluations = [r.dagster_event.event_specific_data for r in _events(records, "ASSET_CHECK_EVALUATION")]
    assert {e.asset_check_key for e in evaluations} == set(graph.asset_check_keys)
    failed_blocking = [
        e.asset_check_key.to_user_string()
        for e in evaluations
        if not e.passed and e.severity == dg.AssetCheckSeverity.ERROR
    ]
    assert failed_blocking == []


def test_steps_run_in_lineage_order_without_retries(run_log):
    _, records = run_log
    started = {r.step_key: r.timestamp for r in _events(records, "STEP_START")}
    finished = {r.step_key: r.timestamp for r in _events(records, "STEP_SUCCESS")}
    raw_steps = [s for s in started if s == CRAWL_OP]  # one step crawls the 3 sources
    assert len(raw_steps) == 1
    assert max(finished[s] for s in raw_steps) <= started["parse_documents"]
    assert finished["parse_documents"] <= started["warehouse_models"]
    assert finished["warehouse_models"] <= started["quality_gate"]
    assert finished["quality_gate"] <= started["quality__anomalies"] <= started["publish_mart"]
    assert _events(records, "STEP_UP_FOR_RETRY") == []


def _latest_metadata(records, *path: str) -> dict:
    key = dg.AssetKey(list(path))
    [record] = [r for r in _events(records, "ASSET_MATERIALIZATION") if r.dagster_event.asset_key == key]
    return {k: v.value for k, v in record.dagster_event.event_specific_data.materialization.metadata.items()}


def test_the_ui_gets_row_counts_documents_fetched_and_anomalies(run_log):
    _, records = run_log
    raw = _latest_metadata(records, "ingest", "raw", "changchun_stats_releases")
    assert raw["documents_fetched"] > 0 and raw["failures"] == 0 and raw["attempt"] == 1
    observations = _latest_metadata(records, "ingest", "observations")
    assert observations["dagster/row_count"] == observations["observations"] > 0
    status = _latest_metadata(records, "marts", "target_status_latest")
    targets = _latest_metadata(records, "publish", "published_mart")["targets"]
    assert status["dagster/row_count"] == targets > 0  # counted from the warehouse after dbt exited
    assert all(
        "dagster/row_count" in _latest_metadata(records, *k.split("/"))
        for k in ("seeds/targets", "staging/stg_bulletins__observations", "intermediate/int_seasonal_pace")
    )
    anomalies = _latest_metadata(records, "quality", "anomalies")
    assert anomalies["errors"] == 0 and anomalies["checks_run"] >= 15
    assert anomalies["dagster/row_count"] >= 0


def test_record_the_wall_time_of_the_run(run_log, artifacts_dir):
    _, records = run_log
    start = _events(records, "PIPELINE_START")[0].timestamp
    end = _events(records, "PIPELINE_SUCCESS")[0].timestamp
    steps = {}
    for r in _events(records, "STEP_SUCCESS"):
        steps[r.step_key] = round(r.dagster_event.event_specific_data.duration_ms / 1000, 2)
    timing = {"run_wall_time_s": round(end - start, 2), "step_s": dict(sorted(steps.items()))}
    (artifacts_dir / "orchestration-run-timing.json").write_text(json.dumps(timing, indent=1))
    print(f"\nnightly job in-process: {timing['run_wall_time_s']} s; steps: {timing['step_s']}")
    assert 0 < timing["run_wall_time_s"] < 600
