"""The nightly job and its schedule (02:00 in the configured timezone, Asia/Shanghai by default)."""

from __future__ import annotations

import dagster as dg

NIGHTLY_JOB_NAME = "nightly"
# Runs carrying this tag are limited to one at a time by the run queue (dagster.yaml), so a UI rerun
# requested during the nightly waits in the queue instead of competing for the warehouse.
WRITES_WAREHOUSE_TAG = {"targetwatch/writes-warehouse": "true"}


def nightly_job() -> dg.UnresolvedAssetJobDefinition:
    return dg.define_asset_job(
        NIGHTLY_JOB_NAME,
        selection=dg.AssetSelection.all(),
        description="Crawl every source, parse, build the warehouse with dbt, run the quality gate and publish.",
        tags=WRITES_WAREHOUSE_TAG,
        # one process for the whole run: no re-import per step, resources (and the run lock) set up once
        executor_def=dg.in_process_executor,
    )


def nightly_schedule(job: dg.UnresolvedAssetJobDefinition, timezone: str) -> dg.ScheduleDefinition:
    return dg.ScheduleDefinition(
        name="nightly_0200",
        job=job,
        cron_schedule="0 2 * * *",
        execution_timezone=timezone,
        description=f"Every night at 02:00 {timezone}.",
        default_status=dg.DefaultScheduleStatus.RUNNING,
    )
