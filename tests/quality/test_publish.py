"""Write-audit-publish: the published mart is swapped in whole after an audit, or left untouched."""

import hashlib
import json
import shutil
import subprocess
import sys
import threading

import duckdb
import pyarrow.parquet as pq
import pytest

from expectations.publish import PublishBlocked, publish, remove_leftovers, set_aside_stale_wal
from expectations.runner import load_summary
from orchestration.dbt_manifest import manifest_path
from orchestration.faces.report import write_report

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pipeline")]


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree_digest(folder):
    return {p.relative_to(folder).as_posix(): digest(p) for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def workspace(published_run, tmp_path):
    """A private copy of a built warehouse, the run's quality results, and an already published mart."""
    settings = published_run.settings
    shutil.copy(settings.warehouse_path, tmp_path / "warehouse.duckdb")
    shutil.copytree(settings.quality_dir, tmp_path / "quality")
    shutil.copytree(settings.published_dir, tmp_path / "published", symlinks=True)
    return {
        "warehouse": tmp_path / "warehouse.duckdb",
        "quality": tmp_path / "quality",
        "published": tmp_path / "published",
        "settings": settings,
    }


def run_publish(ws, **overrides):
    kwargs = dict(
        warehouse_path=ws["warehouse"],
        published_dir=ws["published"],
        mart_name="targetwatch.duckdb",
        anomalies=pq.read_table(ws["quality"] / "anomalies.parquet"),
        check_summary=load_summary(ws["quality"]),
        today=ws["settings"].effective_today(),
        run_id="test",
        manifest_path=manifest_path(ws["settings"]),
        write_report=write_report,
    )
    kwargs.update(overrides)
    return publish(**kwargs)


def test_a_publish_swaps_in_a_complete_mart_and_records_it(workspace):
    publication = run_publish(workspace)
    mart = workspace["published"] / "targetwatch.duckdb"
    conn = duckdb.connect(str(mart), read_only=True)
    try:
        rows = conn.execute("select publication_id, run_id from publications order by published_at").fetchall()
        assert rows[-1] == (publication.publication_id, "test")
        assert len(rows) == 2  # the history of the copied mart is kept
        assert conn.execute("select count(*) from target_status_latest").fetchone()[0] == publication.targets
    finally:
        conn.close()
    assert (workspace["published"] / "exports").resolve().name == f"exports-{publication.publication_id}"
    assert not list(workspace["published"].glob(".*"))


def test_a_failed_audit_changes_nothing_that_was_published(workspace):
    before_mart = digest(workspace["published"] / "targetwatch.duckdb")
    before_exports = tree_digest(workspace["published"] / "exports")
    before_report = digest(workspace["published"] / "report.html")
    conn = duckdb.connect(str(workspace["warehouse"]))
    conn.execute("""update marts.indicator_ytd set value = value * 10000
                    where indicator_id = 'retail_sales' and year = 2024 and month = 6""")
    conn.close()
    with pytest.raises(PublishBlocked) as caught:
        run_publish(workspace)
    assert {f.name for f in caught.value.failures} >= {"unit_magnitude"}
    assert "previously published mart is unchanged" in str(caught.value)
    assert digest(workspace["published"] / "targetwatch.duckdb") == before_mart
    assert tree_digest(workspace["published"] / "exports") == before_exports
    assert digest(workspace["published"] / "report.html") == before_report
    assert not list(workspace["published"].glob(".*"))


def test_a_blocking_failure_of_the_quality_step_blocks_before_anything_is_built(workspace):
    summary = load_summary(workspace["quality"])
    for entry in summary:
        if entry["name"] == "snapshot_integrity":
            entry.update(passed=False, total_findings=1, sample=["raw/x.html has sha256 0000…"])
    before = digest(workspace["published"] / "targetwatch.duckdb")
    with pytest.raises(PublishBlocked, match="snapshot_integrity"):
        run_publish(workspace, check_summary=summary)
    assert digest(workspace["published"] / "targetwatch.duckdb") == before


def test_a_stale_wal_beside_the_mart_is_moved_aside_not_replayed(workspace):
    wal = workspace["published"] / "targetwatch.duckdb.wal"
    wal.write_bytes(b"garbage that would corrupt the new file if replayed")
    run_publish(workspace)
    assert not wal.exists()
    assert len(list(workspace["published"].glob("targetwatch.duckdb.wal.stale-*"))) == 1
    conn = duckdb.connect(str(workspace["published"] / "targetwatch.duckdb"), read_only=True)
    assert conn.execute("select count(*) from targets").fetchone()[0] > 0
    conn.close()


def test_an_analyst_connection_keeps_its_snapshot_while_a_new_one_sees_the_new_mart(workspace):
    mart = workspace["published"] / "targetwatch.duckdb"
    analyst = duckdb.connect(str(mart), read_only=True)
    old_ids = analyst.execute("select publication_id from publications").fetchall()
    publication = run_publish(workspace)
    assert analyst.execute("select publication_id from publications").fetchall() == old_ids
    assert analyst.execute("select count(*) from target_status_latest").fetchone()[0] > 0
    # A new connection from another process (DuckDB shares one database instance per path within a
    # process, so the realistic "new analyst session" is a new process) opens the new file.
    seen = (
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True); "
                "print(','.join(r[0] for r in c.execute('select publication_id from publications').fetchall()))",
                str(mart),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .split(",")
    )
    assert publication.publication_id in seen
    analyst.close()


