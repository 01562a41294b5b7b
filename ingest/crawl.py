"""Crawl a source's list pages, fetch new or changed releases and snapshot them.

Load inputs (list pages, crawl state) / process (discover, conditional GET) / save outputs
(snapshots, crawl state). Failures of single documents are collected, never raised past the
source, so one broken page does not stop the others.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html

from ingest.decode import DecodeError, decode_bytes
from ingest.http import Fetcher, FetchError, is_under, redact_userinfo, strip_userinfo
from ingest.quarantine import soft_error_marker
from ingest.snapshots import SnapshotStore
from ingest.sources import Source

_LIST_PAGE = re.compile(r"/index(_\d+)?\.s?html?$")
_DOCUMENT = re.compile(r"\.(s?html?|htm)$", re.IGNORECASE)


@dataclass
class CrawlFailure:
    url: str
    reason: str
    message: str

    def __post_init__(self) -> None:  # failures are logged and shown: never with a site's credentials
        self.url = strip_userinfo(self.url)
        self.message = redact_userinfo(self.message)


@dataclass
class CrawlReport:
    source_id: str
    list_pages: int = 0
    discovered: int = 0
    fetched: int = 0
    not_modified: int = 0
    new_snapshots: int = 0
    unchanged_content: int = 0
    skipped_off_root: int = 0
    failures: list[CrawlFailure] = field(default_factory=list)

    def as_metadata(self) -> dict[str, int]:
        return {
            "list_pages": self.list_pages,
            "discovered": self.discovered,
            "fetched": self.fetched,
            "not_modified": self.not_modified,
            "new_snapshots": self.new_snapshots,
            "unchanged_content": self.unchanged_content,
            "skipped_off_root": self.skipped_off_root,
            "failures": len(self.failures),
        }


class CrawlState:
    """Validators (ETag, Last-Modified) and last content hash per URL, in one JSON file."""

    def __init__(self, path: Path):
        self.path = path
        self.entries: dict[str, dict[str, str]] = {}
        if path.exists():
            self.entries = json.loads(path.read_text(encoding="utf-8"))

    def validators(self, url: str) -> dict[str, str]:
        entry = self.entries.get(url, {})
        return {k: entry[k] for k in ("etag", "last-modified") if k in entry}

    def record(self, url: str, validators: dict[str, str], sha256: str) -> None:
        self.entries[url] = {**validators, "sha256": sha256}

    def forget(self, url: str) -> None:
        self.entries.pop(url, None)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(self.entries, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.path)


def extract_links(html_text: str, base_url: str) -> list[str]:
    """Absolute, fragment-free links of a list page, in page order, without duplicates."""
    if not html_text.strip():
        return []
    document = lxml.html.document_fromstring(html_text)
    links: list[str] = []
    seen: set[str] = set()
    for anchor in document.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        url = urldefrag(urljoin(base_url, href)).url
        if url not in seen:
            seen.add(url)
            links.append(url)
    return links


def list_page_urls(first: str, max_pages: int) -> list[str]:
    """TRS list pages: ``index.html``, ``index_1.html``, … ``index_{max_pages-1}.html``."""
    match = re.search(r"index\.(s?html?)$", first)
    if not match:
        return [first]
    stem = first[: match.start()]
    return [first] + [f"{stem}index_{n}.{match.group(1)}" for n in range(1, max_pages)]


@dataclass
class ListPages:
    """What a source's list pages say: the release URLs (newest first, as listed)."""

    release_urls: list[str] = field(default_factory=list)
    pages_read: int = 0
    skipped_off_root: int = 0
    failures: list[CrawlFailure] = field(default_factory=list)


def read_list_pages(
    source: Source,
    site_root: str,
    fetcher: Fetcher,
    store: SnapshotStore | None = None,
    state: CrawlState | None = None,
) -> ListPages:
    """Read ``index.html``, ``index_1.html``, … until a page is missing; collect release links.

    With a ``store`` and ``state`` (the crawl), list pages are fetched conditionally and snapshotted;
    without (the sensor), they are only read.
    """
    listing = ListPages()
    root = source.root_url(site_root)
    for n, list_url in enumerate(list_page_urls(source.list_url(site_root), source.max_pages)):
        validators = state.validators(list_url) if state and store else None
        try:
            result = fetcher.get(list_url, validators)
            content = result.content
            if result.not_modified:
                content = _stored_content(store, state, list_url) if store and state else None
                if content is None:  # state says we have it but the snapshot is gone: fetch again
                    result = fetcher.get(list_url)
                    content = result.content
        except FetchError as exc:
            if not (n > 0 and exc.status == 404):  # a 404 after the first page: ran past the last one
                listing.failures.append(CrawlFailure(list_url, exc.reason, str(exc)))
            break
        try:
            text = decode_bytes(content, result.headers.get("content-type"), source.encoding).text
        except DecodeError as exc:
            listing.failures.append(CrawlFailure(list_url, "encoding", str(exc)))
            continue
        marker = soft_error_marker(text)
        if marker:
            listing.failures.append(CrawlFailure(list_url, "soft_error_page", f"list page is an error page ({marker})"))
            continue
        listing.pages_read += 1
        if store is not None and state is not None and not result.not_modified:
            snapshot, _ = store.put(
                source_id=source.id,
                url=list_url,
                final_url=result.final_url,
                content=content,
                fetched_at=result.fetched_at,
                http_status=result.status,
                headers=result.headers,
                parser="list",
                encoding_hint=source.encoding,
            )
            state.record(list_url, result.validators, snapshot.sha256)
        for link in extract_links(text, result.final_url):
            if _LIST_PAGE.search(link) or not _DOCUMENT.search(link):
                continue
            if not is_under(link, root):
                listing.skipped_off_root += 1
                continue
            if link not in listing.release_urls:
                listing.release_urls.append(link)
    return listing


