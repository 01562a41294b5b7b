"""Whole runs: two runs requested at once serialise and both succeed while an analyst reads the mart; runs
on the same inputs publish the same content; a backfill month by month equals one run over the range;
no secret from the configuration reaches a log, the mart, the exports or the report.

One module fixture starts two real `targetwatch run` processes at the same moment on a fresh data
directory (the "UI rerun during the nightly"); the tests read what happened. The backfill uses the same
site URL (tests/reliability/growing_site.py), so its mart is comparable with that one-shot run.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from expectations.runner import run_all, write_outcomes
from ingest.run_lock import run_lock
from ingest.settings import PROJECT_ROOT
from orchestration.publishing import publish_home
from tests.pipeline_fixtures import mart_content_hash
from tests.quality.gate_harness import dbt_build, ingest, settings_for

from .conftest import RUN_TIMEOUT_S, assert_mart_readable, assert_snapshots_intact, cli_env, run_log_lines
from .fuzz_support import SOAK
from .growing_site import GrowingSite

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("reliability-runs")]

# A webhook URL with a token in its path and query, as real ones have: it must never be written anywhere.
WEBHOOK = "http://127.0.0.1:9/hooks/T0KEN-r3liab1lity-s3cret/x?sig=5ecret5ig"
SECRETS = ("T0KEN-r3liab1lity-s3cret", "5ecret5ig")


@dataclass
class ConcurrentRuns:
    site: GrowingSite
    home: Path
    returncodes: list[int]  # in the order the runs finished
    outputs: list[str]  # stdout + stderr of each
    hash_after_first: str
    hash_after_second: str
    analyst_counts: list[int] = field(default_factory=list)
    analyst_errors: list[str] = field(default_factory=list)
    analyst_after: int = 0
    new_reader_after: int = 0


def _run_two_at_once(root: Path) -> dict:
    site = GrowingSite(root / "sites")
    site.show(None)
    home = root / "home"
    command = [str(Path(sys.executable).with_name("targetwatch")), "run", "--home", str(home), "--site", site.url]
    env = cli_env(TARGETWATCH_WEBHOOK_URL=WEBHOOK)
    processes = [
        subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        for _ in range(2)
    ]
    outputs: dict[int, str] = {}
    readers = [
        threading.Thread(target=lambda i=i: outputs.__setitem__(i, processes[i].communicate()[0])) for i in (0, 1)
    ]
    for reader in readers:
        reader.start()
    deadline = time.monotonic() + 2 * RUN_TIMEOUT_S
    while all(p.poll() is None for p in processes) and time.monotonic() < deadline:
        time.sleep(0.1)
    first = next(i for i, p in enumerate(processes) if p.poll() is not None)
    mart = home / "published" / "targetwatch.duckdb"
    result: dict = {"hash_after_first": mart_content_hash(mart), "analyst_counts": [], "analyst_errors": []}

    # an analyst keeps a read-only connection open and queries it while the second run publishes
    analyst = duckdb.connect(str(mart), read_only=True)
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                result["analyst_counts"].append(analyst.execute("select count(*) from publications").fetchone()[0])
            except Exception as exc:  # noqa: BLE001 - recorded, asserted empty by the test
                result["analyst_errors"].append(repr(exc))
            time.sleep(0.05)

    watcher = threading.Thread(target=read)
    watcher.start()
    processes[1 - first].wait(timeout=2 * RUN_TIMEOUT_S)
    stop.set()
    watcher.join()
    result["analyst_after"] = analyst.execute("select count(*) from publications").fetchone()[0]
    analyst.close()
    for reader in readers:
        reader.join()
    result["new_reader_after"] = assert_mart_readable(mart)
    result["hash_after_second"] = mart_content_hash(mart)
    result["returncodes"] = [processes[i].returncode for i in (first, 1 - first)]
    result["outputs"] = [outputs[i] for i in (first, 1 - first)]
    return result


@pytest.fixture(scope="session")
def concurrent(tmp_path_factory: pytest.TempPathFactory, worker_id: str, testrun_uid: str) -> ConcurrentRuns:
    """Two `targetwatch run` at the same moment on a fresh data directory — done once per test session,
    whichever xdist worker asks first (the others wait for it and read the result)."""
    if worker_id == "master":
        root = tmp_path_factory.mktemp("runs")
    else:
        root = tmp_path_factory.getbasetemp().parent / f"reliability-runs-{testrun_uid}"
        root.mkdir(exist_ok=True)
    with run_lock(root / ".once.lock", timeout_s=4 * RUN_TIMEOUT_S):
        done = root / "result.json"
        if not done.exists():
            done.write_text(json.dumps(_run_two_at_once(root)), encoding="utf-8")
        result = json.loads(done.read_text(encoding="utf-8"))
    return ConcurrentRuns(site=GrowingSite(root / "sites"), home=root / "home", **result)


def test_two_runs_requested_at_once_serialise_and_both_succeed(concurrent):
    assert concurrent.returncodes == [0, 0], [output[-3000:] for output in concurrent.outputs]
    assert all("run succeeded" in output for output in concurrent.outputs)
    # exactly one run waited for the other's lock, and said whom it waited for
    waits = [line for line in run_log_lines(concurrent.home) if "waiting for pid " in line]
    assert len(waits) == 1 and str(concurrent.home / ".run.lock") in waits[0]
    assert assert_mart_readable(concurrent.home / "published" / "targetwatch.duckdb") == 2  # both published
    assert_snapshots_intact(concurrent.home / "raw")


def test_two_runs_on_the_same_inputs_publish_the_same_content(concurrent):
    assert concurrent.hash_after_first == concurrent.hash_after_second


def test_an_analyst_reading_during_a_run_keeps_a_consistent_mart_and_sees_the_new_one_on_reconnect(concurrent):
    assert concurrent.analyst_errors == []
    assert concurrent.analyst_counts and set(concurrent.analyst_counts) == {1}  # one snapshot, never a mix
    assert concurrent.analyst_after == 1
    assert concurrent.new_reader_after == 2


def test_no_secret_of_the_configuration_reaches_logs_the_mart_exports_or_report(concurrent):
    """TARGETWATCH_WEBHOOK_URL was set for both runs: its token appears in no file of the data directory
    (run logs, Dagster's run history, dbt's logs, the mart, exports, report, snapshots) and no output."""
    leaks = [
        path
        for path in concurrent.home.rglob("*")
        if path.is_file() and any(secret.encode() in path.read_bytes() for secret in SECRETS)
    ]
    dbt_logs = (
        [p for p in (PROJECT_ROOT / "dbt_project" / "logs").glob("*.log")]
        if (PROJECT_ROOT / "dbt_project" / "logs").exists()
        else []
    )
    leaks += [p for p in dbt_logs if any(secret.encode() in p.read_bytes() for secret in SECRETS)]
    assert leaks == []
    for output in concurrent.outputs:
        assert not any(secret in output for secret in SECRETS)
    conn = duckdb.connect(str(concurrent.home / "published" / "targetwatch.duckdb"), read_only=True)
    try:
        dump = str(conn.execute("select * from publications").fetchall()) + str(
            conn.execute("select * from documents").fetchall()
        )
    finally:
        conn.close()
    assert not any(secret in dump for secret in SECRETS)


def _gate_and_publish(settings) -> None:
    """dbt build → quality gate → publish, as the run does after ingest (tests/quality/gate_harness.py)."""
    assert dbt_build(settings) == set()
    outcomes = run_all(settings.warehouse_path, settings.raw_dir, settings.effective_today(), with_gx=False)
    write_outcomes(outcomes, settings.quality_dir, dt.datetime.now(dt.UTC))
    assert [o.name for o in outcomes if o.blocks] == []
    publish_home(settings, run_id="backfill")


def test_a_backfill_month_by_month_equals_one_run_over_the_range(concurrent, tmp_path):
    """The site grows release by release; after each new month the ingest runs (crawl + parse: the
    incremental, stateful part) and twice along the way the whole warehouse is rebuilt and published.
    The final mart has the content of one run over the whole range (run-time columns aside)."""
    site = concurrent.site
    settings = settings_for(tmp_path / "home", site.url)  # type: ignore[arg-type] - a URL, kept as given
    assert settings.site_root == site.url
    publish_after = set(site.months) if SOAK else {site.months[len(site.months) // 2]}
    documents_seen = 0
    try:
        for month in site.months:
            site.show(month)
            ingest(settings)
            documents = pq.read_table(settings.documents_file).num_rows
            assert documents > documents_seen  # every month of the range brought releases
            documents_seen = documents
            if month in publish_after:
                _gate_and_publish(settings)
        site.show(None)  # the site as bundled (the one-shot run saw these very list pages)
        ingest(settings)
        _gate_and_publish(settings)
    finally:
        site.show(None)
    assert mart_content_hash(settings.published_mart_path) == concurrent.hash_after_first
    assert assert_mart_readable(settings.published_mart_path) == len(publish_after) + 1
    assert_snapshots_intact(settings.raw_dir)
