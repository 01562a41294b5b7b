"""Source declarations (``ingest/sources.toml``): which list pages to crawl and how to read them."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

_ID = re.compile(r"^[a-z0-9_]{1,64}$")
_REGION = re.compile(r"^\d{6}$")


class SourceConfigError(ValueError):
    """The sources file is malformed; the message names the source and the field."""


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    publisher: str
    region_code: str
    list_path: str
    root_path: str
    parser: str = "auto"
    encoding: str = ""
    max_pages: int = 20

    def list_url(self, site_root: str) -> str:
        return urljoin(site_root, self.list_path)

    def root_url(self, site_root: str) -> str:
        return urljoin(site_root, self.root_path)


def _source_from_dict(raw: dict) -> Source:
    missing = [k for k in ("id", "name", "publisher", "region_code", "list_path") if k not in raw]
    if missing:
        raise SourceConfigError(f"source {raw.get('id', '?')!r} is missing {', '.join(missing)}")
    if not _ID.match(str(raw["id"])):
        raise SourceConfigError(f"source id {raw['id']!r} must match [a-z0-9_]+")
    if not _REGION.match(str(raw["region_code"])):
        raise SourceConfigError(f"source {raw['id']!r}: region_code must be a 6-digit code")
    list_path = str(raw["list_path"])
    root_path = str(raw.get("root_path") or list_path.rsplit("/", 1)[0] + "/")
    max_pages = int(raw.get("max_pages", 20))
    if max_pages < 1:
        raise SourceConfigError(f"source {raw['id']!r}: max_pages must be at least 1")
    return Source(
        id=str(raw["id"]),
        name=str(raw["name"]),
        publisher=str(raw["publisher"]),
        region_code=str(raw["region_code"]),
        list_path=list_path,
        root_path=root_path,
        parser=str(raw.get("parser", "auto")),
        encoding=str(raw.get("encoding", "")),
        max_pages=max_pages,
    )


def load_sources(path: Path) -> list[Source]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SourceConfigError(f"cannot read sources file {path}: {exc}") from exc
    sources = [_source_from_dict(raw) for raw in data.get("source", [])]
    if not sources:
        raise SourceConfigError(f"{path} declares no [[source]]")
    ids = [s.id for s in sources]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise SourceConfigError(f"duplicate source ids in {path}: {', '.join(dupes)}")
    return sources
