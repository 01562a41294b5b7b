"""Run the nightly job in-process (what `targetwatch run` and the tests call)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import dagster as dg

from ingest.settings import Settings
from orchestration.dbt_manifest import prepare_manifest
from orchestration.instance import ensure_dagster_home
from orchestration.jobs import NIGHTLY_JOB_NAME


@dataclass
class RunOutcome:
    success: bool
    run_id: str
    errors: list[str] = field(default_factory=list)
    failed_checks: list[str] = field(default_factory=list)


def _root_message(error: object) -> str:
    """The innermost cause of a step failure: what went wrong, not which wrapper reported it."""
    if error is None:
        return "failed"
    while getattr(error, "cause", None) is not None:
        error = error.cause
    message = getattr(error, "message", "failed").strip()
    return message if getattr(error, "cls_name", "") == "Failure" else message.splitlines()[0]


def run_nightly(settings: Settings, echo: Callable[[str], None] = print) -> RunOutcome:
    from orchestration.definitions import build_definitions

    echo("preparing the dbt manifest …")
    prepare_manifest(settings)
    ensure_dagster_home(settings)
    job = build_definitions().resolve_job_def(NIGHTLY_JOB_NAME)
    echo("running the nightly job (crawl → parse → dbt build → quality gate → publish) …")
    config = {"resources": {"targetwatch": {"config": {"home": str(settings.home), "site": settings.site_root}}}}
    with dg.DagsterInstance.get() as instance:
        result = job.execute_in_process(run_config=config, instance=instance, raise_on_error=False)
    errors = []
    for event in result.all_events:
        if event.is_step_failure:
            errors.append(f"{event.step_key}: {_root_message(event.step_failure_data.error)}")
    failed_checks = [
        f"{e.asset_check_evaluation_data.check_name} on {e.asset_check_evaluation_data.asset_key.to_user_string()}"
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION" and not e.asset_check_evaluation_data.passed
        and e.asset_check_evaluation_data.severity == dg.AssetCheckSeverity.ERROR
    ]
    errors += [f"blocking check failed: {c}" for c in failed_checks]
    skipped = [e.step_key for e in result.all_events if e.event_type_value == "STEP_SKIPPED"]
    if skipped:
        errors.append(f"skipped because a blocking check failed upstream: {', '.join(sorted(set(skipped)))}")
    success = result.success and not failed_checks and not skipped
    return RunOutcome(success, result.run_id, errors, failed_checks)
