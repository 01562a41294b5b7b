"""Ingest: one raw-documents asset per source (crawled together by one step), then parsing."""

import re
import time
from pathlib import Path

import dagster as dg

from ingest.crawl import CRAWL_THREADS, CrawlReport, crawl_sources
from ingest.http import Fetcher, build_session, redact_userinfo
from ingest.parse_snapshots import parse_snapshots
from ingest.settings import Settings
from ingest.snapshots import SnapshotStore
from ingest.sources import Source
from orchestration.assets import NOTHING_NEW, ROW_COUNT
from orchestration.fingerprint import inputs_fingerprint, unchanged_publication
from orchestration.resources import TargetwatchResource

OBSERVATIONS_KEY = dg.AssetKey(["ingest", "observations"])
DOCUMENTS_KEY = dg.AssetKey(["ingest", "documents"])

# A failing fetch step is tried again after ~30 s, ~60 s and ~120 s (each ±jitter), on top of the
# per-request retries of the HTTP session: enough to ride out a site restart or a burst of 系统繁忙.
FETCH_RETRY = dg.RetryPolicy(max_retries=3, delay=30, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS)

# Release fetches that failed for reasons a later attempt may not meet again (the HTTP session has
# already retried each of them). A 404 or a document over the size limit is not transient.
TRANSIENT_REASONS = frozenset({"timeout", "connection_error", "truncated"})
_TRANSIENT_HTTP = re.compile(r"^(gave up after retries|HTTP (429|5\d\d)\b)")


def raw_key(source: Source) -> dg.AssetKey:
    return dg.AssetKey(["ingest", "raw", source.id])


def crawl_state_path(settings: Settings, source_id: str) -> Path:
    """Validators and content hashes of every URL the crawl of a source has stored."""
    return settings.state_dir / f"crawl_state_{source_id}.json"


def transient_failures(report: CrawlReport) -> list[str]:
    """URLs of release fetches worth another attempt of the step."""
    return [
        f.url
        for f in report.failures
        if f.reason in TRANSIENT_REASONS or (f.reason == "http_error" and _TRANSIENT_HTTP.search(f.message))
    ]


def fetch_step_failure(report: CrawlReport, attempt: int, max_retries: int) -> str | None:
    """Why the fetch step must fail (and so be retried by its policy), or None.

    * no list page could be read: always a failure (nothing downstream would be up to date);
    * some releases failed transiently: a failure while retries remain, so the retry fetches them
      (conditionally: everything already stored answers 304); on the last attempt the step succeeds
      with the failures in its metadata, and the next run fetches them — one unreachable bulletin
      does not hold back the publication of all the others.
    """
    if report.list_pages == 0:
        reasons = "; ".join(f.message for f in report.failures) or "no list page"
        return f"could not read the list page of {report.source_id}: {reasons}"
    transient = transient_failures(report)
    if transient and attempt < max_retries:
        return (
            f"{len(transient)} release(s) of {report.source_id} failed transiently (attempt {attempt + 1} of "
            f"{max_retries + 1}); retrying: {', '.join(transient[:5])}"
        )
    return None


CRAWL_OP = "crawl_sources"
PROGRESS_EVERY_S = 2.0


def _raw_spec(source: Source) -> dg.AssetSpec:
    return dg.AssetSpec(
        raw_key(source),
        group_name="ingest",
        description=f"Raw snapshots of {source.name} ({source.publisher}): list pages crawled, new or changed "
        "releases fetched with conditional GET and stored immutably under raw/<source>/<date>/ with a "
        "provenance sidecar (url, fetched_at, status, sha256). Retried with backoff when the site fails.",
        kinds={"python", "html"},
        metadata={
            "source_id": source.id,
            "publisher": source.publisher,
            "list_path": source.list_path,
            "parser": source.parser,
            "region_code": source.region_code,
        },
    )


