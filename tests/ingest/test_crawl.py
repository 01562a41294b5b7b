"""Crawling a TRS-style column: discovery, incremental fetching, quarantine of error pages."""

import datetime as dt

import pyarrow.parquet as pq

from ingest.crawl import CrawlState, crawl_source, extract_links, list_page_urls
from ingest.http import Fetcher, build_session
from ingest.parse_snapshots import parse_snapshots
from ingest.settings import SAMPLE_SITE_DIR
from ingest.snapshots import SnapshotStore
from ingest.sources import Source
from tests.conftest import Reply

SOURCE = Source(
    id="test_src",
    name="测试",
    publisher="市统计局",
    region_code="220100",
    list_path="tjsj/index.html",
    root_path="tjsj/",
    max_pages=5,
)

LIST = """<html><body><ul>
<li><a href="./202404/t20240419_2.html">2024年1-3月主要经济指标</a></li>
<li><a href="./202403/t20240320_1.html">2024年1-2月主要经济指标</a></li>
<li><a href="/elsewhere/t20240101_9.html">外部</a></li>
<li><a href="http://example.invalid/tjsj/t1.html">外站</a></li>
<li><a href="index_1.html">下一页</a></li>
</ul></body></html>"""
LIST_2 = """<html><body><a href="./202302/t20230320_0.html">2023年1-2月主要经济指标</a></body></html>"""


def release(title: str, value: str) -> str:
    return f"""<html><head><meta charset="utf-8"><title>{title}</title></head><body>
<div class="article"><h1>{title}</h1><div class="info"><span class="date">发布时间:2024-04-19</span></div>
<div id="zoom"><table><tr><td>指标</td><td>1-本月</td><td>比去年同期增长(%)</td></tr>
<tr><td>社会消费品零售总额(亿元)</td><td>{value}</td><td>6.3</td></tr></table></div></div></body></html>"""


def serve_site(loopback):
    loopback.serve_page("/tjsj/index.html", LIST, etag='"l1"')
    loopback.serve_page("/tjsj/index_1.html", LIST_2, etag='"l2"')
    loopback.serve_page("/tjsj/202404/t20240419_2.html", release("2024年1-3月主要经济指标", "520.7"), etag='"r2"')
    loopback.serve_page("/tjsj/202403/t20240320_1.html", release("2024年1-2月主要经济指标", "338.6"), etag='"r1"')
    loopback.serve_page("/tjsj/202302/t20230320_0.html", release("2023年1-2月主要经济指标", "320.1"), etag='"r0"')


def crawl(loopback, tmp_path):
    fetcher = Fetcher(
        build_session("t", loopback.base_url + "/", backoff=0.01),
        (SOURCE.root_url(loopback.base_url + "/"),),
        delay_s=0,
    )
    store = SnapshotStore(tmp_path / "raw")
    state = CrawlState(tmp_path / "state.json")
    return crawl_source(SOURCE, loopback.base_url + "/", fetcher, store, state), fetcher, store


def test_list_pages_follow_the_trs_naming():
    assert list_page_urls("http://h/tjsj/index.html", 3) == [
        "http://h/tjsj/index.html",
        "http://h/tjsj/index_1.html",
        "http://h/tjsj/index_2.html",
    ]


def test_links_are_absolute_and_deduplicated():
    html = '<a href="a.html">1</a><a href="a.html#x">2</a><a href="javascript:void(0)">3</a><a href="/b.html">4</a>'
    assert extract_links(html, "http://h/tjsj/index.html") == ["http://h/tjsj/a.html", "http://h/b.html"]


def test_a_crawl_discovers_releases_across_list_pages_and_stays_under_the_root(loopback, tmp_path):
    serve_site(loopback)
    report, _, store = crawl(loopback, tmp_path)
    assert report.list_pages == 2
    assert report.discovered == 3
    assert report.new_snapshots == 3
    assert report.skipped_off_root == 2
    assert report.failures == []
    assert loopback.count("/elsewhere/t20240101_9.html") == 0
    releases = [s for s in store.all() if s.sidecar.parser != "list"]
    assert sorted(s.sidecar.url.rsplit("/", 1)[-1] for s in releases) == [
        "t20230320_0.html",
        "t20240320_1.html",
        "t20240419_2.html",
    ]


