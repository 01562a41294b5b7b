"""Ingest: one raw-documents asset per source (crawl + snapshot), then parsing."""

import re
from pathlib import Path

import dagster as dg

from ingest.crawl import CrawlReport, CrawlState, crawl_source
from ingest.http import Fetcher, build_session
from ingest.parse_snapshots import parse_snapshots
from ingest.settings import Settings
from ingest.snapshots import SnapshotStore
from ingest.sources import Source
from orchestration.assets import ROW_COUNT
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


def build_raw_documents_asset(source: Source, retry_policy: dg.RetryPolicy = FETCH_RETRY) -> dg.AssetsDefinition:
    @dg.asset(
        key=raw_key(source),
        group_name="ingest",
        description=f"Raw snapshots of {source.name} ({source.publisher}): list pages crawled, new or changed "
        "releases fetched with conditional GET and stored immutably under raw/<source>/<date>/ with a "
        "provenance sidecar (url, fetched_at, status, sha256). Retried with backoff when the site fails.",
        retry_policy=retry_policy,
        kinds={"python", "html"},
        metadata={
            "source_id": source.id,
            "publisher": source.publisher,
            "list_path": source.list_path,
            "parser": source.parser,
            "region_code": source.region_code,
        },
        op_tags={"targetwatch/writes": "raw"},
    )
    def raw_documents(context: dg.AssetExecutionContext, targetwatch: TargetwatchResource) -> dg.MaterializeResult:
        settings = targetwatch.settings()
        fetcher = Fetcher(
            build_session(settings.user_agent, settings.site_root),
            allowed_roots=(source.root_url(settings.site_root),),
            timeout=(10.0, settings.fetch_timeout_s),
            delay_s=settings.effective_fetch_delay_s,
            max_bytes=settings.max_download_bytes,
        )
        store = SnapshotStore(settings.raw_dir)
        state = CrawlState(crawl_state_path(settings, source.id))
        report = crawl_source(source, settings.site_root, fetcher, store, state, progress=context.log.debug)
        for failure in report.failures:
            context.log.warning(f"{failure.reason}: {failure.message}")
        failure = fetch_step_failure(report, context.retry_number, retry_policy.max_retries)
        if failure:
            # a Failure is retried by the asset's RetryPolicy (allow_retries defaults to True)
            raise dg.Failure(description=failure, metadata={"site_root": redact_userinfo(settings.site_root), **report.as_metadata()})
        return dg.MaterializeResult(
            metadata={
                **report.as_metadata(),
                "documents_fetched": report.fetched,
                "requests": fetcher.requests_made,
                "attempt": context.retry_number + 1,
                "failed_urls": dg.MetadataValue.md(
                    "\n".join(f"- `{f.reason}` {f.url}" for f in report.failures) or "none"
                ),
            }
        )

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
                "`bulletins.observations`.",
                kinds={"python", "parquet"},
            ),
            dg.AssetSpec(
                DOCUMENTS_KEY,
                group_name="ingest",
                deps=[raw_key(s) for s in sources],
                description="observations/documents.parquet: one row per raw document, parsed or quarantined "
                "(quarantine/) with a machine-readable reason. dbt reads it as `bulletins.documents`.",
                kinds={"python", "parquet"},
            ),
        ],
        name="parse_documents",
        op_tags={"targetwatch/writes": "observations"},
    )
    def parse_documents(context: dg.AssetExecutionContext, targetwatch: TargetwatchResource):
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
        yield dg.MaterializeResult(
            asset_key=OBSERVATIONS_KEY,
            metadata={
                ROW_COUNT: report.observations,
                "observations": report.observations,
                "synthetic_observations": report.synthetic_observations,
                "unknown_indicators": dg.MetadataValue.md(", ".join(sorted(report.unknown_indicators)) or "none"),
                "path": dg.MetadataValue.path(str(settings.observations_file)),
            },
        )
        yield dg.MaterializeResult(
            asset_key=DOCUMENTS_KEY,
            metadata={
                ROW_COUNT: report.documents,
                **report.as_metadata(),
                "quarantined_documents": dg.MetadataValue.md(
                    "\n".join(f"- `{r}` {u}" for u, r in sorted(report.quarantined.items())) or "none"
                ),
                "path": dg.MetadataValue.path(str(settings.documents_file)),
            },
        )

    return parse_documents
