"""HTTP faults over a whole crawl of the sample site served by a loopback server: every fault ends in
recovery (the same observations as a clean crawl) or in a reported failure / quarantine — never in
figures the page did not print.

Single-request behaviour (one 503 then 200, a permanent 500, a 404, a slow server, a truncated body,
the size limit, an off-site redirect, conditional GET) is proven in tests/ingest/test_http.py; a soft
error page and a failing release within a crawl in tests/ingest/test_crawl.py; Dagster's step retry of
a failing fetch in tests/orchestration/test_fetch_retry.py. This file adds whole-crawl faults, lying
and missing charsets, re-laid-out tables, and the end-to-end "no zeros" check of the published mart.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from ingest.crawl import CrawlState, crawl_source
from ingest.decode import decode_bytes
from ingest.http import Fetcher, build_session
from ingest.parse_snapshots import parse_snapshots
from ingest.parsers.base import DocumentInfo
from ingest.parsers.registry import parse_document
from ingest.quarantine import Quarantined
from ingest.settings import PROJECT_ROOT, SAMPLE_SITE_DIR
from ingest.snapshots import SnapshotStore
from ingest.sources import load_sources
from tests.conftest import LoopbackSite, Reply

from .fuzz_support import ALIASES as ALIAS_TABLE
from .fuzz_support import check_figures

SOURCES = load_sources(PROJECT_ROOT / "ingest" / "sources.toml")
ALIASES = PROJECT_ROOT / "dbt_project" / "seeds" / "indicator_aliases.csv"
FIGURE_COLUMNS = (
    "indicator_raw",
    "period_start",
    "period_end",
    "period_kind",
    "value",
    "unit",
    "yoy_pct",
    "is_lower_bound",
    "is_estimate",
    "quote",
)


def site_files(site: Path = SAMPLE_SITE_DIR) -> dict[str, bytes]:
    return {"/" + p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.html"))}


def serve(loopback: LoopbackSite, files: dict[str, bytes], faults: dict[str, list[Reply]] | None = None) -> None:
    """Every file as a static server would (ETag, 304), except the paths given scripted replies."""
    for path, body in files.items():
        loopback.serve_page(path, body, etag='"' + hashlib.sha1(body).hexdigest()[:12] + '"')
    for path, replies in (faults or {}).items():
        loopback.serve(path, *replies)


def crawl_and_parse(root: str, work: Path, read_timeout: float = 2.0, sources=SOURCES):
    """The ingest stage (crawl the sources, parse every snapshot) against the site at ``root``.

    Returns release failures and quarantined documents by path, and the figures keyed by path."""
    store = SnapshotStore(work / "raw")
    reports = []
    for source in sources:
        session = build_session("targetwatch-reliability", root, retries=3, backoff=0.01)
        fetcher = Fetcher(session, (source.root_url(root),), timeout=(2.0, read_timeout), delay_s=0)
        state = CrawlState(work / "state" / f"crawl_state_{source.id}.json")
        reports.append(crawl_source(source, root, fetcher, store, state))
    parsed = parse_snapshots(SnapshotStore(work / "raw"), sources, ALIASES, work / "obs", work / "q")
    base = root.rstrip("/")
    failures = {f.url.removeprefix(base): f.reason for r in reports for f in r.failures}
    quarantined = {u.removeprefix(base): r for u, r in parsed.quarantined.items()}
    return failures, quarantined, observations(work, base)


def observations(work: Path, base_url: str) -> Counter:
    rows = pq.read_table(work / "obs" / "observations.parquet").to_pylist()
    return Counter((r["url"].removeprefix(base_url), *(r[c] for c in FIGURE_COLUMNS)) for r in rows)


def of_page(figures: Counter, path: str) -> Counter:
    return Counter({k: v for k, v in figures.items() if k[0] == path})


def without_pages(figures: Counter, paths: set[str]) -> Counter:
    return Counter({k: v for k, v in figures.items() if k[0] not in paths})


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Counter:
    """The figures of a fault-free crawl of the same pages (the bundled site via file://), by path."""
    failures, quarantined, figures = crawl_and_parse(SAMPLE_SITE_DIR.as_uri() + "/", tmp_path_factory.mktemp("clean"))
    assert failures == {} and quarantined == {}
    return figures


RELEASE = "/tjj/tjsj/202401/t20240123_2953854.html"  # a monthly indicator table (UTF-8)
PROSE = "/tjj/tjsj/202401/t20240126_2954189.html"  # a prose release
GDP = "/tjj/tjsj/202401/t20240126_2954188.html"  # quarterly GDP
GBK = "/tjj/tjsj/202406/t20240624_2968739.html"  # GBK, declared by <meta charset=gb2312>
COMMUNIQUE = "/tjj/tjgb/202404/t20240423_2962710.html"


def test_flapping_5xx_on_every_page_of_a_crawl_recovers_to_the_clean_figures(loopback, tmp_path, clean):
    """Every list page and release answers 503, then 502, then 200: the session's retries fetch them all."""
    files = site_files()
    serve(
        loopback,
        files,
        {path: [Reply(503, b"busy"), Reply(502, b"bad gateway"), Reply(200, body)] for path, body in files.items()},
    )
    failures, quarantined, figures = crawl_and_parse(loopback.base_url + "/", tmp_path)
    assert (failures, quarantined) == ({}, {})
    assert figures == clean
    assert all(loopback.count(path) >= 3 for path in files)  # every page failed twice first


def test_a_crawl_with_every_kind_of_fault_loses_nothing_and_the_next_crawl_converges(loopback, tmp_path, clean):
    """One crawl meets: 5xx beyond the retries, a timeout, a truncated body, a 200 error page, a wrong and a
    missing charset. Faulty pages are failures or quarantined (no figure from them), every other page's
    figures are exactly the clean ones; once the site heals, the next crawl has exactly the clean figures."""
    files = site_files()
    gbk_without_meta = re.sub(rb"<meta http-equiv[^>]*>", b"", files[GBK])
    assert b"charset" not in gbk_without_meta
    faults = {
        RELEASE: [Reply(503, b"busy")] * 5 + [Reply(200, files[RELEASE])],
        PROSE: [Reply(200, files[PROSE], delay_s=1.0)] * 4 + [Reply(200, files[PROSE])],
        GDP: [Reply(200, files[GDP], {"Content-Type": "text/html"}, truncate_to=300), Reply(200, files[GDP])],
        COMMUNIQUE: [
            Reply(200, "<html><body><p>系统繁忙,请稍后再试</p></body></html>".encode()),
            Reply(200, files[COMMUNIQUE], {"ETag": '"c"'}),
        ],
        GBK: [Reply(200, files[GBK], {"Content-Type": "text/html; charset=utf-8"})],  # a lie: the bytes are GBK
    }
    serve(loopback, files, faults)
    failures, quarantined, figures = crawl_and_parse(loopback.base_url + "/", tmp_path, read_timeout=0.3)
    assert failures.pop(PROSE) in ("timeout", "connection_error")  # a read timeout, after the retries
    assert failures == {RELEASE: "http_error", GDP: "truncated"}
    assert quarantined == {COMMUNIQUE: "soft_error_page"}
    faulty = {RELEASE, PROSE, GDP, COMMUNIQUE}
    assert all(of_page(figures, page) == Counter() for page in faulty)  # no figure from a faulty page
    assert figures == without_pages(clean, faulty)  # every other page exactly as clean
    assert of_page(figures, GBK) == of_page(clean, GBK) != Counter()  # a lying charset, read right

    # the site heals; the GBK page now comes without any charset declaration (a second vintage)
    serve(loopback, {**files, GBK: gbk_without_meta})
    failures, quarantined, figures = crawl_and_parse(loopback.base_url + "/", tmp_path)
    assert failures == {}
    assert quarantined == {COMMUNIQUE: "soft_error_page"}  # the error page stays, a quarantined snapshot
    assert figures == clean + of_page(clean, GBK)  # everything, and the GBK page's figures once per vintage


def _permute_columns(html: str) -> str:
    """Swap the 本月 block and the 1-本月 block of every row of the table (headers move with them)."""

    def row(match: re.Match[str]) -> str:
        cells = re.findall(r"<t([dh])>([^<]*)</t[dh]>", match.group(0))
        if len(cells) != 5:
            return match.group(0)
        order = [0, 3, 4, 1, 2]
        return "<tr>" + "".join(f"<t{cells[i][0]}>{cells[i][1]}</t{cells[i][0]}>" for i in order) + "</tr>"

    return re.sub(r"<tr>.*?</tr>", row, html)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("columns_swapped", "same figures"),
        ("header_removed", "no_figures"),
        ("header_renamed", "no_figures"),
        ("table_to_divs", "no_figures"),
    ],
)
def test_a_re_laid_out_table_is_read_by_its_headers_or_quarantined(loopback, tmp_path, clean, change, expected):
    files = site_files()
    text = decode_bytes(files[RELEASE]).text
    if change == "columns_swapped":
        relaid = _permute_columns(text)
    elif change == "header_removed":
        relaid = re.sub(r"<tr><th>.*?</tr>", "", text, count=1)
    elif change == "header_renamed":
        relaid = re.sub(
            r"<tr><th>.*?</tr>", "<tr><th>项</th><th>甲</th><th>乙</th><th>丙</th><th>丁</th></tr>", text, count=1
        )
    else:
        relaid = re.sub(r"<(/?)(?:table|tbody|thead|tr|td|th)\b[^>]*>", r"<\1div>", text)
    assert relaid != text
    serve(
        loopback,
        {path: body for path, body in files.items() if path.startswith("/tjj/tjsj/")},
        {RELEASE: [Reply(200, relaid.encode("utf-8"), {"Content-Type": "text/html; charset=utf-8"})]},
    )
    releases = [s for s in SOURCES if s.list_path.startswith("tjj/tjsj/")]
    failures, quarantined, figures = crawl_and_parse(loopback.base_url + "/", tmp_path, sources=releases)
    assert failures == {}
    if expected == "same figures":
        assert quarantined == {}
        page, reference = of_page(figures, RELEASE), of_page(clean, RELEASE)
        strip_quote = lambda c: Counter({k[:-1]: v for k, v in c.items()})  # noqa: E731 - the quote's cell order moved
        assert strip_quote(page) == strip_quote(reference) != Counter()
    else:
        assert quarantined.get(RELEASE) in ("no_figures", "missing_required_indicator", "unrecognised_layout")
        assert of_page(figures, RELEASE) == Counter()


