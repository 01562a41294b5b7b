"""Ingest assets: one raw-documents asset per source (crawl + snapshot), then parsing."""

import dagster as dg

from ingest.crawl import CrawlState, crawl_source
from ingest.http import Fetcher, build_session
from ingest.parse_snapshots import parse_snapshots
from ingest.snapshots import SnapshotStore
from ingest.sources import Source
from orchestration.resources import TargetwatchResource

OBSERVATIONS_KEY = dg.AssetKey(["ingest", "observations"])
DOCUMENTS_KEY = dg.AssetKey(["ingest", "documents"])

FETCH_RETRY = dg.RetryPolicy(max_retries=3, delay=30, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS)


def raw_key(source: Source) -> dg.AssetKey:
    return dg.AssetKey(["ingest", "raw", source.id])


def build_raw_documents_asset(source: Source) -> dg.AssetsDefinition:
    @dg.asset(
        key=raw_key(source),
        group_name="ingest",
        description=f"Raw snapshots of {source.name} ({source.publisher}): list pages crawled, new or changed "
        "releases fetched with conditional GET and stored immutably with a provenance sidecar.",
        retry_policy=FETCH_RETRY,
        kinds={"python", "html"},
        metadata={"source_id": source.id, "list_path": source.list_path, "region_code": source.region_code},
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
        state = CrawlState(settings.state_dir / f"crawl_state_{source.id}.json")
        report = crawl_source(source, settings.site_root, fetcher, store, state, progress=context.log.debug)
        for failure in report.failures:
            context.log.warning(f"{failure.reason}: {failure.message}")
        if report.list_pages == 0:
            reasons = "; ".join(f.message for f in report.failures) or "no list page"
            raise dg.Failure(
                description=f"could not read the list page of {source.id}: {reasons}",
                metadata={"site_root": settings.site_root},
            )
        return dg.MaterializeResult(
            metadata={
                **report.as_metadata(),
                "requests": fetcher.requests_made,
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
                description="Every figure of every parsed document (Parquet, one row per figure, all vintages).",
                kinds={"python", "parquet"},
            ),
            dg.AssetSpec(
                DOCUMENTS_KEY,
                group_name="ingest",
                deps=[raw_key(s) for s in sources],
                description="One row per raw document: parsed, or quarantined with a machine-readable reason.",
                kinds={"python", "parquet"},
            ),
        ],
        name="parse_documents",
        op_tags={"targetwatch/writes": "observations"},
    )
    def parse_documents(context: dg.AssetExecutionContext, targetwatch: TargetwatchResource):  # noqa: ANN201
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
                "observations": report.observations,
                "synthetic_observations": report.synthetic_observations,
                "unknown_indicators": dg.MetadataValue.md(
                    ", ".join(sorted(report.unknown_indicators)) or "none"
                ),
                "path": dg.MetadataValue.path(str(settings.observations_file)),
            },
        )
        yield dg.MaterializeResult(
            asset_key=DOCUMENTS_KEY,
            metadata={
                **report.as_metadata(),
                "quarantined_documents": dg.MetadataValue.md(
                    "\n".join(f"- `{r}` {u}" for u, r in sorted(report.quarantined.items())) or "none"
                ),
            },
        )

    return parse_documents