def test_concurrent_readers_never_see_a_partial_mart(workspace):
    mart = workspace["published"] / "targetwatch.duckdb"
    errors, counts = [], []
    stop = threading.Event()

    def read_continuously():
        while not stop.is_set():
            try:
                conn = duckdb.connect(str(mart), read_only=True)
                counts.append(conn.execute("select count(*) from target_status_latest").fetchone()[0])
                conn.close()
            except duckdb.Error as exc:  # a half-written file would show up here
                errors.append(exc)

    reader = threading.Thread(target=read_continuously)
    reader.start()
    try:
        run_publish(workspace)
        run_publish(workspace)
    finally:
        stop.set()
        reader.join()
    assert errors == []
    assert counts and len(set(counts)) == 1


def test_temporary_files_of_an_interrupted_publish_are_never_promoted(workspace):
    published = workspace["published"]
    before = digest(published / "targetwatch.duckdb")

    def killed(stage):
        raise KeyboardInterrupt(f"killed after {stage}")

    with pytest.raises(KeyboardInterrupt):
        run_publish(workspace, before_swap=killed)
    assert digest(published / "targetwatch.duckdb") == before
    leftovers = list(published.glob(".*.tmp-*"))
    assert leftovers  # the audited temporary mart was left behind, not swapped in
    assert {p.name for p in remove_leftovers(published)} == {p.name for p in leftovers}
    run_publish(workspace)
    assert not list(published.glob(".*"))


def test_the_mart_is_written_for_older_duckdb_clients_by_default(workspace):
    run_publish(workspace, storage_version="v1.0.0")
    header = (workspace["published"] / "targetwatch.duckdb").read_bytes()[8:20]
    assert header[:4] == b"DUCK"
    assert int.from_bytes(header[4:12], "little") == 64  # the storage format number of DuckDB 1.0


def test_set_aside_stale_wal_is_a_no_op_without_a_wal(tmp_path):
    assert set_aside_stale_wal(tmp_path / "m.duckdb") is None


def test_the_publication_records_the_check_summary(workspace):
    run_publish(workspace)
    conn = duckdb.connect(str(workspace["published"] / "targetwatch.duckdb"), read_only=True)
    checks_run, summary = conn.execute(
        "select checks_run, check_summary from publications order by published_at desc limit 1"
    ).fetchone()
    conn.close()
    names = {entry["check"] for entry in json.loads(summary)}
    assert checks_run == len(names)
    assert {"ytd_non_decreasing", "unit_magnitude", "gx_observations", "snapshot_integrity"} <= names
