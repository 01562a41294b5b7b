"""DAGSTER_HOME lives under the data directory, keeps its run history, and keeps our instance config."""

from __future__ import annotations

import os

import dagster as dg
from dagster._core.test_utils import create_run_for_test

from ingest.settings import load_settings
from orchestration.instance import MANAGED_MARKER, ensure_dagster_home, instance_config


def test_dagster_home_is_under_the_data_directory_with_our_config(clean_env, tmp_path):
    clean_env.setenv("DAGSTER_HOME", "/nonexistent")  # restored after the test
    settings = load_settings({"TARGETWATCH_HOME": str(tmp_path / "data")})
    home = ensure_dagster_home(settings)
    assert home == tmp_path / "data" / "dagster_home"
    assert os.environ["DAGSTER_HOME"] == str(home)
    assert (home / "dagster.yaml").read_text() == instance_config(home)


def test_run_history_survives_a_restart(clean_env, tmp_path):
    clean_env.setenv("DAGSTER_HOME", "/nonexistent")
    home = ensure_dagster_home(load_settings({"TARGETWATCH_HOME": str(tmp_path / "data")}))
    with dg.DagsterInstance.from_config(str(home)) as instance:
        run_id = create_run_for_test(instance, job_name="nightly").run_id
    with dg.DagsterInstance.from_config(str(home)) as reopened:  # a new process would do the same
        assert reopened.get_run_by_id(run_id).job_name == "nightly"
    assert (home / "history" / "runs.db").exists()


def test_an_outdated_managed_config_is_refreshed_and_a_customised_one_kept(clean_env, tmp_path):
    clean_env.setenv("DAGSTER_HOME", "/nonexistent")
    settings = load_settings({"TARGETWATCH_HOME": str(tmp_path / "data")})
    config = settings.dagster_home / "dagster.yaml"
    config.parent.mkdir(parents=True)
    config.write_text(f"{MANAGED_MARKER} an older template\ntelemetry:\n  enabled: false\n")
    ensure_dagster_home(settings)
    assert config.read_text() == instance_config(settings.dagster_home)

    customised = "storage:\n  postgres:\n    postgres_url: postgresql://db/dagster\n"
    config.write_text(customised)
    ensure_dagster_home(settings)
    assert config.read_text() == customised
