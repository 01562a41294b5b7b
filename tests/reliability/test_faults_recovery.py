"""Faults of the data directory: a stale ``.wal`` beside the mart, a corrupted raw snapshot, a full disk
while the temporary mart is built. Each gives a clear error or is handled, loses nothing, and the
documented recovery (docs/reliability.md) converges to the uninterrupted result.

Proven elsewhere: a failed audit leaves the published mart, exports and report byte-for-byte as they were
(tests/quality/test_publish.py::test_a_failed_audit_changes_nothing_that_was_published, and every planted
anomaly in tests/quality/test_gate_mutations.py); a blocking failure of the quality step blocks before
anything is built (test_publish.py::test_a_blocking_failure_of_the_quality_step_blocks_before_anything_is_built).
"""

from __future__ import annotations

import datetime as dt
import errno
import subprocess
import sys
from collections import Counter

import duckdb
import pyarrow.parquet as pq
import pytest

import expectations.publish
from expectations.publish import PublishBlocked
from expectations.runner import run_all, write_outcomes
from ingest.settings import PROJECT_ROOT
from ingest.snapshots import SnapshotStore
from tests.pipeline_fixtures import mart_content_hash
from tests.quality.gate_harness import ingest

from .conftest import Published, assert_mart_readable, assert_snapshots_intact, copy_home, file_digest, temporary_files
from .kill_at import publish_home

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pipeline")]


@pytest.fixture
def home(published_run, tmp_path):
    """A private copy of a data directory after a successful run (its settings: the run's, this home)."""
    target = copy_home(published_run.settings.home, tmp_path / "home")
    return published_run.settings.with_overrides(home=str(target))


def observation_rows(settings) -> Counter:
    rows = pq.read_table(settings.observations_file).to_pylist()
    return Counter(tuple((k, v) for k, v in sorted(r.items()) if k != "fetched_at") for r in rows)


def test_a_stale_wal_from_a_killed_writer_is_set_aside_whole_and_the_new_mart_is_clean(home):
    """Someone opened the published mart read-write and was killed: a real WAL is left beside it. Readers
    still open the mart; the next publish moves the WAL aside byte for byte (never replays or deletes it)."""
    mart = home.published_mart_path
    writer = (
        "import duckdb, os, signal, sys\n"
        "c = duckdb.connect(sys.argv[1])\n"
        "c.execute('pragma disable_checkpoint_on_shutdown')\n"
        'c.execute("create table analyst_scratch as select 42 as answer")\n'
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    killed = subprocess.run([sys.executable, "-c", writer, str(mart)], cwd=PROJECT_ROOT, check=False)
    assert killed.returncode == -9
    wal = mart.with_name(mart.name + ".wal")
    assert wal.exists() and wal.stat().st_size > 0
    stale_bytes = wal.read_bytes()

    publication = publish_home(home.home)
    assert not wal.exists()
    (aside,) = mart.parent.glob("targetwatch.duckdb.wal.stale-*")
    assert aside.read_bytes() == stale_bytes  # kept for whoever wants it back, not replayed
    conn = duckdb.connect(str(mart), read_only=True)
    try:
        tables = {r[0] for r in conn.execute("select table_name from information_schema.tables").fetchall()}
        assert "analyst_scratch" not in tables
        assert conn.execute("select max(publication_id) from publications").fetchone()[0] == publication.publication_id
    finally:
        conn.close()
    assert temporary_files(mart.parent) == []


def test_a_corrupted_raw_snapshot_blocks_publishing_and_the_documented_recovery_converges(home):
    store = SnapshotStore(home.raw_dir)
    snapshot = next(s for s in store.all() if s.sidecar.parser != "list" and "tjsj" in s.sidecar.url)
    before = Published.of(home.published_dir)
    observations_before = observation_rows(home)
    content_before = mart_content_hash(home.published_mart_path)
    snapshot.path.write_bytes(snapshot.path.read_bytes().replace(b"</html>", b"<!-- bit rot --></html>"))

    # the quality gate (snapshot integrity is a blocking check) stops the publish, naming the file
    outcomes = run_all(home.warehouse_path, home.raw_dir, home.effective_today(), with_gx=False)
    write_outcomes(outcomes, home.quality_dir, dt.datetime.now(dt.UTC))
    (integrity,) = [o for o in outcomes if o.name == "snapshot_integrity"]
    assert not integrity.passed and integrity.total_findings == 1
    with pytest.raises(PublishBlocked) as blocked:
        publish_home(home.home)
    message = str(blocked.value)
    assert "snapshot_integrity" in message and snapshot.path.name in message
    assert "delete the file and its sidecar" in message
    assert Published.of(home.published_dir) == before

    # recovery, as the message says: delete the file and its sidecar; the next crawl fetches it again
    snapshot.path.unlink()
    snapshot.path.with_name(snapshot.path.name + ".json").unlink()
    ingest(home)
    refetched = [s for s in SnapshotStore(home.raw_dir).all() if s.sidecar.url == snapshot.sidecar.url]
    assert [s.sha256 for s in refetched] == [snapshot.sha256]  # the same bytes, stored again
    assert_snapshots_intact(home.raw_dir)
    assert observation_rows(home) == observations_before  # dbt's input is what it was: nothing lost
    outcomes = run_all(home.warehouse_path, home.raw_dir, home.effective_today(), with_gx=False)
    write_outcomes(outcomes, home.quality_dir, dt.datetime.now(dt.UTC))
    assert all(o.passed for o in outcomes if o.severity == "ERROR")
    publish_home(home.home)
    assert mart_content_hash(home.published_mart_path) == content_before


class _DiskFullWhileCommenting(dict):
    """Table docs whose iteration fails like a full disk: after every table was copied into the temp mart."""

    def __init__(self, error: BaseException):
        super().__init__({"targets": ("", {})})
        self.error = error

    def items(self):
        raise self.error


@pytest.mark.parametrize(
    "error",
    [
        OSError(errno.ENOSPC, "No space left on device"),
        duckdb.IOException('IO Error: Could not write file ".targetwatch.duckdb.tmp": No space left on device'),
    ],
    ids=["oserror", "duckdb"],
)
def test_a_full_disk_during_the_temp_mart_build_leaves_everything_published_and_frees_the_partial_file(
    home, monkeypatch, error
):
    before = Published.of(home.published_dir)
    content = mart_content_hash(home.published_mart_path)
    monkeypatch.setattr(expectations.publish, "_comments", lambda manifest_path: _DiskFullWhileCommenting(error))
    with pytest.raises(type(error)) as caught:
        publish_home(home.home)
    assert "No space left on device" in str(caught.value)
    assert Published.of(home.published_dir) == before  # mart, exports and report untouched
    assert temporary_files(home.published_dir) == []  # the partial temp mart is gone at once: space freed
    assert assert_mart_readable(home.published_mart_path) == 1

    monkeypatch.undo()  # space was freed: publishing again converges
    publish_home(home.home)
    assert mart_content_hash(home.published_mart_path) == content
    assert file_digest(home.published_mart_path) != before.mart and assert_mart_readable(home.published_mart_path) == 2
