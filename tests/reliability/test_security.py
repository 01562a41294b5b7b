"""Hostile input: only configured source roots are contacted, snapshot paths stay inside the data
directory, downloads and decompression are bounded, parsing expands no entity and touches no network,
servers bind to loopback, credentials never reach the snapshots, logs or observations.

Already proven elsewhere (not repeated): URLs outside the roots are never requested and `..` is refused
(tests/ingest/test_http.py::test_urls_outside_the_source_roots_are_never_requested, ::test_is_under), the
file adapter refuses paths outside its root (::test_the_file_adapter_serves_like_a_static_server_and_stays
_in_its_root), nasty URL paths cannot escape raw/ (tests/ingest/test_snapshots.py::test_snapshot_paths_
never_escape_the_raw_directory), the webhook URL never reaches alerts or their log (tests/orchestration/
test_sensors.py::test_a_failed_run_is_alerted_in_the_log_and_the_webhook_never_sees_print).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import signal
import zlib
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from ingest.crawl import CrawlState, crawl_source
from ingest.http import Fetcher, FetchError, build_session
from ingest.parse_snapshots import parse_snapshots
from ingest.parsers.base import DocumentInfo
from ingest.parsers.page import load_page
from ingest.parsers.registry import parse_document
from ingest.quarantine import Quarantined
from ingest.settings import PROJECT_ROOT, SAMPLE_SITE_DIR, load_settings
from ingest.snapshots import SnapshotStore
from ingest.sources import Source
from tests.conftest import Reply

from .fuzz_support import ALIASES

ALIAS_SEED = PROJECT_ROOT / "dbt_project" / "seeds" / "indicator_aliases.csv"
SOURCE = Source(
    id="sec",
    name="测试",
    publisher="局",
    region_code="220100",
    list_path="tjsj/index.html",
    root_path="tjsj/",
    max_pages=2,
)
RELEASE = (SAMPLE_SITE_DIR / "tjj/tjsj/202401/t20240123_2953854.html").read_bytes()


def crawl(root: str, work: Path, source: Source = SOURCE, max_bytes: int = 20 * 1024 * 1024):
    session = build_session("targetwatch-security", root, retries=0)
    fetcher = Fetcher(session, (source.root_url(root),), timeout=(2.0, 2.0), delay_s=0, max_bytes=max_bytes)
    store = SnapshotStore(work / "raw")
    report = crawl_source(source, root, fetcher, store, CrawlState(work / "state.json"))
    return report, store


# ---- only configured roots are contacted ----------------------------------------------------
@pytest.mark.parametrize("where", ["other_host", "same_host_outside_root", "file_url"])
def test_a_redirect_off_the_source_root_is_never_requested(loopback, bystander, where):
    target = {
        "other_host": bystander.url + "/stolen.html",
        "same_host_outside_root": "/private/secret.html",
        "file_url": "file:///etc/passwd",
    }[where]
    loopback.serve("/tjsj/moved.html", Reply(302, b"", {"Location": target}))
    loopback.serve("/private/secret.html", Reply(200, b"secret"))
    fetcher = Fetcher(
        build_session("t", loopback.base_url + "/", retries=0), (loopback.base_url + "/tjsj/",), delay_s=0
    )
    with pytest.raises(FetchError) as caught:
        fetcher.get(loopback.base_url + "/tjsj/moved.html")
    assert caught.value.reason == "redirect_off_site"
    assert bystander.paths == []
    assert loopback.count("/private/secret.html") == 0


def test_a_redirect_inside_the_root_is_followed(loopback):
    loopback.serve("/tjsj/old.html", Reply(301, b"", {"Location": "/tjsj/new.html"}))
    loopback.serve_page("/tjsj/new.html", "<html>新</html>")
    fetcher = Fetcher(
        build_session("t", loopback.base_url + "/", retries=0), (loopback.base_url + "/tjsj/",), delay_s=0
    )
    result = fetcher.get(loopback.base_url + "/tjsj/old.html")
    assert (result.status, result.final_url, result.content) == (
        200,
        loopback.base_url + "/tjsj/new.html",
        "<html>新</html>".encode(),
    )


def test_links_to_other_hosts_and_to_files_outside_the_site_root_are_never_followed(tmp_path, bystander):
    """A file:// site whose list page links out: another host, absolute and relative paths to a secret
    file beside the site, a file:// URL, and a symlink inside the site that points outside it."""
    secret = tmp_path / "secret.html"
    secret.write_text("<html>TOP-SECRET-4711</html>")
    site = tmp_path / "site"
    (site / "tjsj" / "202401").mkdir(parents=True)
    (site / "tjsj" / "202401" / "t20240123_1.html").write_bytes(RELEASE)
    (site / "tjsj" / "202401" / "t20240123_2.html").symlink_to(secret)
    links = [
        bystander.url + "/tjsj/t1.html",
        secret.as_uri(),
        "../secret.html",
        "../../../../../" + str(secret),
        "./202401/../../secret.html",
        "./202401/t20240123_1.html",
        "./202401/t20240123_2.html",
    ]
    (site / "tjsj" / "index.html").write_text(
        "<html><body>" + "".join(f'<a href="{link}">x</a>' for link in links) + "</body></html>"
    )
    report, store = crawl(site.as_uri() + "/", tmp_path / "home")
    assert bystander.paths == []
    stored = [s for s in store.all() if s.sidecar.parser != "list"]
    assert [s.sidecar.url.rsplit("/", 1)[-1] for s in stored] == ["t20240123_1.html"]
    assert report.skipped_off_root == 4
    assert [(f.url.rsplit("/", 1)[-1], f.reason) for f in report.failures] == [("t20240123_2.html", "http_error")]
    assert not any(b"TOP-SECRET" in p.read_bytes() for p in (tmp_path / "home").rglob("*") if p.is_file())


