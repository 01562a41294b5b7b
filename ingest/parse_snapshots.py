"""Parse every raw snapshot into observations, incrementally.

Load inputs (snapshots, the previous documents manifest and observations) / process (parse what is
new, or was parsed by another parser version or alias table) / save outputs:

* ``observations/observations.parquet`` — all observations, the file dbt reads. It is also the parse
  cache: the rows of a document parsed before under the same parser version and alias table are
  taken from it, not parsed again;
* ``observations/documents.parquet`` — one row per document: parsed or quarantined, and why;
* ``quarantine/<sha256>.json`` — a readable record per quarantined document.

When there is nothing new (every document was parsed before under the same parser version and
alias table, and the files still hold exactly those documents), nothing is written: the files keep
their content and modification time, and the report says ``unchanged``. Many new documents (a first
crawl, a parser upgrade) are parsed by a pool of worker processes, one per core.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc
import pyarrow.parquet as pq

from ingest.memory import collection_paused, release_unused_memory
from ingest.observations import SCHEMA, Observation, concat_tables, to_table, write_parquet_atomic
from ingest.parsers.aliases import AliasTable
from ingest.parsers.base import DocumentInfo
from ingest.parsers.registry import PARSER_VERSION, parse_document
from ingest.quarantine import Quarantined, QuarantineRecord, clear_record, write_record
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

# Below this many documents to parse, worker processes cost more to start than they save.
PARALLEL_MIN_DOCUMENTS = 400
CHUNK_DOCUMENTS = 40  # documents parsed and converted to Arrow at once (a task of a worker)
SORTED_SLICE_ROWS = 131_072  # rows written at a time (one Parquet row group each)
PROGRESS_EVERY_S = 2.0
# The per-document cache of earlier versions (one Parquet file per document); observations.parquet
# is the cache now, so the directory is removed.
_LEGACY_CACHE_DIR = "by_document"
_PROJECT_ROOT = Path(__file__).resolve().parent.parent  # where `python -m ingest.parse_snapshots` imports from


@dataclass
class ParseReport:
    documents: int = 0
    parsed: int = 0
    reused: int = 0
    quarantined: dict[str, str] = field(default_factory=dict)  # url → reason
    observations: int = 0
    unknown_indicators: set[str] = field(default_factory=set)
    synthetic_observations: int = 0
    unchanged: bool = False  # nothing new: observations and documents were left exactly as they were

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


# What deciding needs from the previous manifest (no timestamps: converting those to Python objects would
# import pandas, a second's work a run with nothing new does not need).
_DECISION_COLUMNS = [
    "document_sha256",
    "source_id",
    "url",
    "status",
    "reason",
    "n_observations",
    "unknown_indicators",
    "cache_key",
]


def _previous_manifest(path: Path) -> dict[str, dict]:
    """The previous documents manifest by sha256 (empty when there is none or it cannot be read)."""
    if not path.exists():
        return {}
    try:
        table = pq.ParquetFile(path).read(columns=_DECISION_COLUMNS)
    except (OSError, pa.ArrowException, KeyError):
        return {}  # every document is parsed again
    return {row["document_sha256"]: row for row in table.to_pylist()}


def _rows_per_document(path: Path) -> dict[str, int] | None:
    """How many observations each document has in an observations file (None: no readable file)."""
    if not path.exists():
        return None
    try:
        shas = pq.ParquetFile(path).read(columns=["document_sha256"]).column(0)
    except (OSError, pa.ArrowException):
        return None
    counts = pc.value_counts(shas)
    return dict(zip(counts.field("values").to_pylist(), counts.field("counts").to_pylist(), strict=True))


class _Throttled:
    """Progress messages at most every few seconds (each one is an event in the run's log)."""

    def __init__(self, progress: Callable[[str], None] | None):
        self.progress = progress
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.progress and (done == total or now - self.last >= PROGRESS_EVERY_S):
            self.last = now
            self.progress(f"parsed {done}/{total} documents")


def parse_snapshots(
    store: SnapshotStore,
    sources: list[Source],
    aliases_path: Path,
    observations_dir: Path,
    quarantine_dir: Path,
    progress: Callable[[str], None] | None = None,
    workers: int | None = None,
) -> ParseReport:
    """Bring observations.parquet and documents.parquet up to date with the snapshots of ``sources``.

    ``workers``: processes for parsing many documents (default: one per available core)."""
    # ---- load inputs -----------------------------------------------------------------------
    cache_key = f"parser-{PARSER_VERSION}/aliases-{_file_hash(aliases_path)}"
    by_source = {s.id: s for s in sources}
    documents_file = observations_dir / "documents.parquet"
    observations_file = observations_dir / "observations.parquet"
    previous = _previous_manifest(documents_file)
    snapshots = [s for s in store.all() if s.sidecar.parser != "list" and s.sidecar.source_id in by_source]
    counts = _rows_per_document(observations_file)

    # ---- what can be reused, what must be parsed ------------------------------------------
    reused: dict[str, dict] = {}
    todo: list[Snapshot] = []
    for snapshot in snapshots:
        cached = previous.get(snapshot.sha256)
        usable = (
            cached is not None
            and cached["cache_key"] == cache_key
            and (
                cached["status"] == "quarantined"
                or (counts is not None and counts.get(snapshot.sha256, 0) == cached["n_observations"])
            )
        )
        if usable:
            reused[snapshot.sha256] = cached
        else:
            todo.append(snapshot)
    kept = {sha for sha, row in reused.items() if row["status"] == "parsed"}
    report = ParseReport()
    report.unchanged = (
        not todo
        and reused.keys() == previous.keys()
        and counts is not None
        and {sha for sha, n in counts.items() if n} == {sha for sha in kept if reused[sha]["n_observations"]}
    )
    _remove_leftovers(observations_dir)
    if report.unchanged:
        _account(report, list(reused.values()))
        report.reused = len(reused)
        report.observations = sum(counts.values())
        synthetic = pq.ParquetFile(observations_file).read(columns=["is_synthetic"]).column(0)
        report.synthetic_observations = int(pc.sum(synthetic).as_py() or 0) if report.observations else 0
        return report

    # ---- parse what is new -----------------------------------------------------------------
    tables: list[pa.Table] = []
    if kept:
        tables.append(_only(pq.ParquetFile(observations_file).read(), kept))
    manifest_rows: list[dict] = []
    tick = _Throttled(progress)
    done = 0
    scratch = observations_dir / f".parse-{os.getpid()}.tmp"
    for rows, table in _parse_all(todo, by_source, store, aliases_path, cache_key, quarantine_dir, workers, scratch):
        manifest_rows.extend(rows)
        if table is not None:
            tables.append(table)
        done += len(rows)
        tick(done, len(todo))
    report.reused = len(reused)
    report.parsed = len(todo)
    _account(report, [*reused.values(), *manifest_rows])

    # ---- save outputs ----------------------------------------------------------------------
    combined = concat_tables(tables, SCHEMA)
    del tables
    report.observations = combined.num_rows
    report.synthetic_observations = int(pc.sum(combined["is_synthetic"]).as_py() or 0) if combined.num_rows else 0
    _write_sorted(combined, observations_file)
    del combined
    release_unused_memory()  # a national parse held hundreds of MB: give them back before dbt starts
    manifest = [pa.Table.from_pylist(manifest_rows, schema=DOCUMENTS_SCHEMA)]
    if reused:
        manifest.append(_only(pq.ParquetFile(documents_file).read(), reused.keys()).cast(DOCUMENTS_SCHEMA))
    documents = pa.concat_tables(manifest).sort_by(
        [("source_id", "ascending"), ("url", "ascending"), ("document_sha256", "ascending")]
    )
    write_parquet_atomic(documents, documents_file)
    return report


def _write_sorted(table: pa.Table, path: Path) -> None:
    """``table`` sorted by source and document, written a slice at a time (never a second full copy),
    to a temporary file renamed into place."""
    order = pc.sort_indices(table, sort_keys=[("source_id", "ascending"), ("document_sha256", "ascending")])
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with pq.ParquetWriter(tmp, SCHEMA, compression="zstd") as writer:
            for start in range(0, max(len(order), 1), SORTED_SLICE_ROWS):
                writer.write_table(table.take(order[start : start + SORTED_SLICE_ROWS]))
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def _only(table: pa.Table, shas: Iterable[str]) -> pa.Table:
    """The rows of ``table`` whose document is one of ``shas``."""
    return table.filter(pc.is_in(table["document_sha256"], pa.array(sorted(shas), pa.string())))


def _account(report: ParseReport, manifest_rows: Sequence[dict]) -> None:
    report.documents = len(manifest_rows)
    for row in manifest_rows:
        if row["status"] == "quarantined":
            report.quarantined[row["url"]] = row["reason"]
        report.unknown_indicators.update(row["unknown_indicators"] or [])


def _remove_leftovers(observations_dir: Path) -> None:
    """The per-document cache of earlier versions, and scratch directories of interrupted runs."""
    for path in [observations_dir / _LEGACY_CACHE_DIR, *observations_dir.glob(".parse-*.tmp")]:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


def _available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _parse_all(
    todo: list[Snapshot],
    by_source: dict[str, Source],
    store: SnapshotStore,
    aliases_path: Path,
    cache_key: str,
    quarantine_dir: Path,
    workers: int | None,
    scratch: Path,
) -> Iterator[tuple[list[dict], pa.Table | None]]:
    """(manifest rows, observations) of the documents in ``todo``, a chunk at a time, in order."""
    workers = workers or _available_cores()
    items = [(s, by_source[s.sidecar.source_id]) for s in todo]
    chunks = [items[i : i + CHUNK_DOCUMENTS] for i in range(0, len(items), CHUNK_DOCUMENTS)]
    if workers > 1 and len(todo) >= PARALLEL_MIN_DOCUMENTS:
        yield from _parse_in_workers(
            chunks, min(workers, len(chunks)), store, aliases_path, cache_key, quarantine_dir, scratch
        )
        return
    aliases = AliasTable.load(aliases_path)
    for chunk in chunks:
        yield _parse_chunk(chunk, store, aliases, cache_key, quarantine_dir)


def _parse_in_workers(
    chunks: list[list[tuple[Snapshot, Source]]],
    workers: int,
    store: SnapshotStore,
    aliases_path: Path,
    cache_key: str,
    quarantine_dir: Path,
    scratch: Path,
) -> Iterator[tuple[list[dict], pa.Table | None]]:
    """Parse ``chunks`` in ``workers`` processes (``python -m ingest.parse_snapshots``), results in order.

    Plain subprocesses, not multiprocessing: a spawned multiprocessing child re-imports the caller's
    ``__main__``, which may be anything. Each worker writes one result file per chunk; a chunk whose
    worker died is parsed here instead, so a crashed worker costs time, never documents."""
    scratch.mkdir(parents=True)
    procs: list[subprocess.Popen] = []
    try:
        for w in range(workers):
            task = scratch / f"task-{w}.pickle"
            assigned = [(i, chunks[i]) for i in range(w, len(chunks), workers)]
            task.write_bytes(pickle.dumps((store.raw_dir, aliases_path, cache_key, quarantine_dir, assigned)))
            with (scratch / f"worker-{w}.err").open("wb") as errors:
                procs.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "ingest.parse_snapshots", str(task), str(scratch)],
                        cwd=_PROJECT_ROOT,
                        stdin=subprocess.DEVNULL,
                        stdout=subprocess.DEVNULL,
                        stderr=errors,
                    )
                )
        aliases: AliasTable | None = None
        for i, chunk in enumerate(chunks):
            result = scratch / f"chunk-{i:06d}.pickle"
            owner = procs[i % workers]
            while not result.exists() and owner.poll() is None:
                time.sleep(0.02)
            if result.exists():
                rows, ipc = pickle.loads(result.read_bytes())
                result.unlink()
                yield rows, pa.ipc.open_stream(ipc).read_all() if ipc is not None else None
                continue
            # the worker stopped before this chunk (its error is in worker-N.err): parse the chunk here
            aliases = aliases or AliasTable.load(aliases_path)
            yield _parse_chunk(chunk, store, aliases, cache_key, quarantine_dir)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        shutil.rmtree(scratch, ignore_errors=True)


