"""Shared fixtures: isolated settings, a scriptable loopback web server, the bundled sample site."""

from __future__ import annotations

import http.server
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ingest.settings import SAMPLE_SITE_DIR, Settings, load_settings

pytest_plugins = ["tests.pipeline_fixtures"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS_DIR = PROJECT_ROOT / "test-artifacts"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for a private data directory, the bundled sample site and a fixed 'today'."""
    return load_settings(
        {"TARGETWATCH_HOME": str(tmp_path / "home"), "TARGETWATCH_TODAY": "2026-11-27", "TARGETWATCH_FETCH_DELAY": "0"}
    )


@pytest.fixture
def sample_site(tmp_path: Path) -> Path:
    """A private copy of the bundled sample site (tests may change it)."""
    target = tmp_path / "site"
    shutil.copytree(SAMPLE_SITE_DIR, target)
    return target


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    truncate_to: int | None = None  # send Content-Length of the full body, then only this many bytes


@dataclass
class LoopbackSite:
    """A web server on 127.0.0.1 whose answers tests script per path; it counts requests."""

    base_url: str
    routes: dict[str, list[Reply] | Callable[[http.server.BaseHTTPRequestHandler], Reply]]
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def serve(self, path: str, *replies: Reply) -> None:
        self.routes[path] = list(replies)

    def serve_page(self, path: str, html: str | bytes, etag: str | None = None, **headers: str) -> None:
        body = html.encode("utf-8") if isinstance(html, str) else html

        def answer(handler: http.server.BaseHTTPRequestHandler) -> Reply:
            if etag and handler.headers.get("If-None-Match") == etag:
                return Reply(304, b"", {"ETag": etag})
            extra = {"ETag": etag} if etag else {}
            return Reply(200, body, {"Content-Type": "text/html", **extra, **headers})

        self.routes[path] = answer

    def count(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)


@pytest.fixture
def loopback() -> Iterator[LoopbackSite]:
    site = LoopbackSite(base_url="", routes={})

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

        def do_GET(self) -> None:
            site.requests.append((self.path, dict(self.headers)))
            route = site.routes.get(self.path)
            if route is None:
                reply = Reply(404, b"not found")
            elif callable(route):
                reply = route(self)
            else:
                reply = route.pop(0) if len(route) > 1 else route[0]
            if reply.delay_s:
                time.sleep(reply.delay_s)
            self.send_response(reply.status)
            for key, value in reply.headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(reply.body)))
            if reply.truncate_to is not None:
                self.send_header("Connection", "close")
            self.end_headers()
            body = reply.body if reply.truncate_to is None else reply.body[: reply.truncate_to]
            try:
                self.wfile.write(body)
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return
            if reply.truncate_to is not None:
                self.close_connection = True

    class QuietServer(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address) -> None:
            """A client that hangs up (a timeout test, a truncated body) is expected; anything else is shown."""
            if not isinstance(sys.exc_info()[1], ConnectionError):
                super().handle_error(request, client_address)

    server = QuietServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR
