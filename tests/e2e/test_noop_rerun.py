"""A rerun with nothing new (issue 9): it crawls and parses as always, then says "nothing new" and skips
dbt, the quality gate and the publish — the published mart, its exports and the report stay exactly as
they were, and the run still succeeds and is recorded."""

from __future__ import annotations

import dagster as dg
import pytest

from tests.pipeline_fixtures import run_pipeline

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pipeline")]


def _published(settings) -> dict[str, tuple[int, int]]:
    paths = [settings.published_mart_path, settings.report_path, *sorted(settings.exports_dir.glob("*"))]
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in paths}


def test_a_rerun_with_nothing_new_publishes_nothing_and_says_so(tmp_path):
    first = run_pipeline(tmp_path / "home")
    assert first.outcome.success and first.outcome.nothing_new is None, first.outcome.errors
    before = _published(first.settings)

    again = run_pipeline(tmp_path / "home")
    assert again.outcome.success, again.outcome.errors
    assert again.outcome.nothing_new and "nothing new" in "\n".join(again.log)
    assert any(line.startswith("– publish skipped (nothing new)") for line in again.log)
    assert _published(again.settings) == before  # not rewritten, not even with the same content

    with dg.DagsterInstance.from_config(str(again.settings.dagster_home)) as instance:
        run = instance.get_run_by_id(again.outcome.run_id)
        steps = {
            r.step_key: r.dagster_event.event_type_value
            for r in instance.all_logs(run.run_id)
            if r.dagster_event is not None
            and r.dagster_event.is_step_event
            and r.dagster_event.event_type_value in ("STEP_SUCCESS", "STEP_SKIPPED")
        }
    assert run.status == dg.DagsterRunStatus.SUCCESS
    assert steps["crawl_sources"] == steps["parse_documents"] == "STEP_SUCCESS"
    assert {steps[s] for s in ("warehouse_models", "quality_gate", "publish_mart")} == {"STEP_SKIPPED"}
