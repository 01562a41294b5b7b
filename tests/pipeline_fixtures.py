"""One real pipeline run on the bundled sample site, shared by the tests of a worker that need it
(registered for the whole suite by tests/conftest.py: fixtures `published_run` and `mart`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from ingest.settings import Settings, load_settings
from orchestration.pipeline import RunOutcome, run_nightly

TODAY = "2026-11-27"
# Tables whose content is a function of the inputs alone (publications and anomalies carry run times).
CONTENT_TABLES = ("target_status_latest", "target_progress", "targets", "indicators", "observations",
                  "indicator_ytd", "revisions", "documents")


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


@pytest.fixture(scope="session")
def published_run(tmp_path_factory: pytest.TempPathFactory) -> PublishedRun:
    run = run_pipeline(tmp_path_factory.mktemp("e2e") / "home")
    assert run.outcome.success, run.outcome.errors
    return run


@pytest.fixture
def mart(published_run: PublishedRun):
    conn = duckdb.connect(str(published_run.settings.published_mart_path), read_only=True)
    yield conn
    conn.close()
