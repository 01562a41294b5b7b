"""Parsing is incremental and its shortcuts never change the result: a rerun with nothing new writes
nothing, a partial rerun equals a full parse, and parsing in worker processes equals parsing in-process.
(Performance work, issue 9: each shortcut is checked against the plain full parse it replaces.)"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from ingest import parse_snapshots as module
from ingest.crawl import crawl_groups, crawl_sources
from ingest.http import Fetcher, build_session
from ingest.parse_snapshots import parse_snapshots
from ingest.settings import SAMPLE_SITE_DIR, SOURCES_FILE, site_root_url
from ingest.snapshots import SnapshotStore
from ingest.sources import load_sources

ALIASES = SAMPLE_SITE_DIR.parent.parent / "dbt_project" / "seeds" / "indicator_aliases.csv"
SOURCES = load_sources(SOURCES_FILE)


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Path:
    """The bundled sample site crawled once (40 releases, 3 sources); tests copy it to change it."""
    home = tmp_path_factory.mktemp("crawled")
    root = site_root_url(SAMPLE_SITE_DIR)

    def fetcher_for(source, last_request):
        return Fetcher(build_session("t", root), (source.root_url(root),), delay_s=0, _last_request=last_request)

    reports = list(
        crawl_sources(
            SOURCES,
            root,
            fetcher_for,
            SnapshotStore(home / "raw"),
            lambda s: home / "state" / f"{s.id}.json",
            delay_s=0,
        )
    )
    assert sum(r.new_snapshots for _, r, _ in reports) == 40
    return home / "raw"


def parse(raw_dir: Path, out: Path, **kwargs):
    return parse_snapshots(SnapshotStore(raw_dir), SOURCES, ALIASES, out / "obs", out / "q", **kwargs)


def files(out: Path) -> dict[str, object]:
    return {name: pq.read_table(out / "obs" / f"{name}.parquet") for name in ("observations", "documents")}


def same(a: dict, b: dict) -> bool:
    return all(a[name].equals(b[name]) for name in a)


@pytest.fixture(scope="module")
def full(raw, tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("full")
    report = parse(raw, out, workers=1)
    assert report.parsed == 40 and not report.unchanged
    return files(out)


def test_a_rerun_with_nothing_new_writes_nothing(raw, full, tmp_path):
    parse(raw, tmp_path, workers=1)
    stamps = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "obs").glob("*.parquet")}
    report = parse(raw, tmp_path, workers=1)
    assert report.unchanged and report.parsed == 0 and report.reused == 40
    assert report.observations == full["observations"].num_rows
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "obs").glob("*.parquet")} == stamps


def test_worker_processes_give_exactly_the_in_process_result(raw, full, tmp_path, monkeypatch):
    monkeypatch.setattr(module, "PARALLEL_MIN_DOCUMENTS", 1)
    monkeypatch.setattr(module, "CHUNK_DOCUMENTS", 7)  # several chunks per worker, one of them short
    report = parse(raw, tmp_path, workers=2)
    assert report.parsed == 40
    assert same(files(tmp_path), full)
    assert not list((tmp_path / "obs").glob(".parse-*"))  # the scratch directory is gone


def test_a_document_gone_and_back_equals_a_full_parse(raw, full, tmp_path):
    copy = tmp_path / "raw"
    shutil.copytree(raw, copy)
    out = tmp_path / "out"
    parse(copy, out, workers=1)
    sidecar = next(p for p in sorted(copy.glob("*/*/t*.json")))
    aside = tmp_path / "aside.json"
    sidecar.rename(aside)
    gone = parse(copy, out, workers=1)
    assert gone.documents == 39 and gone.parsed == 0 and not gone.unchanged
    alone = tmp_path / "alone"
    parse(copy, alone, workers=1)
    assert same(files(out), files(alone))  # what a parse from scratch of the same 39 documents gives
    aside.rename(sidecar)
    back = parse(copy, out, workers=1)
    assert back.parsed == 1 and back.reused == 39
    assert same(files(out), full)


def test_without_the_observations_file_every_document_is_parsed_again(raw, full, tmp_path):
    parse(raw, tmp_path, workers=1)
    (tmp_path / "obs" / "observations.parquet").unlink()
    (tmp_path / "obs" / "by_document").mkdir()  # the per-document cache of earlier versions goes too
    report = parse(raw, tmp_path, workers=1)
    assert report.parsed == 40 and not (tmp_path / "obs" / "by_document").exists()
    assert same(files(tmp_path), full)


def test_sources_on_one_host_share_a_thread_when_a_polite_delay_applies():
    http = [s for s in SOURCES]
    assert len(crawl_groups(http, "https://tjj.example.gov.cn/", delay_s=0.5)) == 1  # one host: one at a time
    assert len(crawl_groups(http, "https://tjj.example.gov.cn/", delay_s=0)) == len(http)


def test_identical_content_put_from_many_threads_is_stored_once(tmp_path):
    import datetime as dt

    store = SnapshotStore(tmp_path / "raw")
    results: list = []
    barrier = threading.Barrier(8)

    def put(i: int) -> None:
        barrier.wait()
        results.append(
            store.put(
                source_id=f"s{i}",
                url=f"http://h/{i}.html",
                final_url=f"http://h/{i}.html",
                content=b"<html>same</html>",
                fetched_at=dt.datetime.now(dt.UTC),
                http_status=200,
                headers={},
                parser="auto",
            )
        )

    threads = [threading.Thread(target=put, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(created for _, created in results) == [False] * 7 + [True]
    assert len({snapshot.path for snapshot, _ in results}) == 1
    assert len(list((tmp_path / "raw").glob("*/*/*.json"))) == 1
