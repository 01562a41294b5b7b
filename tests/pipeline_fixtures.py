"""One real pipeline run on the bundled sample site, shared by every test that needs it
(registered for the whole suite by tests/conftest.py: fixtures `published_run` and `mart`).

Under pytest-xdist the run happens once per session, not once per worker: the first worker runs it
in the session's shared temporary directory while the others wait on a file lock, then read the
recorded outcome. Tests treat the shared home as read-only (they copy it to change anything).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb
import pytest

from expectations.publish import MART_TABLES
from ingest.settings import Settings, load_settings
from orchestration.pipeline import RunOutcome, run_nightly

TODAY = "2026-11-27"
# Tables whose content is a function of the inputs alone: every table the publish copies from the
# warehouse (publications and anomalies, which it adds, carry run times).
CONTENT_TABLES = MART_TABLES


@dataclass
class PublishedRun:
    settings: Settings
    outcome: RunOutcome
    log: list[str]


def mart_content_hash(mart: Path, tables=CONTENT_TABLES) -> str:
    digest = hashlib.sha256()
    conn = duckdb.connect(str(mart), read_only=True)
    try:
        for table in tables:
            columns = [c for c, *_ in conn.execute(f"describe {table}").fetchall() if c != "fetched_at"]
            rows = conn.execute(f"select {', '.join(columns)} from {table} order by all").fetchall()
            digest.update(f"{table}:{rows!r}".encode())
    finally:
        conn.close()
    return digest.hexdigest()


def run_pipeline(home: Path, site: str | None = None) -> PublishedRun:
    env = {"TARGETWATCH_HOME": str(home), "TARGETWATCH_TODAY": TODAY, "TARGETWATCH_FETCH_DELAY": "0"}
    if site:
        env["TARGETWATCH_SITE"] = site
    settings = load_settings(env)
    log: list[str] = []
    outcome = run_nightly(settings, echo=log.append)
    return PublishedRun(settings, outcome, log)


def _shared_run(root: Path) -> PublishedRun:
    """Run once under ``root`` (guarded by a lock), or load the run another worker recorded there."""
    root.mkdir(parents=True, exist_ok=True)
    record = root / "published_run.json"
    with (root / "published_run.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.exists():
            run = run_pipeline(root / "home")
            outcome = {**asdict(run.outcome), "log_path": str(run.outcome.log_path or "")}
            record.write_text(json.dumps({"outcome": outcome, "log": run.log}), encoding="utf-8")
            return run
    data = json.loads(record.read_text(encoding="utf-8"))
    outcome = data["outcome"]
    outcome["log_path"] = Path(outcome["log_path"]) if outcome["log_path"] else None
    settings = load_settings(
        {"TARGETWATCH_HOME": str(root / "home"), "TARGETWATCH_TODAY": TODAY, "TARGETWATCH_FETCH_DELAY": "0"}
    )
    return PublishedRun(settings, RunOutcome(**outcome), data["log"])


@pytest.fixture(scope="session")
def published_run(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> PublishedRun:
    if worker_id == "master":  # not under xdist: a private directory of this session
        root = tmp_path_factory.mktemp("e2e")
    else:  # the parent of a worker's basetemp is shared by the workers of this session only
        root = tmp_path_factory.getbasetemp().parent / "shared-e2e"
    run = _shared_run(root)
    assert run.outcome.success, run.outcome.errors
    return run


@pytest.fixture
def mart(published_run: PublishedRun):
    conn = duckdb.connect(str(published_run.settings.published_mart_path), read_only=True)
    yield conn
    conn.close()
