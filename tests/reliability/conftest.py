"""Helpers of the reliability suite: run the real CLI (optionally killed at a stage), fingerprint what
is published, check raw snapshots, inspect a killed run's Dagster state, a bystander server."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from ingest.settings import PROJECT_ROOT
from ingest.snapshots import SnapshotStore, sha256_hex
from tests.pipeline_fixtures import TODAY

RUN_TIMEOUT_S = 240


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TARGETWATCH_") and k != "DAGSTER_HOME"}
    env.update({"TARGETWATCH_TODAY": TODAY, "TARGETWATCH_FETCH_DELAY": "0", **extra})
    return env


def targetwatch_run(
    home: Path, site: Path | str | None = None, *, kill_at: str | None = None, n: int = 1, **env: str
) -> subprocess.CompletedProcess[str]:
    """``targetwatch run --home HOME [--site SITE]`` in a subprocess, optionally SIGKILLed at a stage
    (tests/reliability/kill_at.py)."""
    args = ["run", "--home", str(home)] + (["--site", str(site)] if site else [])
    if kill_at:
        command = [sys.executable, "-m", "tests.reliability.kill_at", kill_at, str(n), "--", *args]
    else:
        command = [str(Path(sys.executable).with_name("targetwatch")), *args]
    return subprocess.run(
        command,
        cwd=PROJECT_ROOT,
        env=cli_env(**env),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )


def assert_killed(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == -signal.SIGKILL, (result.returncode, result.stdout[-2000:], result.stderr[-2000:])


def assert_succeeded(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, (result.stdout[-3000:], result.stderr[-3000:])
    assert "run succeeded" in result.stdout


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Published:
    """Byte-level fingerprint of everything under published/ that analysts and readers use."""

    mart: str
    report: str
    exports_target: str
    exports: dict[str, str]

    @classmethod
    def of(cls, published_dir: Path) -> Published:
        exports = published_dir / "exports"
        return cls(
            mart=file_digest(published_dir / "targetwatch.duckdb"),
            report=file_digest(published_dir / "report.html"),
            exports_target=str(exports.readlink()),
            exports={p.name: file_digest(p) for p in sorted(exports.iterdir())},
        )


def temporary_files(published_dir: Path) -> list[str]:
    return sorted(p.name for p in published_dir.glob(".*"))


def assert_mart_readable(mart: Path) -> int:
    """A new reader opens the published mart and finds every table complete; returns publications."""
    conn = duckdb.connect(str(mart), read_only=True)
    try:
        tables = {r[0] for r in conn.execute("select table_name from information_schema.tables").fetchall()}
        assert {"target_status_latest", "observations", "documents", "publications", "anomalies"} <= tables
        assert conn.execute("select count(*) from target_status_latest").fetchone()[0] > 0
        return conn.execute("select count(*) from publications").fetchone()[0]
    finally:
        conn.close()


def assert_snapshots_intact(raw_dir: Path) -> dict[str, str]:
    """Every visible snapshot matches its sidecar's sha256, each content is stored once; returns
    sha256 → relative path (compare before/after to show nothing was lost or rewritten)."""
    store = SnapshotStore(raw_dir)
    found: dict[str, str] = {}
    for snapshot in store.all():
        assert sha256_hex(snapshot.path.read_bytes()) == snapshot.sha256, snapshot.path
        assert snapshot.sha256 not in found, f"{snapshot.sha256} stored twice"
        found[snapshot.sha256] = snapshot.sidecar.path
    sidecars = list(raw_dir.glob("*/*/*.json"))
    assert len(sidecars) == len(found)
    return found


def copy_home(source: Path, target: Path) -> Path:
    """A private copy of a data directory (Dagster's run history and logs left out: a new instance)."""
    shutil.copytree(source, target, symlinks=True, ignore=shutil.ignore_patterns("dagster_home", "logs"))
    return target


# ---- a killed run's Dagster state ----------------------------------------------------------
def dead_runs_holding_pool_slots(home: Path) -> list[str]:
    """Run ids holding a `warehouse_writer` pool slot in <home>/dagster_home (call it while no run of this
    home is alive: every holder is then a dead run)."""
    import dagster as dg

    from orchestration.dbt_wiring import WAREHOUSE_POOL

    with dg.DagsterInstance.from_config(str(home / "dagster_home")) as instance:
        info = instance.event_log_storage.get_concurrency_info(WAREHOUSE_POOL)
        return sorted({slot.run_id for slot in info.claimed_slots})


def run_log_lines(home: Path) -> list[str]:
    return [
        line
        for log in sorted((home / "logs").glob("run-*.log"))
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines()
    ]


# ---- a second loopback server: proves that a host is never contacted -------------------------
@dataclass
class Bystander:
    url: str
    paths: list[str]


def _bystander_handler(paths: list[str]) -> type:
    import http.server

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            paths.append(self.path)
            body = b"<html><body>the bystander host answered</body></html>"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@pytest.fixture
def bystander():
    """A loopback server no crawl may contact; it records every request it receives."""
    import http.server
    import threading

    paths: list[str] = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _bystander_handler(paths))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Bystander(f"http://127.0.0.1:{server.server_address[1]}", paths)
    finally:
        server.shutdown()
        server.server_close()
