"""Run the nightly job in-process (what `targetwatch run` and the tests call).

What the run shows: a concise account per step (orchestration.faces.progress) instead of Dagster's debug
log and dbt's node-by-node output. Everything is still kept: the full log (Dagster's events at DEBUG and
dbt's output) goes to ``<home>/logs/run-<run_id>.log``, and ``verbose=True`` prints it as it happens.
"""

from __future__ import annotations

import contextlib
import io
import logging
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import dagster as dg

from ingest.settings import Settings, load_settings
from orchestration.assets import NOTHING_NEW
from orchestration.dbt_manifest import prepare_manifest
from orchestration.faces.progress import RunProgress
from orchestration.instance import ensure_dagster_home
from orchestration.jobs import NIGHTLY_JOB_NAME

RUN_LOGS_KEPT = 30
LOG_FORMAT = "%(asctime)s %(levelname)s %(message)s"


@dataclass
class RunOutcome:
    success: bool
    run_id: str
    errors: list[str] = field(default_factory=list)
    failed_checks: list[str] = field(default_factory=list)
    log_path: Path | None = None
    nothing_new: str | None = None  # why nothing was built or published (the published mart is unchanged)


def _root_message(error: object) -> str:
    """The innermost cause of a step failure: what went wrong, not which wrapper reported it."""
    if error is None:
        return "failed"
    while getattr(error, "cause", None) is not None:
        error = error.cause
    message = getattr(error, "message", "failed").strip()
    return message if getattr(error, "cls_name", "") == "Failure" else message.splitlines()[0]


def _nothing_new(event: dg.DagsterEvent) -> str | None:
    """The parse step's word that the run has nothing new to publish, if this event is it."""
    if event.event_type_value != "ASSET_OBSERVATION":
        return None
    value = event.asset_observation_data.asset_observation.metadata.get(NOTHING_NEW)
    return None if value is None else str(getattr(value, "value", value))


class _ProgressHandler(logging.Handler):
    """Turns Dagster's log records (structured events and the steps' own messages) into RunProgress calls."""

    def __init__(self, progress: RunProgress):
        super().__init__(logging.DEBUG)
        self.progress = progress

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        step = meta.get("step_key")
        p = self.progress
        if event is None:
            message = str(meta.get("orig_message") or record.getMessage())
            if record.levelno >= logging.WARNING:
                p.warning(step, message)
            elif step:
                p.counter(step, message)
            elif meta.get("resource_name") == "targetwatch" and record.levelno >= logging.INFO:
                p.note(message)  # e.g. "waiting for pid 123 … to finish (lock …)"
            return
        kind = event.event_type_value
        if kind == "STEP_START":
            p.step_started(event.step_key)
        elif kind == "STEP_SUCCESS":
            p.step_finished(event.step_key)
        elif kind == "STEP_FAILURE":
            p.step_failed(event.step_key, _root_message(event.step_failure_data.error))
        elif kind == "STEP_SKIPPED":
            p.step_skipped(event.step_key)
        elif kind == "ASSET_MATERIALIZATION":
            materialization = event.step_materialization_data.materialization
            metadata = {k: getattr(v, "value", v) for k, v in materialization.metadata.items()}
            p.materialized(event.step_key, materialization.asset_key.to_user_string(), metadata)
        elif kind == "ASSET_OBSERVATION":
            message = _nothing_new(event)
            if message:
                p.nothing_new(message)
        elif kind == "ASSET_CHECK_EVALUATION":
            data = event.asset_check_evaluation_data
            p.check_evaluated(event.step_key, data.check_name, data.passed, data.severity.value)


class _DbtOutput(io.TextIOBase):
    """Stands in for sys.stdout during the run: dagster-dbt prints dbt's log there line by line."""

    def __init__(self, progress: RunProgress, log: TextIO, passthrough: TextIO | None):
        self.progress, self.log, self.passthrough = progress, log, passthrough
        self._pending = ""

    @property
    def encoding(self) -> str:
        return "utf-8"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.log.write(text)
        if self.passthrough is not None:
            self.passthrough.write(text)
        self._pending += text
        *lines, self._pending = self._pending.split("\n")
        for line in lines:
            self.progress.dbt_line(line)
        return len(text)

    def flush(self) -> None:
        self.log.flush()
        if self.passthrough is not None:
            self.passthrough.flush()


def _logger_def(handler: logging.Handler, name: str) -> dg.LoggerDefinition:
    @dg.logger(description=f"targetwatch: {name}")
    def init_logger(_init_context: dg.InitLoggerContext) -> logging.Logger:
        log = logging.Logger(f"targetwatch.{name}", logging.DEBUG)  # not registered globally: one per run
        log.propagate = False
        log.addHandler(handler)
        return log

    return init_logger


# Dagster's execution plan logs, through Python's root logger (so onto stderr), that a skipped step's
# blocking checks "emitted no result" and downstream steps "will proceed without gating" — read in a run
# with nothing new, where every step after parsing is skipped, as if something were amiss.
DAGSTER_PLAN_LOGGER = "dagster._core.execution.plan.active"


