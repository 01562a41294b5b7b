"""HTTP fetching: one ``requests.Session`` with timeouts, retries, conditional GET and limits.

``file://`` site roots (the bundled sample site, a mirror on disk) go through the same session via
:class:`LocalFileAdapter`, which answers like a static web server (Last-Modified, ETag, 304, 404)
and refuses any path outside its root.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import io
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse, urlsplit, urlunsplit

import requests
from requests.adapters import BaseAdapter, HTTPAdapter
from requests.structures import CaseInsensitiveDict
from urllib3.util.retry import Retry

RETRY_STATUSES = (429, 500, 502, 503, 504)
KEPT_HEADERS = ("content-type", "etag", "last-modified", "content-length", "date", "server")
MAX_REDIRECTS = 5
_USERINFO = re.compile(r"(?<=://)[^/@\s]+@")


def strip_userinfo(url: str) -> str:
    """``url`` without ``user:password@``: credentials of a site root authenticate requests, and are
    never stored (sidecars → observations → mart) or logged."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def redact_userinfo(text: str) -> str:
    """Every URL in ``text`` without its ``user:password@``."""
    return _USERINFO.sub("", text)


class FetchError(Exception):
    """A document could not be fetched; ``reason`` is machine-readable, the message is for people."""

    def __init__(self, url: str, reason: str, message: str, status: int | None = None):
        super().__init__(redact_userinfo(f"{url}: {message}"))
        self.url = url
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class FetchResult:
    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes
    fetched_at: dt.datetime
    not_modified: bool = False

    @property
    def validators(self) -> dict[str, str]:
        return {k: self.headers[k] for k in ("etag", "last-modified") if k in self.headers}


def is_under(url: str, root: str) -> bool:
    """True when ``url`` is ``root`` or below it (same scheme and host, path prefix)."""
    u, r = urlparse(url), urlparse(root)
    if (u.scheme, u.netloc.lower()) != (r.scheme, r.netloc.lower()):
        return False
    upath = unquote(u.path)
    rpath = unquote(r.path)
    if ".." in upath.split("/"):
        return False
    return upath == rpath.rstrip("/") or upath.startswith(rpath if rpath.endswith("/") else rpath + "/")


class LocalFileAdapter(BaseAdapter):
    """Serve ``file://`` URLs below ``root`` like a static web server would."""

    def __init__(self, root: Path):
        super().__init__()
        self.root = root.resolve()

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        response = requests.Response()
        response.request = request
        response.url = request.url
        response.headers = CaseInsensitiveDict()
        path = Path(unquote(urlparse(request.url).path))
        try:
            resolved = path.resolve()
        except OSError:
            resolved = path
        if request.method not in ("GET", "HEAD"):
            response.status_code = 405
        elif not resolved.is_relative_to(self.root):
            response.status_code = 403
        elif not resolved.is_file():
            response.status_code = 404
        else:
            stat = resolved.stat()
            etag = '"' + hashlib.sha1(f"{stat.st_mtime_ns}-{stat.st_size}".encode()).hexdigest()[:16] + '"'
            last_modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
            response.headers["ETag"] = etag
            response.headers["Last-Modified"] = last_modified
            if request.headers.get("If-None-Match") == etag or (
                "If-None-Match" not in request.headers and request.headers.get("If-Modified-Since") == last_modified
            ):
                response.status_code = 304
            else:
                body = resolved.read_bytes()
                response.status_code = 200
                response.headers["Content-Length"] = str(len(body))
                response.headers["Content-Type"] = "text/html"
                response.raw = io.BytesIO(body if request.method == "GET" else b"")
        response.reason = {200: "OK", 304: "Not Modified", 403: "Forbidden", 404: "Not Found"}.get(
            response.status_code, "Method Not Allowed"
        )
        if response.raw is None:
            response.raw = io.BytesIO(b"")
        return response

    def close(self) -> None:
        pass


def build_session(user_agent: str, site_root: str, retries: int = 3, backoff: float = 0.5) -> requests.Session:
    session = requests.Session()
    retry = Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=backoff,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    adapter = HTTPAdapter(max_retries=retry, pool_connections=4, pool_maxsize=4)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    if site_root.startswith("file:"):
        session.mount("file://", LocalFileAdapter(Path(unquote(urlparse(site_root).path))))
    session.headers.update(
        {
            "User-Agent": user_agent,
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
            "Accept-Language": "zh-CN,zh;q=0.9",
        }
    )
    return session


