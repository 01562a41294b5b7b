"""Sensors: new releases on the list pages trigger a run; failed runs raise an alert."""

from __future__ import annotations

import hashlib
import json

import dagster as dg

from ingest.crawl import read_list_pages
from ingest.http import Fetcher, build_session
from ingest.settings import Settings, load_settings
from ingest.sources import load_sources
from orchestration.alerts import Alert, send_alert


def release_fingerprints(settings: Settings) -> dict[str, str]:
    """Per source, a hash of the release URLs its list pages show now."""
    fingerprints: dict[str, str] = {}
    sources = load_sources(settings.sources_file)
    session = build_session(settings.user_agent, settings.site_root)
    for source in sources:
        fetcher = Fetcher(session, (source.root_url(settings.site_root),),
                          timeout=(10.0, settings.fetch_timeout_s), delay_s=settings.effective_fetch_delay_s)
        listing = read_list_pages(source, settings.site_root, fetcher)
        if listing.pages_read == 0:
            continue  # unreachable now: not a new release; the nightly run will report the failure
        fingerprints[source.id] = hashlib.sha256("\n".join(sorted(listing.release_urls)).encode()).hexdigest()
    return fingerprints


def evaluate_new_releases(previous_cursor: str | None, fingerprints: dict[str, str]) -> tuple[list[str], str]:
    """Sources whose releases changed since the cursor, and the new cursor."""
    seen = json.loads(previous_cursor) if previous_cursor else {}
    changed = sorted(s for s, fp in fingerprints.items() if seen.get(s) != fp)
    return changed, json.dumps({**seen, **fingerprints}, sort_keys=True)


def build_new_release_sensor(job: dg.UnresolvedAssetJobDefinition) -> dg.SensorDefinition:
    @dg.sensor(
        name="new_release_sensor",
        job=job,
        minimum_interval_seconds=3600,
        default_status=dg.DefaultSensorStatus.STOPPED,
        description="Polls every source's list pages hourly; requests one run when a new release is listed.",
    )
    def new_release_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
        changed, cursor = evaluate_new_releases(context.cursor, release_fingerprints(load_settings()))
        if not changed:
            return dg.SkipReason("no new release on any list page")
        run_key = hashlib.sha256(cursor.encode()).hexdigest()[:16]
        return dg.SensorResult(
            run_requests=[dg.RunRequest(run_key=run_key, tags={"targetwatch/trigger": "new-release",
                                                              "targetwatch/sources": ",".join(changed)})],
            cursor=cursor,
        )

    return new_release_sensor


@dg.run_failure_sensor(
    name="run_failure_alert",
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Writes failed runs to <home>/logs/alerts.log and posts to TARGETWATCH_WEBHOOK_URL if set.",
)
def run_failure_alert(context: dg.RunFailureSensorContext) -> None:
    settings = load_settings()
    failed_steps = sorted({e.step_key for e in context.get_step_failure_events() if e.step_key})
    alert = Alert(
        job_name=context.dagster_run.job_name,
        run_id=context.dagster_run.run_id,
        failed_steps=failed_steps,
        message=(context.failure_event.message or "run failed").splitlines()[0],
    )
    context.log.info(send_alert(alert, settings.alerts_log, settings.webhook_url))
