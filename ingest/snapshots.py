"""Immutable raw snapshots with provenance sidecars (DESIGN §3).

Layout: ``<raw>/<source_id>/<yyyy-mm-dd>/<slug>-<sha12>.<ext>`` plus ``…<ext>.json``.
Files are written to a temporary name and renamed, so a reader never sees half a file; a snapshot
is never rewritten; identical content (same sha256) is stored once. Reading verifies the checksum.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from ingest.http import strip_userinfo

_SLUG_CHARS = re.compile(r"[^A-Za-z0-9._-]+")
_SOURCE_ID = re.compile(r"^[a-z0-9_]{1,64}$")


class SnapshotIntegrityError(Exception):
    """A stored snapshot no longer matches the checksum in its sidecar."""


@dataclass(frozen=True)
class Sidecar:
    source_id: str
    url: str
    final_url: str
    fetched_at: str  # ISO 8601, UTC
    http_status: int
    headers: dict[str, str]
    sha256: str
    size: int
    parser: str
    path: str  # relative to the raw directory
    encoding_hint: str = ""


@dataclass(frozen=True)
class Snapshot:
    sidecar: Sidecar
    path: Path

    @property
    def sha256(self) -> str:
        return self.sidecar.sha256


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _slug(url: str) -> tuple[str, str]:
    """A filesystem-safe stem and extension from a URL; never contains a path separator."""
    name = unquote(urlparse(url).path).rsplit("/", 1)[-1] or "index.html"
    stem, _, ext = name.rpartition(".")
    if not stem:
        stem, ext = name, "html"
    stem = _SLUG_CHARS.sub("_", stem).strip("._")[:60] or "document"
    ext = _SLUG_CHARS.sub("", ext)[:8].lower() or "html"
    return stem, ext


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


class SnapshotStore:
    """The raw snapshots under ``raw_dir``. Safe to share between threads (the crawl fetches sources
    concurrently): identical content put by two threads at once is still stored once."""

    def __init__(self, raw_dir: Path):
        self.raw_dir = raw_dir.resolve()
        self._by_sha: dict[str, Snapshot] | None = None
        self._lock = threading.Lock()
        self._writing: dict[str, threading.Event] = {}  # sha256 → set once its snapshot is stored (or failed)

    # ---- index ----------------------------------------------------------------------
    def _index(self) -> dict[str, Snapshot]:
        if self._by_sha is None:
            with self._lock:
                if self._by_sha is None:
                    index: dict[str, Snapshot] = {}
                    for snapshot in self._scan():
                        index.setdefault(snapshot.sha256, snapshot)
                    self._by_sha = index
        return self._by_sha

    def _scan(self) -> Iterator[Snapshot]:
        if not self.raw_dir.exists():
            return
        for sidecar_path in sorted(self.raw_dir.glob("*/*/*.json")):
            data = json.loads(sidecar_path.read_text(encoding="utf-8"))
            sidecar = Sidecar(**data)
            yield Snapshot(sidecar, self.raw_dir / sidecar.path)

    def all(self) -> list[Snapshot]:
        return sorted(self._index().values(), key=lambda s: (s.sidecar.fetched_at, s.sidecar.path))

    def get(self, sha256: str) -> Snapshot | None:
        return self._index().get(sha256)

    # ---- write ----------------------------------------------------------------------
    def put(
        self,
        *,
        source_id: str,
        url: str,
        final_url: str,
        content: bytes,
        fetched_at: dt.datetime,
        http_status: int,
        headers: dict[str, str],
        parser: str,
        encoding_hint: str = "",
    ) -> tuple[Snapshot, bool]:
        """Store ``content`` unless identical content is already stored. Returns (snapshot, created)."""
        if not _SOURCE_ID.match(source_id):
            raise ValueError(f"invalid source id {source_id!r}")
        digest = sha256_hex(content)
        index = self._index()
        while True:
            with self._lock:
                existing = index.get(digest)
                if existing is not None:
                    return existing, False
                writing = self._writing.get(digest)
                if writing is None:  # this thread stores it; another one with the same content waits
                    self._writing[digest] = threading.Event()
                    break
            writing.wait()
        try:
            return self._store(
                digest,
                source_id=source_id,
                url=url,
                final_url=final_url,
                content=content,
                fetched_at=fetched_at,
                http_status=http_status,
                headers=headers,
                parser=parser,
                encoding_hint=encoding_hint,
            ), True
        finally:
            with self._lock:
                self._writing.pop(digest).set()

    def _store(
        self,
        digest: str,
        *,
        source_id: str,
        url: str,
        final_url: str,
        content: bytes,
        fetched_at: dt.datetime,
        http_status: int,
        headers: dict[str, str],
        parser: str,
        encoding_hint: str,
    ) -> Snapshot:
        stem, ext = _slug(final_url or url)
        day = fetched_at.astimezone(dt.UTC).date().isoformat()
        folder = self.raw_dir / source_id / day
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{stem}-{digest[:12]}.{ext}"
        if not path.resolve().is_relative_to(self.raw_dir):
            raise ValueError(f"snapshot path for {url!r} escapes the raw directory")
        sidecar = Sidecar(
            source_id=source_id,
            url=strip_userinfo(url),
            final_url=strip_userinfo(final_url),
            fetched_at=fetched_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
            http_status=http_status,
            headers=dict(headers),
            sha256=digest,
            size=len(content),
            parser=parser,
            path=path.relative_to(self.raw_dir).as_posix(),
            encoding_hint=encoding_hint,
        )
        _write_atomic(path, content)
        # The sidecar is written last: a snapshot without a sidecar is invisible, never half-known.
        _write_atomic(
            path.with_name(path.name + ".json"), json.dumps(asdict(sidecar), ensure_ascii=False, indent=2).encode()
        )
        snapshot = Snapshot(sidecar, path)
        index = self._index()
        with self._lock:
            index[digest] = snapshot
        return snapshot

    # ---- read -----------------------------------------------------------------------
    def read(self, snapshot: Snapshot) -> bytes:
        content = snapshot.path.read_bytes()
        actual = sha256_hex(content)
        if actual != snapshot.sha256:
            raise SnapshotIntegrityError(
                f"{snapshot.path} has sha256 {actual[:12]}…, its sidecar says {snapshot.sha256[:12]}…: "
                "the raw file was modified or corrupted. Restore it from backup or delete the file and "
                "its sidecar so the next crawl fetches it again."
            )
        return content