def _parse_chunk(
    items: list[tuple[Snapshot, Source]],
    store: SnapshotStore,
    aliases: AliasTable,
    cache_key: str,
    quarantine_dir: Path,
) -> tuple[list[dict], pa.Table | None]:
    """Parse a chunk of documents and convert its observations, the garbage collector paused meanwhile:
    each of the chunk's thousands of observations would otherwise be walked again at every collection
    (see ingest.memory). They are freed before the collector runs again, for the same reason."""
    rows: list[dict] = []
    observations: list[Observation] = []
    with collection_paused():
        for snapshot, source in items:
            row, found = _parse_one(snapshot, source, store, aliases, cache_key, quarantine_dir)
            rows.append(row)
            observations.extend(found)
        table = to_table(observations) if observations else None
        observations.clear()
    return rows, table


def _worker_main(task_path: Path, out_dir: Path) -> None:
    """A worker process: parse the assigned chunks, one result file per chunk (written, then renamed)."""
    parent = os.getppid()
    raw_dir, aliases_path, cache_key, quarantine_dir, assigned = pickle.loads(task_path.read_bytes())
    store = SnapshotStore(raw_dir)
    aliases = AliasTable.load(aliases_path)
    for index, chunk in assigned:
        if os.getppid() != parent:  # the run that started this worker is gone
            return
        rows, table = _parse_chunk(chunk, store, aliases, cache_key, quarantine_dir)
        ipc = None
        if table is not None:
            sink = pa.BufferOutputStream()
            with pa.ipc.new_stream(sink, table.schema) as writer:
                writer.write_table(table)
            ipc = sink.getvalue().to_pybytes()
        tmp = out_dir / f".chunk-{index:06d}.tmp"
        tmp.write_bytes(pickle.dumps((rows, ipc)))
        tmp.replace(out_dir / f"chunk-{index:06d}.pickle")


def _parse_one(
    snapshot: Snapshot,
    source: Source,
    store: SnapshotStore,
    aliases: AliasTable,
    cache_key: str,
    quarantine_dir: Path,
) -> tuple[dict, list[Observation]]:
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
                sha256=snapshot.sha256,
                source_id=sidecar.source_id,
                url=sidecar.url,
                raw_path=sidecar.path,
                reason=reason,
                message=message,
                parser=sidecar.parser,
                quarantined_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            ),
        )
        return row, []
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
    return row, outcome.observations


if __name__ == "__main__":  # a parse worker: python -m ingest.parse_snapshots TASK OUT_DIR
    _worker_main(Path(sys.argv[1]), Path(sys.argv[2]))