@contextlib.contextmanager
def _into_run_log(name: str, handler: logging.Handler, verbose: bool) -> Iterator[None]:
    """During the run, ``name``'s records go to the run's log file (and, when verbose, on as before)."""
    log = logging.getLogger(name)
    propagate = log.propagate
    log.addHandler(handler)
    log.propagate = verbose
    try:
        yield
    finally:
        log.removeHandler(handler)
        log.propagate = propagate


def _prune_run_logs(logs_dir: Path, keep: int = RUN_LOGS_KEPT) -> None:
    logs = sorted(logs_dir.glob("run-*.log"), key=lambda p: p.stat().st_mtime)
    for old in logs[:-keep]:
        old.unlink(missing_ok=True)


@contextlib.contextmanager
def _run_log(path: Path) -> Iterator[tuple[TextIO, logging.Handler]]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as stream:
        handler = logging.StreamHandler(stream)
        handler.setLevel(logging.DEBUG)
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        try:
            yield stream, handler
        finally:
            handler.flush()


def _overrides(settings: Settings) -> dict[str, object]:
    """What differs from the environment's settings, as the resource's config. Only that goes into the
    run config, which Dagster keeps in its run history (so credentials in TARGETWATCH_SITE never do)."""
    env = load_settings()
    pairs = {
        "home": (settings.home, env.home, str),
        "site": (settings.site_root, env.site_root, str),
        "today": (settings.today, env.today, lambda d: d.isoformat()),
        "sources": (settings.sources_file, env.sources_file, str),
        "fetch_delay_s": (settings.fetch_delay_s, env.fetch_delay_s, float),
    }
    return {
        key: as_config(mine) for key, (mine, theirs, as_config) in pairs.items() if mine != theirs and mine is not None
    }


def run_nightly(
    settings: Settings,
    echo: Callable[[str], None] | None = None,
    *,
    progress: RunProgress | None = None,
    verbose: bool = False,
) -> RunOutcome:
    """Run the nightly job once in this process; say what happens through ``echo`` (default: stdout).

    ``progress`` renders the run (default: plain lines through ``echo``). ``verbose`` also prints Dagster's
    full DEBUG log (stderr) and dbt's output (stdout), as the job did before the concise view existed.
    """
    from orchestration.definitions import build_definitions

    stdout = sys.stdout
    if echo is None:

        def echo(line: str) -> None:
            print(line, file=stdout, flush=True)

    progress = progress or RunProgress(echo)
    echo("preparing the dbt manifest …")
    prepare_manifest(settings)
    ensure_dagster_home(settings)
    run_id = str(uuid.uuid4())
    log_path = settings.logs_dir / f"run-{run_id}.log"
    echo("running the nightly job (crawl → parse → dbt build → quality gate → publish) …")
    with _run_log(log_path) as (log_stream, file_handler):
        loggers: dict[str, dg.LoggerDefinition] = {
            "targetwatch_progress": _logger_def(_ProgressHandler(progress), "progress"),
            "targetwatch_file": _logger_def(file_handler, "file"),
        }
        logger_config: dict[str, dict] = {"targetwatch_progress": {}, "targetwatch_file": {}}
        if verbose:
            loggers["console"] = dg.colored_console_logger
            logger_config["console"] = {"config": {"log_level": "DEBUG"}}
        job = build_definitions().resolve_job_def(NIGHTLY_JOB_NAME).with_logger_defs(loggers)
        config = {"resources": {"targetwatch": {"config": _overrides(settings)}}, "loggers": logger_config}
        dbt_output = _DbtOutput(progress, log_stream, stdout if verbose else None)
        try:
            with (
                dg.DagsterInstance.get() as instance,
                contextlib.redirect_stdout(dbt_output),
                _into_run_log(DAGSTER_PLAN_LOGGER, file_handler, verbose),
            ):
                result = job.execute_in_process(
                    run_config=config, instance=instance, raise_on_error=False, run_id=run_id
                )
        finally:
            progress.close()
    _prune_run_logs(settings.logs_dir)
    errors = []
    for event in result.all_events:
        if event.is_step_failure:
            errors.append(f"{event.step_key}: {_root_message(event.step_failure_data.error)}")
    failed_checks = [
        f"{e.asset_check_evaluation_data.check_name} on {e.asset_check_evaluation_data.asset_key.to_user_string()}"
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
        and not e.asset_check_evaluation_data.passed
        and e.asset_check_evaluation_data.severity == dg.AssetCheckSeverity.ERROR
    ]
    errors += [f"blocking check failed: {c}" for c in failed_checks]
    nothing_new = next((m for m in map(_nothing_new, result.all_events) if m), None)
    skipped = [e.step_key for e in result.all_events if e.event_type_value == "STEP_SKIPPED"]
    if skipped and nothing_new is None:
        errors.append(f"skipped because a blocking check failed upstream: {', '.join(sorted(set(skipped)))}")
    success = result.success and not failed_checks and (not skipped or nothing_new is not None)
    return RunOutcome(success, result.run_id, errors, failed_checks, log_path, nothing_new)