def build_raw_documents_assets(
    sources: list[Source], retry_policy: dg.RetryPolicy = FETCH_RETRY, name: str = CRAWL_OP
) -> dg.AssetsDefinition:
    """One asset per source (its lineage, page and metadata in the UI), all fetched by one step.

    The step crawls the selected sources side by side — one thread per host (one thread in all for a
    site on disk), each host asked one request at a time with the polite delay — instead of one Dagster
    step per source, whose start-up and events cost more than a source's crawl when there are hundreds.
    Materializing some raw assets crawls only those sources. A source that fails fails the step (after
    the others are materialized), and the retry policy retries it: sources already fetched answer 304."""

    @dg.multi_asset(
        specs=[_raw_spec(s) for s in sources],
        name=name,
        can_subset=True,
        retry_policy=retry_policy,
        op_tags={"targetwatch/writes": "raw"},
    )
    def raw_documents(context: dg.AssetExecutionContext, targetwatch: TargetwatchResource):
        settings = targetwatch.settings()
        # in the order of their ids (the order one step per source ran in, before sources shared a step)
        selected = sorted((s for s in sources if raw_key(s) in context.selected_asset_keys), key=lambda s: s.id)
        delay = settings.effective_fetch_delay_s

        def fetcher_for(source: Source, last_request: dict[str, float]) -> Fetcher:
            return Fetcher(
                build_session(settings.user_agent, settings.site_root),
                allowed_roots=(source.root_url(settings.site_root),),
                timeout=(10.0, settings.fetch_timeout_s),
                delay_s=delay,
                max_bytes=settings.max_download_bytes,
                _last_request=last_request,
            )

        failed: list[tuple[Source, CrawlReport, str]] = []
        last_progress = time.monotonic()
        crawled = crawl_sources(
            selected,
            settings.site_root,
            fetcher_for,
            SnapshotStore(settings.raw_dir),
            lambda source: crawl_state_path(settings, source.id),
            delay,
            # a site on disk keeps a core busy by itself: threads would only contend for the interpreter
            threads=1 if settings.is_local_site else CRAWL_THREADS,
        )
        for done, (source, report, fetcher) in enumerate(crawled, 1):
            for failure in report.failures:
                context.log.warning(f"{failure.reason}: {failure.message}")
            problem = fetch_step_failure(report, context.retry_number, retry_policy.max_retries)
            if problem:
                failed.append((source, report, problem))
            else:
                yield dg.MaterializeResult(
                    asset_key=raw_key(source),
                    metadata={
                        **report.as_metadata(),
                        "documents_fetched": report.fetched,
                        "requests": fetcher.requests_made,
                        "attempt": context.retry_number + 1,
                        "failed_urls": dg.MetadataValue.md(
                            "\n".join(f"- `{f.reason}` {f.url}" for f in report.failures) or "none"
                        ),
                    },
                )
            if len(selected) > 1 and (done == len(selected) or time.monotonic() - last_progress >= PROGRESS_EVERY_S):
                last_progress = time.monotonic()
                context.log.debug(f"crawled {done}/{len(selected)} sources")
        if failed:
            problems = [problem for _, _, problem in failed]
            more = f" (and {len(problems) - 3} more sources)" if len(problems) > 3 else ""
            metadata: dict = {"site_root": redact_userinfo(settings.site_root), "failed_sources": len(failed)}
            if len(failed) == 1:
                metadata.update(failed[0][1].as_metadata())
            # a Failure is retried by the step's RetryPolicy (allow_retries defaults to True)
            raise dg.Failure(description="; ".join(problems[:3]) + more, metadata=metadata)

    return raw_documents


def build_parse_asset(sources: list[Source]) -> dg.AssetsDefinition:
    @dg.multi_asset(
        specs=[
            dg.AssetSpec(
                OBSERVATIONS_KEY,
                group_name="ingest",
                deps=[raw_key(s) for s in sources],
                description="observations/observations.parquet: every figure of every parsed document (one row "
                "per figure, all vintages; DESIGN §3 observation contract). dbt reads it as the source "
                "`bulletins.observations`. Not materialized when a run has nothing new to publish.",
                kinds={"python", "parquet"},
                skippable=True,
            ),
            dg.AssetSpec(
                DOCUMENTS_KEY,
                group_name="ingest",
                deps=[raw_key(s) for s in sources],
                description="observations/documents.parquet: one row per raw document, parsed or quarantined "
                "(quarantine/) with a machine-readable reason. dbt reads it as `bulletins.documents`.",
                kinds={"python", "parquet"},
                skippable=True,
            ),
        ],
        name="parse_documents",
        op_tags={"targetwatch/writes": "observations"},
    )
    def parse_documents(context: dg.AssetExecutionContext, targetwatch: TargetwatchResource):
        """Parse what is new. When nothing is — the same documents, catalogs, code and day as the published
        mart was built from — nothing is materialized, so dbt, the quality gate and the publish are skipped
        and the published mart stays as it is (orchestration/fingerprint.py)."""
        settings = targetwatch.settings()
        report = parse_snapshots(
            SnapshotStore(settings.raw_dir),
            sources,
            settings.aliases_file,
            settings.observations_dir,
            settings.quarantine_dir,
            progress=context.log.debug,
        )
        for url, reason in sorted(report.quarantined.items()):
            context.log.warning(f"quarantined ({reason}): {url}")
        observations_metadata = {
            ROW_COUNT: report.observations,
            "observations": report.observations,
            "synthetic_observations": report.synthetic_observations,
            "unknown_indicators": dg.MetadataValue.md(", ".join(sorted(report.unknown_indicators)) or "none"),
            "path": dg.MetadataValue.path(str(settings.observations_file)),
        }
        documents_metadata = {
            ROW_COUNT: report.documents,
            **report.as_metadata(),
            "quarantined_documents": dg.MetadataValue.md(
                "\n".join(f"- `{r}` {u}" for u, r in sorted(report.quarantined.items())) or "none"
            ),
            "path": dg.MetadataValue.path(str(settings.documents_file)),
        }
        if report.unchanged and context.selected_asset_keys >= {OBSERVATIONS_KEY, DOCUMENTS_KEY}:
            record = context.instance.get_run_record_by_id(context.run_id)
            requested_at = record.create_timestamp.timestamp() if record else time.time()
            publication = unchanged_publication(settings, inputs_fingerprint(settings), requested_at)
            if publication is not None:
                message = (
                    f"nothing new since publication {publication}: the same documents, catalogs, code and day; "
                    "dbt, the quality gate and the publish are skipped and the published mart is unchanged"
                )
                context.log.info(message)
                context.log_event(
                    dg.AssetObservation(
                        asset_key=OBSERVATIONS_KEY,
                        metadata={**observations_metadata, NOTHING_NEW: message, "publication_id": publication},
                    )
                )
                return
        yield dg.MaterializeResult(asset_key=OBSERVATIONS_KEY, metadata=observations_metadata)
        yield dg.MaterializeResult(asset_key=DOCUMENTS_KEY, metadata=documents_metadata)

    return parse_documents
