"""The instance's event log (orchestration/event_log_storage.py): Dagster's SQLite files, its
connections kept open for the most recently used databases only."""

from __future__ import annotations

import dagster as dg
from dagster._core.storage.event_log import SqliteEventLogStorage
from dagster._core.test_utils import create_run_for_test

from ingest.settings import load_settings
from orchestration import event_log_storage
from orchestration.event_log_storage import MAX_OPEN_DATABASES, PooledSqliteEventLogStorage
from orchestration.instance import ensure_dagster_home


@dg.asset
def figure() -> int:
    return 1


@dg.asset_check(asset=figure)
def figure_is_positive() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


def _run_once(instance: dg.DagsterInstance) -> str:
    result = dg.materialize([figure, figure_is_positive], instance=instance)
    assert result.success
    return result.run_id


def test_the_instance_uses_it_and_writes_dagsters_own_files(clean_env, tmp_path):
    clean_env.setenv("DAGSTER_HOME", "/nonexistent")  # the path comes from the data directory, not this
    home = ensure_dagster_home(load_settings({"TARGETWATCH_HOME": str(tmp_path / "data")}))
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert isinstance(instance.event_log_storage, PooledSqliteEventLogStorage)
        run_id = _run_once(instance)
        stored = [e.dagster_event_type for e in instance.all_logs(run_id) if e.is_dagster_event]
    assert (home / "history" / "runs" / f"{run_id}.db").exists()
    # Dagster's own storage, on the same directory, reads back the very same events
    plain = SqliteEventLogStorage(str(home / "history" / "runs"))
    try:
        assert [e.dagster_event_type for e in plain.get_logs_for_run(run_id) if e.is_dagster_event] == stored
        assert dg.DagsterEventType.ASSET_MATERIALIZATION_PLANNED in stored
        assert dg.DagsterEventType.ASSET_MATERIALIZATION in stored
        assert dg.DagsterEventType.ASSET_CHECK_EVALUATION in stored
    finally:
        plain.dispose()


def test_only_the_most_recently_used_databases_stay_open(tmp_path):
    storage = PooledSqliteEventLogStorage(str(tmp_path / "runs"))
    try:
        with dg.instance_for_test() as instance:
            run_ids = [create_run_for_test(instance, job_name="nightly").run_id for _ in range(MAX_OPEN_DATABASES + 3)]
        for run_id in run_ids:
            assert storage.get_logs_for_run(run_id) == []
        assert len(storage._engines) == MAX_OPEN_DATABASES
        assert list(storage._engines)[-1] == run_ids[-1]
        assert run_ids[0] not in storage._engines
    finally:
        storage.dispose()
    assert storage._engines == {}


def test_a_forked_child_opens_its_own_connections(tmp_path, monkeypatch):
    storage = PooledSqliteEventLogStorage(str(tmp_path / "runs"))
    try:
        storage.get_logs_for_run("a-run")
        parents = dict(storage._engines)
        monkeypatch.setattr(event_log_storage.os, "getpid", lambda: -1)  # as in a child after fork()
        storage.get_logs_for_run("a-run")
        assert storage._engines["a-run"] is not parents["a-run"]
    finally:
        storage.dispose()


def test_wiping_closes_the_connections_and_deletes_the_run_databases(tmp_path):
    storage = PooledSqliteEventLogStorage(str(tmp_path / "runs"))
    storage.get_logs_for_run("a-run")
    assert (tmp_path / "runs" / "a-run.db").exists()
    storage.wipe()
    assert "a-run" not in storage._engines
    assert not (tmp_path / "runs" / "a-run.db").exists()
    storage.dispose()
