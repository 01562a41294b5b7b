"""Publish a data directory: :func:`expectations.publish.publish` with everything it needs read from
``Settings`` and the data directory (the quality gate's anomalies and summary, dbt's manifest).

Plain Python, no Dagster: the publish step calls it, and so do the tests that publish a data directory
by hand, so both make exactly the same call."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq

from expectations.publish import Publication, publish
from expectations.runner import load_summary
from ingest.settings import Settings
from orchestration.dbt_manifest import manifest_path
from orchestration.faces.report import write_report


def publish_home(
    settings: Settings,
    run_id: str | None,
    report_writer: Callable[[Path, Path], None] = write_report,
) -> Publication:
    """Audit and swap in the mart built from ``settings.warehouse_path``; raises ``PublishBlocked``."""
    return publish(
        warehouse_path=settings.warehouse_path,
        published_dir=settings.published_dir,
        mart_name=settings.published_mart_path.name,
        anomalies=pq.read_table(settings.quality_dir / "anomalies.parquet"),
        check_summary=load_summary(settings.quality_dir),
        today=settings.effective_today(),
        run_id=run_id,
        manifest_path=manifest_path(settings),
        storage_version=settings.mart_storage_version,
        write_report=report_writer,
    )
