"""Child processes for the concurrency tests: two real runs at once.

Dagster's in-process execution is not thread-safe (two runs in one process can deadlock on the logging
lock), and two processes are what production has anyway (the daemon's run worker and a terminal).
Each child waits at a barrier so both start together and runs a one-asset job on a shared instance.
Whichever run gets in first holds on until the other one is seen waiting (a pending claim on the
pool, or the run lock's "waiting for" message), so the test does not depend on timing under load.
"""

import json
import time
from pathlib import Path

import dagster as dg

from orchestration.resources import TargetwatchResource

CONTENTION_TIMEOUT_S = 30.0


def _other_is_waiting(context: dg.AssetExecutionContext, kind: str, pool: str | None) -> bool:
    instance = context.instance
    if kind == "pool":
        # another run's step registered on the pool (assigned or not: two claims racing for the first
        # slot can both be assigned, and the loser then waits assigned but without a slot)
        info = instance.event_log_storage.get_concurrency_info(pool)
        return any(step.run_id != context.run_id for step in info.pending_steps)
    for run in instance.get_runs():
        if run.run_id != context.run_id and any(
            (r.user_message or "").startswith("waiting for pid ") for r in instance.all_logs(run.run_id)
        ):
            return True
    return False


def _hold(context: dg.AssetExecutionContext, kind: str, pool: str | None, other_done: Path, seen: list[bool]) -> None:
    deadline = time.monotonic() + CONTENTION_TIMEOUT_S
    while time.monotonic() < deadline and not other_done.exists():
        if _other_is_waiting(context, kind, pool):
            seen.append(True)
            time.sleep(0.2)
            return
        time.sleep(0.1)


def _job(kind: str, pool: str | None, targetwatch_home: str, record: dict, other_done: Path):
    def body(context: dg.AssetExecutionContext) -> None:
        start = time.time()
        _hold(context, kind, pool, other_done, record["saw_other_waiting"])
        record["spans"].append((start, time.time()))

    if kind == "pool":

        @dg.asset(name="writes_the_warehouse", pool=pool)
        def step(context: dg.AssetExecutionContext) -> None:
            body(context)

    else:

        @dg.asset(name="uses_the_data_directory")
        def step(context: dg.AssetExecutionContext, targetwatch: TargetwatchResource) -> None:
            body(context)

    resources = {"targetwatch": TargetwatchResource(home=targetwatch_home)} if kind != "pool" else {}
    return dg.Definitions(assets=[step], resources=resources).resolve_implicit_global_asset_job_def()


def run_one(
    kind: str, barrier, out: str, other_out: str, dagster_home: str, targetwatch_home: str, pool: str | None
) -> None:
    record: dict = {"spans": [], "saw_other_waiting": []}
    other_done = Path(other_out + ".done")
    job = _job(kind, pool, targetwatch_home, record, other_done)
    with dg.DagsterInstance.from_config(dagster_home) as instance:
        barrier.wait(timeout=120)
        result = job.execute_in_process(instance=instance, raise_on_error=False)
        Path(out + ".done").touch()
        messages = [r.user_message for r in instance.all_logs(result.run_id)]  # events and log lines
    record.update(success=result.success, messages=messages, saw_other_waiting=bool(record["saw_other_waiting"]))
    Path(out).write_text(json.dumps(record))
