"""Sensors: new releases on the list pages trigger a run; failed runs raise an alert.

``new_release_sensor`` reads the first list page of every source (releases are listed newest
first) and compares the release URLs with what it saw on its previous tick (its cursor) and with
what the pipeline has already fetched (the crawl state under ``<home>/state/``). Unseen URLs
request one run whose ``run_key`` is derived from exactly those URLs, so the same release set never
starts two runs — not on the next tick, and not if a cursor update were lost. A source whose list
page cannot be read is reported in the skip reason and keeps its previous cursor entry.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field

import dagster as dg

from ingest.crawl import CrawlState, read_list_pages
from ingest.http import Fetcher, build_session
from ingest.settings import Settings, load_settings
from ingest.sources import load_sources
from orchestration.alerts import Alert, send_alert
from orchestration.assets.ingest_assets import crawl_state_path

NEW_RELEASE_SENSOR = "new_release_sensor"
RUN_FAILURE_SENSOR = "run_failure_alert"
SENSOR_LIST_PAGES = 1  # new releases appear on the first list page
SENSOR_TIMEOUT_S = (5.0, 15.0)  # connect, read: a tick must finish well inside Dagster's 60 s budget
CURSOR_VERSION = 1


@dataclass
class ListingCheck:
    """What the first list page of each source shows now."""

    listed: dict[str, list[str]] = field(default_factory=dict)  # source id → release URLs, as listed
    unreachable: dict[str, str] = field(default_factory=dict)  # source id → why


def check_list_pages(settings: Settings) -> ListingCheck:
    """Read (never store) the first list page of every source; a source that fails is unreachable."""
    check = ListingCheck()
    # one retry, no long backoff: an unreachable site is simply tried again on the next tick
    session = build_session(settings.user_agent, settings.site_root, retries=1, backoff=0.2)
    for source in load_sources(settings.sources_file):
        fetcher = Fetcher(
            session,
            (source.root_url(settings.site_root),),
            timeout=(SENSOR_TIMEOUT_S[0], min(SENSOR_TIMEOUT_S[1], settings.fetch_timeout_s)),
            delay_s=settings.effective_fetch_delay_s,
            max_bytes=settings.max_download_bytes,
        )
        listing = read_list_pages(dataclasses.replace(source, max_pages=SENSOR_LIST_PAGES), settings.site_root, fetcher)
        if listing.pages_read == 0:
            check.unreachable[source.id] = "; ".join(f"{f.reason}" for f in listing.failures) or "no list page"
        else:
            check.listed[source.id] = listing.release_urls
    return check


def fetched_urls(settings: Settings, source_ids: list[str]) -> dict[str, set[str]]:
    """URLs the pipeline has already stored, per source (from its crawl state)."""
    known: dict[str, set[str]] = {}
    for source_id in source_ids:
        path = crawl_state_path(settings, source_id)
        try:
            known[source_id] = set(CrawlState(path).entries)
        except (OSError, ValueError):  # unreadable state: every listed release counts as new
            known[source_id] = set()
    return known


def decode_cursor(cursor: str | None) -> dict[str, list[str]]:
    """The release URLs each source listed on the last tick that could read it."""
    if not cursor:
        return {}
    try:
        data = json.loads(cursor)
    except ValueError:
        return {}
    listed = data.get("listed", {}) if isinstance(data, dict) and data.get("v") == CURSOR_VERSION else {}
    return {k: [u for u in v if isinstance(u, str)] for k, v in listed.items() if isinstance(v, list)}


def encode_cursor(listed: dict[str, list[str]]) -> str:
    return json.dumps(
        {"v": CURSOR_VERSION, "listed": {k: sorted(v) for k, v in listed.items()}}, sort_keys=True, ensure_ascii=False
    )


def evaluate_new_releases(
    previous_cursor: str | None, listed: dict[str, list[str]], fetched: dict[str, set[str]]
) -> tuple[dict[str, list[str]], str]:
    """Per source, the listed release URLs neither seen on an earlier tick nor fetched already; and
    the new cursor (sources not read now keep their previous entry)."""
    seen = decode_cursor(previous_cursor)
    new: dict[str, list[str]] = {}
    for source_id, urls in sorted(listed.items()):
        already = set(seen.get(source_id, ())) | fetched.get(source_id, set())
        fresh = [u for u in urls if u not in already]
        if fresh:
            new[source_id] = fresh
    return new, encode_cursor({**seen, **listed})


def release_run_key(new: dict[str, list[str]]) -> str:
    """The same set of new releases always gives the same key (Dagster starts one run per key)."""
    urls = sorted(u for urls in new.values() for u in urls)
    return "new-release-" + hashlib.sha256("\n".join(urls).encode()).hexdigest()[:16]


def new_release_tick(settings: Settings, cursor: str | None) -> dg.SensorResult:
    """One evaluation of the sensor (pure apart from reading the list pages and the crawl state)."""
    check = check_list_pages(settings)
    new, next_cursor = evaluate_new_releases(cursor, check.listed, fetched_urls(settings, sorted(check.listed)))
    unreachable = "; ".join(f"{s} unreachable ({why})" for s, why in sorted(check.unreachable.items()))
    if not new:
        reason = "no new release on any list page"
        return dg.SensorResult(skip_reason=f"{reason}; {unreachable}" if unreachable else reason, cursor=next_cursor)
    count = sum(len(urls) for urls in new.values())
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(
                run_key=release_run_key(new),
                tags={
                    "targetwatch/trigger": "new-release",
                    "targetwatch/sources": ",".join(sorted(new)),
                    "targetwatch/new-releases": str(count),
                },
            )
        ],
        cursor=next_cursor,
    )


def build_new_release_sensor(job: dg.UnresolvedAssetJobDefinition) -> dg.SensorDefinition:
    @dg.sensor(
        name=NEW_RELEASE_SENSOR,
        job=job,
        minimum_interval_seconds=3600,
        default_status=dg.DefaultSensorStatus.STOPPED,
        description="Hourly, reads the first list page of every source; when a release is listed that neither an "
        "earlier tick nor the pipeline's crawl state knows, requests one run of the nightly job (run key = those "
        "releases, so never twice for the same set). An unreachable site skips the tick and keeps the cursor.",
    )
    def new_release_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult:
        result = new_release_tick(load_settings(), context.cursor)
        if result.skip_reason and "unreachable" in result.skip_reason.skip_message:
            context.log.warning(result.skip_reason.skip_message)
        return result

    return new_release_sensor


def _first_line(text: str | None) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[0] if lines else ""


def _root_error_line(error: object) -> str:
    """The innermost cause of a step's error: what went wrong, not the wrapper that reported it."""
    while getattr(error, "cause", None) is not None:
        error = error.cause
    return _first_line(getattr(error, "message", None)) or "failed"