@dataclass
class Fetcher:
    """Fetch documents politely; every failure is a :class:`FetchError` with a reason."""

    session: requests.Session
    allowed_roots: tuple[str, ...]
    timeout: tuple[float, float] = (10.0, 30.0)
    delay_s: float = 0.5
    max_bytes: int = 20 * 1024 * 1024
    requests_made: int = 0
    _last_request: dict[str, float] = field(default_factory=dict)

    def _wait_politely(self, url: str) -> None:
        host = urlparse(url).netloc
        last = self._last_request.get(host)
        if last is not None and self.delay_s > 0:
            remaining = self.delay_s - (time.monotonic() - last)
            if remaining > 0:
                time.sleep(remaining)
        self._last_request[host] = time.monotonic()

    def get(self, url: str, validators: dict[str, str] | None = None) -> FetchResult:
        if not any(is_under(url, root) for root in self.allowed_roots):
            raise FetchError(url, "outside_source_root", "not under any configured source root; not fetched")
        headers = {}
        if validators:
            if "etag" in validators:
                headers["If-None-Match"] = validators["etag"]
            if "last-modified" in validators:
                headers["If-Modified-Since"] = validators["last-modified"]
        self._wait_politely(url)
        self.requests_made += 1
        fetched_at = dt.datetime.now(dt.UTC)
        try:
            response = self._get_within_roots(url, headers)
        except requests.exceptions.Timeout as exc:
            raise FetchError(url, "timeout", f"timed out after retries ({exc.__class__.__name__})") from exc
        except requests.exceptions.RetryError as exc:
            raise FetchError(url, "http_error", f"gave up after retries: {exc}") from exc
        except requests.exceptions.ConnectionError as exc:
            raise FetchError(url, "connection_error", f"connection failed after retries: {exc}") from exc
        except requests.exceptions.RequestException as exc:
            raise FetchError(url, "request_error", str(exc)) from exc
        with response:
            final_url = response.url
            if final_url != url and not any(is_under(final_url, root) for root in self.allowed_roots):
                raise FetchError(url, "redirect_off_site", f"redirected outside the source roots to {final_url}")
            kept = {k: v for k, v in ((k.lower(), v) for k, v in response.headers.items()) if k in KEPT_HEADERS}
            if response.status_code == 304:
                return FetchResult(url, final_url, 304, kept, b"", fetched_at, not_modified=True)
            try:
                response.raise_for_status()
            except requests.HTTPError as exc:
                raise FetchError(
                    url, "http_error", f"HTTP {response.status_code} {response.reason}", response.status_code
                ) from exc
            content = self._read_limited(url, response)
        return FetchResult(url, final_url, response.status_code, kept, content, fetched_at)

    def _get_within_roots(self, url: str, headers: dict[str, str]) -> requests.Response:
        """GET, following redirects only to URLs under the source roots — checked before they are requested,
        so a page can never make the crawler contact another host or path (requests would follow first)."""
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            response = self.session.get(
                current, headers=headers, timeout=self.timeout, stream=True, allow_redirects=False
            )
            location = self.session.get_redirect_target(response)
            if location is None:
                return response
            response.close()
            current = urljoin(current, location)
            if not any(is_under(current, root) for root in self.allowed_roots):
                raise FetchError(
                    url, "redirect_off_site", f"redirected outside the source roots to {current}; not followed"
                )
        raise FetchError(url, "http_error", f"more than {MAX_REDIRECTS} redirects")

    def _read_limited(self, url: str, response: requests.Response) -> bytes:
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(url, "too_large", f"Content-Length {declared} exceeds the {self.max_bytes}-byte limit")
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(chunk_size=65536):
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(url, "too_large", f"body exceeds the {self.max_bytes}-byte limit")
                chunks.append(chunk)
        except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError) as exc:
            raise FetchError(url, "truncated", f"body ended early or could not be decoded: {exc}") from exc
        except requests.exceptions.ConnectionError as exc:
            raise FetchError(url, "truncated", f"connection dropped while reading the body: {exc}") from exc
        content = b"".join(chunks)
        if (
            declared
            and declared.isdigit()
            and "content-encoding" not in response.headers
            and len(content) < int(declared)
        ):
            raise FetchError(url, "truncated", f"got {len(content)} of {declared} declared bytes")
        return content
