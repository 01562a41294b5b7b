"""What a publication is built from, so a run with nothing new can say so instead of rebuilding it.

The mart depends on: the observations and documents the parse step wrote, the raw snapshots of those
documents (the quality gate re-verifies their checksums), the extra catalogs, the dbt project, the code of
the quality gate, the publish step and the report, the settings that shape the mart (storage version),
and "today" (the period and freshness checks use it). Their fingerprint is recorded twice:

* ``<home>/state/warehouse_inputs.json`` by the dbt step, for the inputs it built the warehouse from
  (removed when only part of the warehouse was built);
* ``<home>/state/published_inputs.json`` by the publish step, copied from the warehouse's once the
  mart built from that warehouse is swapped in, with the identity of the published file.

The parse step compares the current fingerprint with the published one: equal, the published mart
still the file that was published, and published before this run was requested, means the run would
publish exactly what analysts already have, so dbt, the quality gate and the publish are skipped.
Deleting either file forces the next run to build, check and publish again.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ingest.settings import Settings

FINGERPRINT_VERSION = "1"
WAREHOUSE_INPUTS = "warehouse_inputs.json"
PUBLISHED_INPUTS = "published_inputs.json"
_CODE_DIRS = ("expectations", "orchestration")
_DBT_DIRS = ("models", "macros", "seeds", "tests")
_DBT_FILES = ("dbt_project.yml", "profiles.yml")
_DBT_SUFFIXES = (".sql", ".yml", ".yaml", ".csv")


def _file_digest(path: Path) -> str:
    if not path.is_file():
        return "missing"
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _code_files(settings: Settings) -> Iterator[Path]:
    root = settings.project_root
    for name in _CODE_DIRS:
        yield from sorted((root / name).rglob("*.py"))
    project = settings.dbt_project_dir
    for name in _DBT_FILES:
        yield project / name
    for name in _DBT_DIRS:
        yield from sorted(p for p in (project / name).rglob("*") if p.suffix in _DBT_SUFFIXES)


def _raw_signature(settings: Settings) -> Iterator[str]:
    """Size and modification time of every document's raw file and sidecar: an edited or deleted snapshot
    changes it, so the quality gate (which re-verifies the checksums) runs again."""
    try:
        paths = pq.ParquetFile(settings.documents_file).read(columns=["raw_path"]).column(0).to_pylist()
    except (OSError, pa.ArrowException):
        return
    for relative in sorted(paths):
        for path in (settings.raw_dir / relative, settings.raw_dir / f"{relative}.json"):
            try:
                stat = path.stat()
            except OSError:
                yield f"{relative}: missing"
                continue
            yield f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}"


def inputs_fingerprint(settings: Settings) -> str:
    """A digest of everything the warehouse, the quality gate and the published mart are built from."""
    digest = hashlib.sha256()

    def add(label: str, value: str) -> None:
        digest.update(f"{label}\0{value}\n".encode())

    add("version", FINGERPRINT_VERSION)
    add("today", settings.effective_today().isoformat())
    add("mart_storage_version", str(settings.mart_storage_version))
    add("observations", _file_digest(settings.observations_file))
    add("documents", _file_digest(settings.documents_file))
    for path in sorted(settings.catalogs_dir.glob("*.csv")):
        add(f"catalog {path.name}", _file_digest(path))
    for path in _code_files(settings):
        add(f"code {path.relative_to(settings.project_root)}", _file_digest(path))
    raw = hashlib.sha256()
    for line in _raw_signature(settings):
        raw.update(line.encode() + b"\n")
    add("raw", raw.hexdigest())
    return digest.hexdigest()


def _read(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    tmp.replace(path)


def _mart_identity(mart_path: Path) -> dict | None:
    try:
        stat = mart_path.stat()
    except OSError:
        return None
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "inode": stat.st_ino}


def record_warehouse_inputs(settings: Settings, fingerprint: str | None) -> None:
    """After a dbt build: what the warehouse was built from (None: only part of it was built)."""
    path = settings.state_dir / WAREHOUSE_INPUTS
    if fingerprint is None:
        path.unlink(missing_ok=True)
    else:
        _write(path, {"fingerprint": fingerprint})


def record_published_inputs(settings: Settings, publication_id: str) -> None:
    """After a publish: the published mart was built from the warehouse's recorded inputs."""
    warehouse = _read(settings.state_dir / WAREHOUSE_INPUTS)
    path = settings.state_dir / PUBLISHED_INPUTS
    identity = _mart_identity(settings.published_mart_path)
    if warehouse is None or identity is None:
        path.unlink(missing_ok=True)
        return
    _write(
        path,
        {
            "fingerprint": warehouse["fingerprint"],
            "publication_id": publication_id,
            "mart": identity,
            "recorded_at": time.time(),
        },
    )


def unchanged_publication(settings: Settings, fingerprint: str, requested_at: float) -> str | None:
    """The id of the publication that was built from exactly these inputs and is still the published
    mart, or None (something changed, nothing was published yet, or the published file was replaced).

    Only a publication from before ``requested_at`` (when this run was created, epoch seconds) counts: a
    run requested while another one was working — it then waited for the run lock — builds and
    publishes in full, whatever the other run published meanwhile."""
    published = _read(settings.state_dir / PUBLISHED_INPUTS)
    if not published or published.get("fingerprint") != fingerprint:
        return None
    if published.get("mart") != _mart_identity(settings.published_mart_path):
        return None
    if not isinstance(published.get("recorded_at"), int | float) or published["recorded_at"] >= requested_at:
        return None
    return str(published.get("publication_id") or "") or None
