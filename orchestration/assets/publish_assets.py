"""Publish: the audited mart swapped in atomically, with exports and the HTML report."""

import time
from pathlib import Path

import dagster as dg

from expectations.publish import MART_TABLES, PublishBlocked
from orchestration.assets.quality_assets import ANOMALIES_KEY, mart_key
from orchestration.dbt_wiring import WAREHOUSE_POOL
from orchestration.faces.report import write_report
from orchestration.fingerprint import record_published_inputs
from orchestration.publishing import publish_home
from orchestration.resources import TargetwatchResource

PUBLISHED_MART_KEY = dg.AssetKey(["publish", "published_mart"])
EXPORTS_KEY = dg.AssetKey(["publish", "exports"])
REPORT_KEY = dg.AssetKey(["publish", "report"])


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            PUBLISHED_MART_KEY,
            group_name="publish",
            deps=[mart_key(t) for t in MART_TABLES] + [ANOMALIES_KEY],
            description="data/published/targetwatch.duckdb: the read-only mart analysts open. Built in a temporary "
            "file, audited again by the blocking checks, then swapped in with os.replace.",
            kinds={"duckdb"},
        ),
        dg.AssetSpec(
            EXPORTS_KEY,
            group_name="publish",
            deps=[PUBLISHED_MART_KEY],
            description="Parquet and CSV exports of every mart table (published/exports → a versioned directory).",
            kinds={"parquet", "csv"},
        ),
        dg.AssetSpec(
            REPORT_KEY,
            group_name="publish",
            deps=[PUBLISHED_MART_KEY],
            description="published/report.html: the self-contained progress report (zh/en).",
            kinds={"html"},
        ),
    ],
    name="publish_mart",
    pool=WAREHOUSE_POOL,
    op_tags={"targetwatch/writes": "published"},
)
def publish_mart(context: dg.AssetExecutionContext, targetwatch: TargetwatchResource):
    settings = targetwatch.settings()
    report_seconds: list[float] = []

    def timed_report(mart_path: Path, out_path: Path) -> None:
        started = time.perf_counter()
        write_report(mart_path, out_path)
        report_seconds.append(time.perf_counter() - started)

    try:
        publication = publish_home(settings, context.run_id, report_writer=timed_report)
    except PublishBlocked as exc:
        raise dg.Failure(description=str(exc)) from exc
    record_published_inputs(settings, publication.publication_id)
    yield dg.MaterializeResult(
        asset_key=PUBLISHED_MART_KEY,
        metadata={
            "path": dg.MetadataValue.path(str(publication.mart_path)),
            "publication_id": publication.publication_id,
            "targets": publication.targets,
            "observations": publication.observations,
            "documents_used": publication.documents_used,
            "warning_checks": publication.warning_checks,
            **{f"status_{k}": v for k, v in sorted(publication.status_counts.items())},
        },
    )
    yield dg.MaterializeResult(
        asset_key=EXPORTS_KEY, metadata={"path": dg.MetadataValue.path(str(publication.exports_dir))}
    )
    yield dg.MaterializeResult(
        asset_key=REPORT_KEY,
        metadata={
            "path": dg.MetadataValue.path(str(settings.report_path)),
            "render_seconds": round(sum(report_seconds), 3),
        },
    )