def alert_from_failure(context: dg.RunFailureSensorContext, settings: Settings) -> Alert:
    steps = []
    details = []
    for event in context.get_step_failure_events():
        if not event.step_key:
            continue
        steps.append(event.step_key)
        error = event.step_failure_data.error if event.step_failure_data else None
        details.append(f"{event.step_key}: {_root_error_line(error)}")
    run_id = context.dagster_run.run_id
    return Alert(
        job_name=context.dagster_run.job_name,
        run_id=run_id,
        failed_steps=sorted(set(steps)),
        message=_first_line(context.failure_event.message) or "run failed",
        run_url=f"http://{settings.ui_host}:{settings.ui_port}/runs/{run_id}",
        details=details,
    )


@dg.run_failure_sensor(
    name=RUN_FAILURE_SENSOR,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="For every failed run of this code location: one line in <home>/logs/alerts.log (job, run, failed "
    "steps, first error line, link) and, if TARGETWATCH_WEBHOOK_URL is set, a JSON POST to it. The URL is "
    "never logged.",
)
def run_failure_alert(context: dg.RunFailureSensorContext) -> None:
    settings = load_settings()
    outcome = send_alert(alert_from_failure(context, settings), settings.alerts_log, settings.webhook_url)
    context.log.info(outcome)
