"""SIGKILL at every stage of a run: the published mart is exactly the old one or the new one, a temporary
file is never promoted, nothing stored is lost, and a rerun converges to the uninterrupted result.

The kills are real (``os.kill(os.getpid(), SIGKILL)`` inside the process: no cleanup runs), injected by
tests/reliability/kill_at.py without product hooks. Two shapes:

* the whole CLI (`targetwatch run`) killed while fetching, writing a snapshot, parsing and starting dbt
  (and between audit and swap in the soak profile) — one data directory, each killed run followed by
  the next, then a clean rerun compared with an uninterrupted run of the same inputs;
* the publish step alone (the function the run calls) killed after building the temporary mart, at the
  swap, and between the mart swap and the exports swap — then published again.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ingest.run_lock import run_lock
from ingest.settings import PROJECT_ROOT
from tests.pipeline_fixtures import mart_content_hash
from tests.quality.gate_harness import copy_site, edit_page, page_titled, run_gate, set_table_cell, settings_for

from .conftest import (
    Published,
    assert_killed,
    assert_mart_readable,
    assert_snapshots_intact,
    assert_succeeded,
    cli_env,
    copy_home,
    dead_runs_holding_pool_slots,
    targetwatch_run,
    temporary_files,
)
from .fuzz_support import SOAK
from .kill_at import publish_home


def revised_site(target: Path) -> Path:
    """The sample site with one figure of the newest monthly table revised (a new vintage)."""
    site = copy_site(target)
    edit_page(page_titled(site, "2024年1-12月主要经济指标"), lambda html: set_table_cell(html, "汽车产量", 3, "178.02"))
    return site


@pytest.mark.slow
@pytest.mark.xdist_group("pipeline")
def test_a_run_killed_at_each_stage_leaves_the_old_mart_and_the_rerun_converges(published_run, tmp_path):
    """After every kill the published mart, report and exports are the old ones byte for byte and no stored
    snapshot is lost; the clean rerun publishes exactly what an uninterrupted run of the same inputs does."""
    site = revised_site(tmp_path / "site")
    home = copy_home(published_run.settings.home, tmp_path / "home")
    published, raw = home / "published", home / "raw"
    old_hash = mart_content_hash(published / "targetwatch.duckdb")

    # the uninterrupted result of the same inputs (the same data directory, the same revised site), built
    # in-process while the killed runs go on in subprocesses
    reference = settings_for(copy_home(published_run.settings.home, tmp_path / "reference"), site)
    pool = ThreadPoolExecutor(max_workers=1)
    uninterrupted = pool.submit(run_gate, reference)

    old = Published.of(published)
    stored_before = assert_snapshots_intact(raw)
    # between audit and swap, the CLI is killed in the soak profile only: the publish step alone is killed
    # there (and after the temp mart build and the mart swap) by the next test, in seconds instead of a run
    stages = (("fetch", 3), ("snapshot", 1), ("parse", 1), ("dbt", 1)) + ((("swap", 1),) if SOAK else ())
    for stage, n in stages:
        assert_killed(targetwatch_run(home, site, kill_at=stage, n=n))
        # the published mart, report and exports are exactly the old ones, byte for byte
        assert Published.of(published) == old, stage
        assert assert_mart_readable(published / "targetwatch.duckdb") == 1
        assert not (published / "targetwatch.duckdb.wal").exists()
        if stage == "swap":  # audited and ready, never promoted: only temporary names hold the new mart
            assert temporary_files(published) and all(".tmp-" in name for name in temporary_files(published))
        else:
            assert temporary_files(published) == [], stage
        # nothing stored is lost or rewritten; a half-written snapshot is invisible
        stored = assert_snapshots_intact(raw)
        assert stored_before.items() <= stored.items(), stage
        if stage == "snapshot":
            assert len(list(raw.rglob(".*.tmp"))) == 1
        if stage in ("dbt", "swap"):
            # killed inside a `warehouse_writer` step: its Dagster pool slot is left claimed. The next run
            # (the next stage's, or the rerun below) must release it, or it would wait forever at dbt.
            assert len(dead_runs_holding_pool_slots(home)) == 1, stage

    rerun = targetwatch_run(home, site)
    assert_succeeded(rerun)
    gate = uninterrupted.result()
    pool.shutdown()
    assert gate.publication is not None, gate.failed_checks
    new_hash = mart_content_hash(reference.published_mart_path)
    assert new_hash != old_hash
    assert mart_content_hash(published / "targetwatch.duckdb") == new_hash
    assert temporary_files(published) == []  # the rerun removed the killed publish's leftovers
    assert not (published / "targetwatch.duckdb.wal").exists()
    assert assert_mart_readable(published / "targetwatch.duckdb") == 2  # no killed run recorded a publication
    assert stored_before.items() <= assert_snapshots_intact(raw).items()
    assert len(assert_snapshots_intact(raw)) == len(stored_before) + 1  # the revision, stored once
    assert dead_runs_holding_pool_slots(home) == []  # the killed runs' slots were released, none leaked


@pytest.mark.slow
@pytest.mark.xdist_group("pipeline")
@pytest.mark.parametrize("stage", ["temp_mart", "swap", "exports"])
def test_a_publish_killed_at_each_step_leaves_a_whole_mart_and_publishing_again_converges(
    published_run, tmp_path, stage
):
    home = copy_home(published_run.settings.home, tmp_path / "home")
    published, mart = home / "published", home / "published" / "targetwatch.duckdb"
    old = Published.of(published)
    content = mart_content_hash(mart)  # the uninterrupted publish of this warehouse

    killed = subprocess.run(
        [sys.executable, "-m", "tests.reliability.kill_at", stage, "--", "publish", str(home)],
        cwd=PROJECT_ROOT,
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert_killed(killed)
    leftovers = temporary_files(published)
    assert leftovers and all(".tmp-" in name for name in leftovers)  # never promoted, named as temporary
    now = Published.of(published)
    if stage == "exports":
        # the mart was swapped in whole (the new publication); exports and report are still the old,
        # complete ones
        assert now.mart != old.mart and assert_mart_readable(mart) == 2
        assert (now.exports_target, now.exports, now.report) == (old.exports_target, old.exports, old.report)
    else:
        assert now == old and assert_mart_readable(mart) == 1
    assert mart_content_hash(mart) == content

    publication = publish_home(home)
    assert temporary_files(published) == []
    assert mart_content_hash(mart) == content
    assert assert_mart_readable(mart) == (3 if stage == "exports" else 2)
    assert str((published / "exports").readlink()) == f"exports-{publication.publication_id}"
    assert sorted(p.name for p in published.glob("exports-*")) <= sorted(
        {f"exports-{publication.publication_id}", old.exports_target}
    )


def test_a_killed_run_never_leaves_the_run_lock_stuck(tmp_path):
    """The lock is the kernel's (flock): a holder killed with SIGKILL releases it at once."""
    lock = tmp_path / ".run.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from ingest.run_lock import run_lock\n"
            "with run_lock(Path(sys.argv[1]), 5):\n    print('held', flush=True); time.sleep(60)",
            str(lock),
        ],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    fd = os.open(lock, os.O_RDWR)
    try:
        with pytest.raises(BlockingIOError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    finally:
        os.close(fd)
    holder.kill()
    holder.wait()
    assert lock.read_text().startswith(f"pid {holder.pid} since ")  # the dead holder, named to whoever waited
    started = time.monotonic()
    with run_lock(lock, timeout_s=5):
        assert time.monotonic() - started < 1