@pytest.mark.parametrize(
    ("charset", "expected"),
    [
        ("utf-8", "read"),
        ("ISO-8859-1", "read"),
        ("windows-1252", "read"),
        ("big5", "read"),
        ("x-bogus", "read"),
        ("gb2312", "read"),
        ("koi8-r", "quarantined"),
        (None, "read"),
    ],
)
def test_a_gbk_page_under_any_charset_header_is_read_right_or_quarantined(clean, charset, expected):
    """What the crawl stores (the bytes and the Content-Type header) is what the parse reads: a GBK page
    under a lying header is read as GBK — exactly its clean figures — or quarantined, never garbage."""
    content = SAMPLE_SITE_DIR.joinpath(GBK.lstrip("/")).read_bytes()
    content_type = f"text/html; charset={charset}" if charset else "text/html"
    if charset is None:  # and no <meta> either: detection
        content = re.sub(rb"<meta http-equiv[^>]*>", b"", content)
    info = DocumentInfo("changchun_stats_releases", "220100", "u", hashlib.sha256(content).hexdigest())
    try:
        outcome = parse_document(content, info, ALIAS_TABLE, content_type=content_type)
    except Quarantined as exc:
        assert (expected, exc.reason) == ("quarantined", "encoding" if "mojibake" in exc.message else exc.reason)
        assert exc.reason in ("encoding", "no_figures", "unrecognised_layout", "unparseable_period")
        return
    assert expected == "read", outcome.encoding
    got = Counter(
        (
            o.indicator_raw,
            o.period_start,
            o.period_end,
            o.period_kind,
            o.value,
            o.unit,
            o.yoy_pct,
            o.is_lower_bound,
            o.is_estimate,
            o.quote,
        )
        for o in outcome.observations
    )
    assert got == Counter({k[1:]: v for k, v in of_page(clean, GBK).items()}) != Counter()


@pytest.mark.slow
@pytest.mark.xdist_group("pipeline")
def test_the_published_mart_holds_no_figure_its_quote_does_not_print(mart):
    """End to end: every value (as published) and growth in the mart's observations — the zeros above all —
    is printed in the sentence or table row it came from (a milestone's 1.0 'done' excepted)."""
    rows = mart.execute(
        "select indicator_raw, value_published, unit_published, yoy_pct, quote from observations"
    ).fetchall()
    assert len(rows) > 1000
    for row in rows:
        check_figures(*row, page_text=row[-1])
    zeros = [r for r in rows if r[1] == 0 or r[3] == 0]
    assert zeros and all("0" in r[4] or "持平" in r[4] for r in zeros)