def test_snapshot_paths_stay_inside_the_data_directory_whatever_a_crawled_url_contains(loopback, tmp_path):
    names = [
        "..%2F..%2F..%2Fescape.html",
        "%2e%2e%2f%2e%2e%2fescape2.html",
        "a%00b.html",
        "x" * 300 + ".html",
        "统计%20数据.html",
        "..html",
        "t1.html?next=../../../etc/passwd",
        "%2F%2Fetc%2Fpasswd.html",
    ]
    loopback.serve_page("/tjsj/index.html", "".join(f'<a href="./{n}">x</a>' for n in names))
    for n, name in enumerate(names):
        loopback.serve_page("/tjsj/" + name, RELEASE.replace(b"</body>", f"<!-- {n} --></body>".encode()))
    home = tmp_path / "home"
    report, store = crawl(loopback.base_url + "/", home)
    raw = (home / "raw").resolve()
    stored = [s for s in store.all() if s.sidecar.parser != "list"]
    assert len(stored) >= 4, report
    for snapshot in stored:
        assert snapshot.path.resolve().parent.parent == raw / "sec"
        assert "/" not in snapshot.path.name and len(snapshot.path.name) < 120
    outside = [p for p in tmp_path.rglob("*") if p.is_file() and not p.resolve().is_relative_to(home.resolve())]
    assert outside == []


# ---- bounded downloads --------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["gzip", "deflate", "gzip, gzip"])
def test_a_compression_bomb_is_refused_once_the_decompressed_size_passes_the_limit(loopback, encoding):
    """200 MB of zeros, ~200 KB on the wire: refused at the 1 MB limit, having decompressed little more."""
    import tracemalloc

    body = b"\0" * (200 * 1024 * 1024)
    for step in reversed([e.strip() for e in encoding.split(",")]):
        body = gzip.compress(body, 9) if step == "gzip" else zlib.compress(body, 9)
    assert len(body) < 1024 * 1024
    loopback.serve("/tjsj/bomb.html", Reply(200, body, {"Content-Encoding": encoding, "Content-Type": "text/html"}))
    fetcher = Fetcher(
        build_session("t", loopback.base_url + "/", retries=0),
        (loopback.base_url + "/tjsj/",),
        delay_s=0,
        max_bytes=1024 * 1024,
    )
    tracemalloc.start()
    try:
        with pytest.raises(FetchError) as caught:
            fetcher.get(loopback.base_url + "/tjsj/bomb.html")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.reason == "too_large"
    assert peak < 32 * 1024 * 1024, f"{peak} bytes held while refusing a 200 MB bomb"


def test_a_document_over_the_limit_is_never_stored(loopback, tmp_path):
    loopback.serve_page("/tjsj/index.html", '<a href="./t20240123_1.html">x</a>')
    loopback.serve(
        "/tjsj/t20240123_1.html", Reply(200, b"<html>" + b"x" * 300_000 + b"</html>", {"Content-Type": "text/html"})
    )
    report, store = crawl(loopback.base_url + "/", tmp_path, max_bytes=100_000)
    assert [(f.reason) for f in report.failures] == ["too_large"]
    assert [s.sidecar.parser for s in store.all()] == ["list"]


