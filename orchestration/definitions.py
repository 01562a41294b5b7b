"""The Dagster code location: ``dagster dev -m orchestration.definitions``.

Definitions are built when Dagster asks for them (not at import), from the sources file and the
prepared dbt manifest (``make manifest``).
"""

from __future__ import annotations

import dagster as dg

from ingest.settings import load_settings
from ingest.sources import load_sources
from orchestration.assets.ingest_assets import build_parse_asset, build_raw_documents_assets
from orchestration.assets.publish_assets import publish_mart
from orchestration.assets.quality_assets import anomalies, quality_gate
from orchestration.dbt_wiring import TargetwatchDbtCliResource, build_dbt_assets, dbt_executable, dbt_project
from orchestration.jobs import nightly_job, nightly_schedule
from orchestration.resources import TargetwatchResource
from orchestration.sensors import build_new_release_sensor, run_failure_alert


def build_definitions() -> dg.Definitions:
    settings = load_settings()
    sources = load_sources(settings.sources_file)
    project = dbt_project()
    job = nightly_job()
    return dg.Definitions(
        assets=[
            build_raw_documents_assets(sources),
            build_parse_asset(sources),
            build_dbt_assets(project),
            anomalies,
            publish_mart,
        ],
        asset_checks=[quality_gate],
        jobs=[job],
        schedules=[nightly_schedule(job, settings.timezone)],
        sensors=[build_new_release_sensor(job), run_failure_alert],
        # Every run (the nightly, a UI materialization, a rerun) executes its steps in one process, one
        # at a time: the run lock is taken once, before any step claims a pool slot, so two runs can
        # neither interleave steps nor deadlock on lock versus slot.
        executor=dg.in_process_executor,
        resources={
            "targetwatch": TargetwatchResource(),
            "dbt": TargetwatchDbtCliResource(
                project_dir=project, profiles_dir=str(project.profiles_dir), dbt_executable=dbt_executable()
            ),
        },
    )


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions()
