"""Parse every raw snapshot into observations, incrementally.

Load inputs (snapshots, the previous documents manifest) / process (parse what is new, or was
parsed by another parser version or alias table) / save outputs:

* ``observations/by_document/<sha256>.parquet`` — one file per parsed document (the cache);
* ``observations/observations.parquet`` — all observations, the file dbt reads;
* ``observations/documents.parquet`` — one row per document: parsed or quarantined, and why;
* ``quarantine/<sha256>.json`` — a readable record per quarantined document.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ingest.observations import SCHEMA, concat_tables, to_table, write_parquet_atomic
from ingest.parsers.aliases import AliasTable
from ingest.parsers.base import DocumentInfo
from ingest.parsers.registry import PARSER_VERSION, parse_document
from ingest.quarantine import QuarantineRecord, Quarantined, clear_record, write_record
from ingest.snapshots import Snapshot, SnapshotIntegrityError, SnapshotStore
from ingest.sources import Source

DOCUMENTS_SCHEMA = pa.schema(
    [
        pa.field("document_sha256", pa.string(), nullable=False),
        pa.field("source_id", pa.string(), nullable=False),
        pa.field("region_code", pa.string()),
        pa.field("url", pa.string(), nullable=False),
        pa.field("final_url", pa.string()),
        pa.field("fetched_at", pa.timestamp("us", tz="UTC")),
        pa.field("raw_path", pa.string(), nullable=False),
        pa.field("title", pa.string()),
        pa.field("release_date", pa.date32()),
        pa.field("layout", pa.string()),
        pa.field("encoding", pa.string()),
        pa.field("status", pa.string(), nullable=False),  # parsed | quarantined
        pa.field("reason", pa.string()),
        pa.field("message", pa.string()),
        pa.field("n_observations", pa.int64(), nullable=False),
        pa.field("unknown_indicators", pa.list_(pa.string())),
        pa.field("is_synthetic", pa.bool_()),
        pa.field("cache_key", pa.string(), nullable=False),
    ]
)


@dataclass
class ParseReport:
    documents: int = 0
    parsed: int = 0
    reused: int = 0
    quarantined: dict[str, str] = field(default_factory=dict)  # url → reason
    observations: int = 0
    unknown_indicators: set[str] = field(default_factory=set)
    synthetic_observations: int = 0

    def as_metadata(self) -> dict[str, int]:
        return {
            "documents": self.documents,
            "parsed_now": self.parsed,
            "reused_from_cache": self.reused,
            "quarantined": len(self.quarantined),
            "observations": self.observations,
            "unknown_indicators": len(self.unknown_indicators),
            "synthetic_observations": self.synthetic_observations,
        }


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _previous_manifest(path: Path) -> dict[str, dict]:
    if not path.exists():
        return {}
    return {row["document_sha256"]: row for row in pq.read_table(path).to_pylist()}


def parse_snapshots(
    store: SnapshotStore,
    sources: list[Source],
    aliases_path: Path,
    observations_dir: Path,
    quarantine_dir: Path,
    progress: Callable[[str], None] | None = None,
) -> ParseReport:
    aliases = AliasTable.load(aliases_path)
    cache_key = f"parser-{PARSER_VERSION}/aliases-{_file_hash(aliases_path)}"
    by_source = {s.id: s for s in sources}
    documents_file = observations_dir / "documents.parquet"
    by_document = observations_dir / "by_document"
    previous = _previous_manifest(documents_file)
    report = ParseReport()
    manifest_rows: list[dict] = []
    tables: list[pa.Table] = []
    snapshots = [s for s in store.all() if s.sidecar.parser != "list" and s.sidecar.source_id in by_source]
    for i, snapshot in enumerate(snapshots, 1):
        if progress and (i % 25 == 0 or i == len(snapshots)):
            progress(f"parsed {i}/{len(snapshots)} documents")
        report.documents += 1
        source = by_source[snapshot.sidecar.source_id]
        cached = previous.get(snapshot.sha256)
        cache_file = by_document / f"{snapshot.sha256}.parquet"
        if cached and cached["cache_key"] == cache_key and (cached["status"] == "quarantined" or cache_file.exists()):
            row = cached
            report.reused += 1
            if row["status"] == "parsed":
                tables.append(pq.read_table(cache_file))
        else:
            row, table = _parse_one(snapshot, source, store, aliases, cache_key, quarantine_dir)
            report.parsed += 1
            if table is not None:
                write_parquet_atomic(table, cache_file)
                tables.append(table)
        manifest_rows.append(row)
        if row["status"] == "quarantined":
            report.quarantined[row["url"]] = row["reason"]
        report.unknown_indicators.update(row["unknown_indicators"] or [])
    combined = concat_tables(tables, SCHEMA)
    combined = combined.sort_by([("source_id", "ascending"), ("document_sha256", "ascending")])
    report.observations = combined.num_rows
    report.synthetic_observations = int(pc.sum(combined["is_synthetic"]).as_py() or 0) if combined.num_rows else 0
    write_parquet_atomic(combined, observations_dir / "observations.parquet")
    manifest_rows.sort(key=lambda r: (r["source_id"], r["url"], r["document_sha256"]))
    write_parquet_atomic(pa.Table.from_pylist(manifest_rows, schema=DOCUMENTS_SCHEMA), documents_file)
    return report


def _parse_one(
    snapshot: Snapshot,
    source: Source,
    store: SnapshotStore,
    aliases: AliasTable,
    cache_key: str,
    quarantine_dir: Path,
) -> tuple[dict, pa.Table | None]:
    sidecar = snapshot.sidecar
    fetched_at = dt.datetime.fromisoformat(sidecar.fetched_at)
    row = {
        "document_sha256": snapshot.sha256,
        "source_id": sidecar.source_id,
        "region_code": source.region_code,
        "url": sidecar.url,
        "final_url": sidecar.final_url,
        "fetched_at": fetched_at,
        "raw_path": sidecar.path,
        "title": None,
        "release_date": None,
        "layout": None,
        "encoding": None,
        "status": "parsed",
        "reason": None,
        "message": None,
        "n_observations": 0,
        "unknown_indicators": [],
        "is_synthetic": None,
        "cache_key": cache_key,
    }
    try:
        content = store.read(snapshot)
        outcome = parse_document(
            content,
            DocumentInfo(sidecar.source_id, source.region_code, sidecar.url, snapshot.sha256, fetched_at),
            aliases,
            parser=sidecar.parser,
            content_type=sidecar.headers.get("content-type"),
            encoding_hint=sidecar.encoding_hint,
        )
    except (Quarantined, SnapshotIntegrityError) as exc:
        reason = exc.reason if isinstance(exc, Quarantined) else "checksum_mismatch"
        message = exc.message if isinstance(exc, Quarantined) else str(exc)
        row.update(status="quarantined", reason=reason, message=message)
        write_record(
            quarantine_dir,
            QuarantineRecord(
                sha256=snapshot.sha256, source_id=sidecar.source_id, url=sidecar.url, raw_path=sidecar.path,
                reason=reason, message=message, parser=sidecar.parser,
                quarantined_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            ),
        )
        return row, None
    clear_record(quarantine_dir, snapshot.sha256)
    row.update(
        title=outcome.title,
        release_date=outcome.release_date,
        layout=outcome.layout,
        encoding=outcome.encoding,
        n_observations=len(outcome.observations),
        unknown_indicators=outcome.unknown_indicators,
        is_synthetic=outcome.is_synthetic,
    )
    return row, to_table(outcome.observations)