# ---- parsing without entities or network -------------------------------------------------------
def test_entity_bombs_and_external_entities_neither_expand_nor_fetch(tmp_path, bystander):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-4711")
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    documents = [
        f'<?xml version="1.0"?><!DOCTYPE x [{laughs}]><html><body><div id="zoom"><p>&l9;</p></div></body></html>',
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "{secret.as_uri()}"><!ENTITY n SYSTEM '
        f'"{bystander.url}/xxe"><!ENTITY % p SYSTEM "{bystander.url}/dtd"> %p;]>'
        '<html><body><div id="zoom"><p>&s;&n;</p></div></body></html>',
        f'<!DOCTYPE html SYSTEM "{bystander.url}/external.dtd"><html><body><p>&s;</p>'
        f'<img src="{bystander.url}/img.png"><iframe src="{secret.as_uri()}"></iframe></body></html>',
    ]
    for document in documents:
        page = load_page(document)
        assert "lol" * 10 not in page.body_text
        assert "TOP-SECRET" not in page.body_text
        assert len(page.body_text) < 200
        content = document.encode()
        with pytest.raises(Quarantined):
            parse_document(content, DocumentInfo("s", "220100", "u", hashlib.sha256(content).hexdigest()), ALIASES)
    assert bystander.paths == []


# ---- servers bind to loopback -----------------------------------------------------------------
def test_the_dagster_ui_binds_to_127_0_0_1_by_default(monkeypatch, tmp_path):
    """`make ui` (orchestration/ui.py) execs `dagster dev --host 127.0.0.1` unless told otherwise."""
    import orchestration.ui as ui

    for name in [k for k in os.environ if k.startswith("TARGETWATCH_") or k == "DAGSTER_HOME"]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("TARGETWATCH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "placeholder"))  # restored after the test
    monkeypatch.setattr(ui, "prepare_manifest", lambda settings: None)
    calls: list[list[str]] = []
    monkeypatch.setattr(ui.os, "execv", lambda path, argv: calls.append(argv))
    monkeypatch.setattr(signal, "signal", lambda *args: None)  # the handlers it resets for dagster, not for us
    ui.main()
    (argv,) = calls
    assert argv[argv.index("--host") + 1] == "127.0.0.1"
    assert load_settings({}).ui_host == "127.0.0.1"


# ---- credentials ------------------------------------------------------------------------------
def test_credentials_in_a_site_url_never_reach_snapshots_observations_or_failure_messages(loopback, tmp_path):
    """A mirror behind basic auth (http://user:password@host/): the password authenticates the requests
    and is stored nowhere a reader or a log sees — not in sidecars, observations, documents,
    quarantine records or failure messages."""
    seen_auth: list[str | None] = []

    def release(handler) -> Reply:
        seen_auth.append(handler.headers.get("Authorization"))
        return Reply(200, RELEASE, {"Content-Type": "text/html"})

    loopback.serve_page(
        "/tjsj/index.html",
        '<a href="./t20240123_1.html">a</a><a href="./missing.html">b</a><a href="./busy.html">c</a>',
    )
    loopback.routes["/tjsj/t20240123_1.html"] = release
    loopback.serve("/tjsj/busy.html", Reply(200, "<html><body>系统繁忙</body></html>".encode()))
    root = loopback.base_url.replace("http://", "http://reader:Pa55-w0rd-s3cret@") + "/"
    home = tmp_path / "home"
    report, store = crawl(root, home)
    assert seen_auth and all(a and a.startswith("Basic ") for a in seen_auth)  # the credentials were used
    parse_snapshots(store, [SOURCE], ALIAS_SEED, home / "obs", home / "q")
    assert pq.read_table(home / "obs" / "observations.parquet").num_rows > 0
    texts = [str(f) for f in report.failures] + [f.message for f in report.failures]
    assert report.failures  # the missing page was reported …
    for path in home.rglob("*"):
        if path.is_file() and path.parent.name != "state" and path.name != "state.json":
            texts.append(path.read_bytes().decode("utf-8", errors="replace"))
    for table in ("observations", "documents"):
        texts.append(json.dumps(pq.read_table(home / "obs" / f"{table}.parquet").to_pylist(), default=str))
    assert not [t for t in texts if "Pa55-w0rd-s3cret" in t]  # … without the password
    shutil.rmtree(home)
