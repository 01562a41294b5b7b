"""Child processes for the concurrency tests: two real runs at once.

Dagster's in-process execution is not thread-safe (two runs in one process can deadlock on the logging
lock), and two processes are what production has anyway (the daemon's run worker and a terminal).
Each child imports only what it needs, waits at a barrier so both start together, runs a one-asset
job and writes what happened to a JSON file.
"""

import json
import time
from pathlib import Path

import dagster as dg

from orchestration.resources import TargetwatchResource


def _job(kind: str, pool: str | None, hold_s: float, spans: list[tuple[float, float]], targetwatch_home: str):
    if kind == "pool":

        @dg.asset(name="writes_the_warehouse", pool=pool)
        def step() -> None:
            start = time.time()
            time.sleep(hold_s)
            spans.append((start, time.time()))

    else:

        @dg.asset(name="uses_the_data_directory")
        def step(targetwatch: TargetwatchResource) -> None:
            start = time.time()
            time.sleep(hold_s)
            spans.append((start, time.time()))

    resources = {"targetwatch": TargetwatchResource(home=targetwatch_home)} if kind != "pool" else {}
    return dg.Definitions(assets=[step], resources=resources).resolve_implicit_global_asset_job_def()


def run_one(
    kind: str, barrier, out: str, dagster_home: str | None, targetwatch_home: str, pool: str | None, hold_s: float
) -> None:
    spans: list[tuple[float, float]] = []
    job = _job(kind, pool, hold_s, spans, targetwatch_home)
    instance = dg.DagsterInstance.from_config(dagster_home) if dagster_home else dg.DagsterInstance.ephemeral()
    with instance:
        barrier.wait(timeout=60)
        start = time.time()
        result = job.execute_in_process(instance=instance, raise_on_error=False)
        messages = [e.message or "" for e in result.all_events]
        messages += [r.user_message for r in instance.all_logs(result.run_id)]
    Path(out).write_text(
        json.dumps(
            {"success": result.success, "spans": spans, "messages": messages, "started": start, "finished": time.time()}
        )
    )
