"""The nightly job end to end on the bundled sample site, in-process, on a private data directory."""

import csv
import shutil

import pytest

from ingest.settings import PROJECT_ROOT
from ingest.snapshots import SnapshotStore
from tests.e2e.conftest import mart_content_hash, run_pipeline

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pipeline")]


def catalog_ids() -> list[str]:
    with (PROJECT_ROOT / "dbt_project/seeds/targets.csv").open(encoding="utf-8") as handle:
        return [row["target_id"] for row in csv.DictReader(handle)]


def test_every_catalog_target_has_exactly_one_status_row(mart):
    rows = mart.execute("select target_id, status from target_status_latest").fetchall()
    assert sorted(r[0] for r in rows) == sorted(catalog_ids())
    assert {r[1] for r in rows} <= {"achieved", "on_track", "at_risk", "off_track", "missed", "no_data"}


def test_the_published_mart_is_complete_and_alone(published_run, mart):
    published = published_run.settings.published_dir
    tables = {r[0] for r in mart.execute("select table_name from information_schema.tables").fetchall()}
    assert tables >= {
        "target_status_latest",
        "target_progress",
        "targets",
        "indicators",
        "observations",
        "indicator_ytd",
        "revisions",
        "documents",
        "anomalies",
        "publications",
    }
    assert not (published / "targetwatch.duckdb.wal").exists()
    assert [p.name for p in published.glob(".*")] == []  # no temporary file left behind
    assert (published / "report.html").stat().st_size > 0
    assert (published / "exports" / "target_status_latest.parquet").exists()
    assert (published / "exports" / "target_status_latest.csv").exists()


def test_the_publication_is_recorded(mart):
    rows = mart.execute(
        "select documents_used, observations, targets, contains_synthetic_data from publications"
    ).fetchall()
    assert len(rows) == 1
    documents_used, observations, targets, synthetic = rows[0]
    assert documents_used > 0 and observations > 0
    assert targets == len(catalog_ids())
    assert synthetic is True  # the bundled sample site is synthetic, and says so


def test_synthetic_figures_are_labelled_in_the_mart(mart):
    synthetic, total = mart.execute(
        "select count(*) filter (where is_synthetic), count(*) from observations"
    ).fetchone()
    assert total > 0 and synthetic > 0


def test_mart_tables_carry_the_documentation(mart):
    comment = mart.execute("select comment from duckdb_tables() where table_name = 'target_status_latest'").fetchone()[
        0
    ]
    assert comment and "one row per target" in comment.lower()


def test_a_second_run_is_idempotent_and_stores_no_duplicate_snapshots(published_run, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(published_run.settings.home, home, symlinks=True)
    settings = published_run.settings.with_overrides(home=str(home))
    before_hash = mart_content_hash(settings.published_mart_path)
    before_raw = sorted(p.name for p in settings.raw_dir.rglob("*") if p.is_file())
    second = run_pipeline(settings.home)
    assert second.outcome.success, second.outcome.errors
    assert sorted(p.name for p in settings.raw_dir.rglob("*") if p.is_file()) == before_raw
    assert mart_content_hash(settings.published_mart_path) == before_hash
    snapshots = SnapshotStore(settings.raw_dir).all()
    assert len({s.sha256 for s in snapshots}) == len(snapshots)
