"""Fixtures for the Dagster wiring: the loaded Definitions, a clean environment, a webhook receiver."""

from __future__ import annotations

import http.server
import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import pytest

from ingest.settings import load_settings
from orchestration.dbt_manifest import prepare_manifest


def _targetwatch_env_names() -> list[str]:
    return [k for k in os.environ if k.startswith("TARGETWATCH_") or k == "DAGSTER_HOME"]


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No TARGETWATCH_* / DAGSTER_HOME from the caller's shell leaks into a test."""
    for name in _targetwatch_env_names():
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.fixture(scope="session")
def defs() -> dg.Definitions:
    """The code location as Dagster loads it, in a clean environment (the manifest prepared first)."""
    with pytest.MonkeyPatch.context() as mp:
        for name in _targetwatch_env_names():
            mp.delenv(name, raising=False)
        prepare_manifest(load_settings())
        from orchestration.definitions import build_definitions

        return build_definitions()


@pytest.fixture
def site_env(clean_env: pytest.MonkeyPatch, tmp_path: Path):
    """Point settings (read by sensors from the environment) at a private home and a given site."""

    def apply(site: str | Path, **extra: str) -> Path:
        home = tmp_path / "home"
        clean_env.setenv("TARGETWATCH_HOME", str(home))
        clean_env.setenv("TARGETWATCH_SITE", str(site))
        clean_env.setenv("TARGETWATCH_FETCH_DELAY", "0")
        for key, value in extra.items():
            clean_env.setenv(key, value)
        return home

    return apply


@dataclass
class Webhook:
    url: str
    posts: list[dict] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    """A loopback endpoint that records JSON POSTs; its URL carries a token like real webhooks do."""
    received = Webhook(url="")

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            received.paths.append(self.path)
            received.posts.append(json.loads(body))
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    received.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/T0KEN-s3cr3t-9f8e7d?sig=abcdef123456"
    try:
        yield received
    finally:
        server.shutdown()
        server.server_close()