def test_a_recrawl_of_an_unchanged_site_fetches_and_stores_nothing_new(loopback, tmp_path):
    serve_site(loopback)
    crawl(loopback, tmp_path)
    loopback.requests.clear()
    report, fetcher, store = crawl(loopback, tmp_path)
    assert (report.fetched, report.not_modified, report.new_snapshots) == (0, 3, 0)
    # every request carried a validator and was answered 304, except the probe past the last list page
    assert fetcher.requests_made == 6
    assert all("If-None-Match" in headers for path, headers in loopback.requests if path != "/tjsj/index_2.html")
    assert len(store.all()) == 5  # 3 releases + 2 list pages, each stored once


def test_a_revised_release_is_a_new_vintage_and_both_parse(loopback, tmp_path):
    serve_site(loopback)
    crawl(loopback, tmp_path)
    loopback.serve_page("/tjsj/202404/t20240419_2.html", release("2024年1-3月主要经济指标", "521.9"), etag='"r2b"')
    report, _, store = crawl(loopback, tmp_path)
    assert (report.fetched, report.new_snapshots) == (1, 1)
    versions = [s for s in store.all() if s.sidecar.url.endswith("t20240419_2.html")]
    assert len(versions) == 2
    parse_snapshots(
        store,
        [SOURCE],
        SAMPLE_SITE_DIR.parent.parent / "dbt_project/seeds/indicator_aliases.csv",
        tmp_path / "obs",
        tmp_path / "q",
    )
    rows = pq.read_table(tmp_path / "obs" / "observations.parquet").to_pylist()
    march = sorted(r["value"] for r in rows if r["period_end"] == dt.date(2024, 3, 31))
    assert march == [520.7, 521.9]


def test_a_soft_error_page_is_kept_quarantined_and_asked_for_again(loopback, tmp_path):
    serve_site(loopback)
    busy = "<html><body><p>系统繁忙,请稍后再试</p></body></html>"
    loopback.routes["/tjsj/202404/t20240419_2.html"] = [Reply(200, busy.encode(), {"ETag": '"err"'})]
    report, _, store = crawl(loopback, tmp_path)
    assert report.new_snapshots == 3
    result = parse_snapshots(
        store,
        [SOURCE],
        SAMPLE_SITE_DIR.parent.parent / "dbt_project/seeds/indicator_aliases.csv",
        tmp_path / "obs",
        tmp_path / "q",
    )
    quarantined = {url.rsplit("/", 1)[-1]: reason for url, reason in result.quarantined.items()}
    assert quarantined == {"t20240419_2.html": "soft_error_page"}
    assert len(list((tmp_path / "q").glob("*.json"))) == 1
    loopback.requests.clear()
    crawl(loopback, tmp_path)
    sent = [h for p, h in loopback.requests if p == "/tjsj/202404/t20240419_2.html"]
    assert sent and "If-None-Match" not in sent[0]  # no validator was kept for the error page


def test_failures_of_single_releases_do_not_stop_the_others(loopback, tmp_path):
    serve_site(loopback)
    loopback.serve("/tjsj/202403/t20240320_1.html", Reply(500, b"oops"))
    report, _, _ = crawl(loopback, tmp_path)
    assert report.new_snapshots == 2
    assert [(f.url.rsplit("/", 1)[-1], f.reason) for f in report.failures] == [("t20240320_1.html", "http_error")]


def test_an_unreachable_list_page_is_reported(loopback, tmp_path):
    loopback.serve("/tjsj/index.html", Reply(503, b"down"))
    report, _, _ = crawl(loopback, tmp_path)
    assert report.list_pages == 0
    assert report.failures[0].reason == "http_error"