def crawl_source(
    source: Source,
    site_root: str,
    fetcher: Fetcher,
    store: SnapshotStore,
    state: CrawlState,
    progress: Callable[[str], None] | None = None,
) -> CrawlReport:
    listing = read_list_pages(source, site_root, fetcher, store, state)
    report = CrawlReport(
        source.id,
        list_pages=listing.pages_read,
        discovered=len(listing.release_urls),
        skipped_off_root=listing.skipped_off_root,
        failures=list(listing.failures),
    )
    for i, url in enumerate(listing.release_urls, 1):
        if progress:
            progress(f"{source.id}: {i}/{len(listing.release_urls)} {url.rsplit('/', 1)[-1]}")
        _fetch_release(source, url, fetcher, store, state, report)
    state.save()
    return report


def _stored_content(store: SnapshotStore, state: CrawlState, url: str) -> bytes | None:
    sha = state.entries.get(url, {}).get("sha256")
    snapshot = store.get(sha) if sha else None
    return store.read(snapshot) if snapshot else None


def _fetch_release(
    source: Source, url: str, fetcher: Fetcher, store: SnapshotStore, state: CrawlState, report: CrawlReport
) -> None:
    recorded = state.entries.get(url, {}).get("sha256")
    # Validators only while the snapshot they vouch for is stored: after a corrupted snapshot was
    # deleted (with its sidecar), a 304 would otherwise keep the document away for good.
    validators = state.validators(url) if recorded and store.get(recorded) is not None else None
    try:
        result = fetcher.get(url, validators)
    except FetchError as exc:
        report.failures.append(CrawlFailure(url, exc.reason, str(exc)))
        return
    if result.not_modified:
        report.not_modified += 1
        return
    report.fetched += 1
    snapshot, created = store.put(
        source_id=source.id,
        url=url,
        final_url=result.final_url,
        content=result.content,
        fetched_at=result.fetched_at,
        http_status=result.status,
        headers=result.headers,
        parser=source.parser,
        encoding_hint=source.encoding,
    )
    if created:
        report.new_snapshots += 1
    else:
        report.unchanged_content += 1
    # A soft error page is kept (and quarantined by the parse step) but its validators are not:
    # the next crawl must ask again instead of being told "not modified" about an error page.
    try:
        text = decode_bytes(result.content, result.headers.get("content-type"), source.encoding).text
        is_error_page = soft_error_marker(text) is not None
    except DecodeError:
        is_error_page = False
    if is_error_page:
        state.forget(url)
    else:
        state.record(url, result.validators, snapshot.sha256)


# ---- many sources ---------------------------------------------------------------------------
CRAWL_THREADS = 8


def crawl_groups(sources: Sequence[Source], site_root: str, delay_s: float) -> list[list[Source]]:
    """Sources that are crawled one after the other, in one thread; groups run side by side.

    With a politeness delay, one group per host: a host sees one request at a time, ``delay_s`` apart,
    whatever the number of its sources. Without one (a site on disk), every source is its own group."""
    if delay_s <= 0:
        return [[source] for source in sources]
    by_host: dict[str, list[Source]] = {}
    for source in sources:
        by_host.setdefault(urlsplit(source.list_url(site_root)).netloc.lower(), []).append(source)
    return list(by_host.values())


def crawl_sources(
    sources: Sequence[Source],
    site_root: str,
    fetcher_for: Callable[[Source, dict[str, float]], Fetcher],
    store: SnapshotStore,
    state_path: Callable[[Source], Path],
    delay_s: float,
    threads: int = CRAWL_THREADS,
) -> Iterator[tuple[Source, CrawlReport, Fetcher]]:
    """Crawl ``sources`` (groups of :func:`crawl_groups` side by side); yields each source's report as it ends.

    ``fetcher_for(source, last_request)`` builds a source's fetcher; fetchers of one group share
    ``last_request`` (host → time of the last request), so the delay holds across their sources."""
    groups = crawl_groups(sources, site_root, delay_s)

    def crawl_group(group: list[Source]) -> list[tuple[Source, CrawlReport, Fetcher]]:
        last_request: dict[str, float] = {}
        done = []
        for source in group:
            fetcher = fetcher_for(source, last_request)
            report = crawl_source(source, site_root, fetcher, store, CrawlState(state_path(source)))
            done.append((source, report, fetcher))
        return done

    if len(groups) == 1 or threads <= 1:
        for group in groups:
            yield from crawl_group(group)
        return
    with ThreadPoolExecutor(min(threads, len(groups)), thread_name_prefix="crawl") as pool:
        for finished in as_completed([pool.submit(crawl_group, group) for group in groups]):
            yield from finished.result()
