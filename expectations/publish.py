"""Write-audit-publish: the mart analysts open is swapped in whole, or not at all (DESIGN §6).

1. copy the mart tables out of the warehouse (attached read-only) into a temporary DuckDB file,
   with the table and column docs from dbt as comments, plus ``anomalies`` and ``publications``;
2. re-run the blocking checks on that file — the audit sees exactly what will be published;
3. checkpoint and close it, move a stale ``.wal`` aside, and ``os.replace`` it onto
   ``published/targetwatch.duckdb``; then switch the exports directory and the report the same way.

A failed audit raises :class:`PublishBlocked` and leaves the published mart, exports and report
byte-for-byte as they were. Temporary files are named ``.*.tmp-*`` and are never promoted; leftovers
of a killed run are removed by the next one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from expectations.runner import CheckOutcome, Finding, run_sql_checks
from expectations.sql_checks import CHECKS

MART_TABLES = (
    "target_status_latest",
    "target_progress",
    "targets",
    "indicators",
    "observations",
    "indicator_ytd",
    "revisions",
    "documents",
)
EXPORT_FORMATS = ("parquet", "csv")
DUCKDB_MEMORY_LIMIT = "1GB"

PUBLICATIONS_DDL = """
create table publications (
    publication_id varchar not null,
    published_at timestamptz not null,
    run_id varchar,
    documents_used integer not null,
    document_sha256s varchar[],
    observations integer not null,
    targets integer not null,
    status_counts varchar not null,
    checks_run integer not null,
    checks_passed integer not null,
    warning_checks integer not null,
    check_summary varchar not null,
    contains_synthetic_data boolean not null,
    duckdb_version varchar not null,
    storage_version varchar
)
"""


class PublishBlocked(Exception):
    """The audit of the temporary mart failed; nothing was published."""

    def __init__(self, failures: Sequence[CheckOutcome]):
        self.failures = list(failures)
        lines = "\n".join(f"  - {f.summary()}" for f in self.failures)
        super().__init__(
            f"publish blocked: {len(self.failures)} blocking check(s) failed on the new mart; the previously "
            f"published mart is unchanged.\n{lines}"
        )


@dataclass(frozen=True)
class Publication:
    publication_id: str
    published_at: dt.datetime
    mart_path: Path
    exports_dir: Path
    documents_used: int
    observations: int
    targets: int
    status_counts: dict[str, int]
    warning_checks: int


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_leftovers(published_dir: Path) -> list[Path]:
    """Delete temporary files of earlier, interrupted publishes (never promoted, safe to drop)."""
    removed = []
    if published_dir.exists():
        for path in published_dir.glob(".*.tmp-*"):
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
    return removed


def _discard(tmp_mart: Path) -> None:
    tmp_mart.unlink(missing_ok=True)
    tmp_mart.with_name(tmp_mart.name + ".wal").unlink(missing_ok=True)


def set_aside_stale_wal(mart_path: Path) -> Path | None:
    """A ``.wal`` beside the published file belongs to no writer (we never open it read-write).

    Replaying it onto a new file would corrupt it, so it is moved aside, not deleted."""
    wal = mart_path.with_name(mart_path.name + ".wal")
    if not wal.exists():
        return None
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    target = wal.with_name(f"{wal.name}.stale-{stamp}")
    os.replace(wal, target)
    return target


def _comments(manifest_path: Path | None) -> dict[str, tuple[str, dict[str, str]]]:
    """Table and column descriptions of the mart models, from dbt's manifest."""
    if manifest_path is None or not manifest_path.exists():
        return {}
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    found: dict[str, tuple[str, dict[str, str]]] = {}
    for node in manifest.get("nodes", {}).values():
        if node.get("resource_type") != "model" or node.get("schema") != "marts":
            continue
        name = node.get("alias") or node["name"]
        columns = {c: meta.get("description", "") for c, meta in node.get("columns", {}).items()}
        found[name] = (node.get("description", ""), columns)
    return found


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _build_temp_mart(
    tmp_path: Path,
    warehouse_path: Path,
    anomalies: pa.Table,
    previous_publications: pa.Table | None,
    comments: dict[str, tuple[str, dict[str, str]]],
    storage_version: str | None,
) -> duckdb.DuckDBPyConnection:
    # A bounded buffer pool (DuckDB's default is most of the machine's memory): copying and exporting a
    # national mart then costs about this much, beside the rest of the run. What does not fit spills
    # beside the temporary mart (DuckDB removes the directory at close; a killed run's is a leftover).
    spill = tmp_path.with_name(f"{tmp_path.name}.spill")
    conn = duckdb.connect(config={"memory_limit": DUCKDB_MEMORY_LIMIT, "temp_directory": str(spill)})
    try:
        _fill_temp_mart(conn, tmp_path, warehouse_path, anomalies, previous_publications, comments, storage_version)
    except BaseException:
        conn.close()  # a full disk, a missing table: the caller removes the partial file
        raise
    return conn


def _fill_temp_mart(
    conn: duckdb.DuckDBPyConnection,
    tmp_path: Path,
    warehouse_path: Path,
    anomalies: pa.Table,
    previous_publications: pa.Table | None,
    comments: dict[str, tuple[str, dict[str, str]]],
    storage_version: str | None,
) -> None:
    options = f" (STORAGE_VERSION '{storage_version}')" if storage_version else ""
    conn.execute(f"attach {_sql_string(str(tmp_path))} as mart{options}")
    conn.execute(f"attach {_sql_string(str(warehouse_path))} as warehouse (read_only)")
    conn.execute("use mart")
    for table in MART_TABLES:
        conn.execute(f"create table {table} as select * from warehouse.marts.{table}")
    conn.execute("detach warehouse")
    conn.register("anomalies_arrow", anomalies)
    conn.execute("create table anomalies as select * from anomalies_arrow")
    conn.unregister("anomalies_arrow")
    conn.execute(PUBLICATIONS_DDL)
    if previous_publications is not None and previous_publications.num_rows:
        conn.register("previous_arrow", previous_publications)
        conn.execute("insert into publications by name select * from previous_arrow")
        conn.unregister("previous_arrow")
    for table, (description, columns) in comments.items():
        if table not in MART_TABLES:
            continue
        if description:
            conn.execute(f"comment on table {table} is {_sql_string(description.strip())}")
        existing = {row[0] for row in conn.execute(f"describe {table}").fetchall()}
        for column, text in columns.items():
            if text and column in existing:
                conn.execute(f"comment on column {table}.{column} is {_sql_string(text.strip())}")


def _previous_publications(mart_path: Path) -> pa.Table | None:
    if not mart_path.exists():
        return None
    conn = duckdb.connect(str(mart_path), read_only=True)
    try:
        tables = {r[0] for r in conn.execute("select table_name from information_schema.tables").fetchall()}
        if "publications" not in tables:
            return None
        return conn.sql("select * from publications").to_arrow_table()
    finally:
        conn.close()


def _write_exports(conn: duckdb.DuckDBPyConnection, export_dir: Path) -> None:
    export_dir.mkdir(parents=True)
    for table in (*MART_TABLES, "anomalies", "publications"):
        for fmt in EXPORT_FORMATS:
            target = export_dir / f"{table}.{fmt}"
            options = "(format parquet, compression zstd)" if fmt == "parquet" else "(format csv, header true)"
            conn.execute(f"copy {table} to {_sql_string(str(target))} {options}")


def _swap_symlink(link: Path, target_name: str) -> None:
    tmp_link = link.with_name(f".{link.name}.tmp-{uuid.uuid4().hex[:8]}")
    os.symlink(target_name, tmp_link)
    if link.exists() and not link.is_symlink():
        # an exports directory from an older layout: keep it, renamed, rather than delete data
        os.replace(link, link.with_name(f"{link.name}.old-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}"))
    os.replace(tmp_link, link)


def _prune_export_versions(published_dir: Path, keep: set[str]) -> None:
    for path in published_dir.glob("exports-*"):
        if path.is_dir() and path.name not in keep:
            shutil.rmtree(path)


def publish(
    *,
    warehouse_path: Path,
    published_dir: Path,
    mart_name: str,
    anomalies: pa.Table,
    check_summary: Sequence[dict],
    today: dt.date,
    run_id: str | None,
    manifest_path: Path | None,
    storage_version: str | None = None,
    write_report: Callable[[Path, Path], None] | None = None,
    before_swap: Callable[[str], None] | None = None,
) -> Publication:
    """Build, audit and swap in the mart; then exports and the report. Raises PublishBlocked.

    ``anomalies`` and ``check_summary`` are the quality step's results for this run; a blocking failure
    there (e.g. snapshot integrity, a GX suite) blocks too, before anything is built.

    ``write_report(mart_path, report_tmp_path)`` renders the HTML report from the new mart.
    ``before_swap(stage)`` is a hook for fault-injection tests (called with "audited").
    """
    earlier = [_outcome_from_summary(c) for c in check_summary if c["severity"] == "ERROR" and not c["passed"]]
    if earlier:
        raise PublishBlocked(earlier)
    published_dir.mkdir(parents=True, exist_ok=True)
    remove_leftovers(published_dir)
    mart_path = published_dir / mart_name
    publication_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    tmp_mart = published_dir / f".{mart_name}.tmp-{publication_id}"
    tmp_exports = published_dir / f".exports.tmp-{publication_id}"
    tmp_report = published_dir / f".report.html.tmp-{publication_id}"
    try:
        conn = _build_temp_mart(
            tmp_mart,
            warehouse_path,
            anomalies,
            _previous_publications(mart_path),
            _comments(manifest_path),
            storage_version,
        )
    except BaseException:  # e.g. the disk filled up: free the space of the partial file at once
        _discard(tmp_mart)
        raise
    try:
        outcomes = run_sql_checks(conn, "mart", today, [c for c in CHECKS if c.severity == "ERROR"])
        failures = [o for o in outcomes if o.blocks]
        if failures:
            raise PublishBlocked(failures)
        publication = _record_publication(conn, publication_id, run_id, check_summary, storage_version)
        _write_exports(conn, tmp_exports)
        conn.execute("checkpoint")
    except BaseException:
        conn.close()
        _discard(tmp_mart)
        shutil.rmtree(tmp_exports, ignore_errors=True)
        raise
    conn.close()
    if write_report is not None:
        write_report(tmp_mart, tmp_report)
    if before_swap is not None:
        before_swap("audited")
    # ---- the swap: the mart first (the contract analysts rely on), then exports and report ----
    set_aside_stale_wal(mart_path)
    os.replace(tmp_mart, mart_path)
    _fsync_dir(published_dir)
    versioned = published_dir / f"exports-{publication_id}"
    os.replace(tmp_exports, versioned)
    previous_target = os.readlink(published_dir / "exports") if (published_dir / "exports").is_symlink() else None
    _swap_symlink(published_dir / "exports", versioned.name)
    _prune_export_versions(published_dir, {versioned.name, previous_target or ""})
    if write_report is not None:
        os.replace(tmp_report, published_dir / "report.html")
    _fsync_dir(published_dir)
    return Publication(
        publication_id=publication_id,
        published_at=publication["published_at"],
        mart_path=mart_path,
        exports_dir=published_dir / "exports",
        documents_used=publication["documents_used"],
        observations=publication["observations"],
        targets=publication["targets"],
        status_counts=publication["status_counts"],
        warning_checks=publication["warning_checks"],
    )


def _outcome_from_summary(entry: dict) -> CheckOutcome:
    outcome = CheckOutcome(entry["name"], entry["severity"], entry["guards"], entry["description"], entry["what_to_do"])
    outcome.total_findings = entry["total_findings"]
    outcome.findings = [Finding(None, None, None, reason) for reason in entry["sample"]]
    return outcome


def _record_publication(
    conn: duckdb.DuckDBPyConnection,
    publication_id: str,
    run_id: str | None,
    check_summary: Sequence[dict],
    storage_version: str | None,
) -> dict:
    documents = [r[0] for r in conn.execute("select distinct document_sha256 from observations order by 1").fetchall()]
    observations = conn.execute("select count(*) from observations").fetchone()[0]
    targets = conn.execute("select count(*) from target_status_latest").fetchone()[0]
    status_counts = dict(
        conn.execute("select status, count(*) from target_status_latest group by 1 order by 1").fetchall()
    )
    synthetic = bool(conn.execute("select coalesce(bool_or(is_synthetic), false) from observations").fetchone()[0])
    passed = sum(1 for c in check_summary if c["passed"])
    warning_checks = sum(1 for c in check_summary if c["severity"] == "WARN" and not c["passed"])
    summary = [{"check": c["name"], "severity": c["severity"], "rows": c["total_findings"]} for c in check_summary]
    published_at = dt.datetime.now(dt.UTC)
    conn.execute(
        "insert into publications values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            publication_id,
            published_at,
            run_id,
            len(documents),
            documents,
            observations,
            targets,
            json.dumps(status_counts, ensure_ascii=False),
            len(check_summary),
            passed,
            warning_checks,
            json.dumps(summary, ensure_ascii=False),
            synthetic,
            duckdb.__version__,
            storage_version,
        ],
    )
    return {
        "published_at": published_at,
        "documents_used": len(documents),
        "observations": observations,
        "targets": targets,
        "status_counts": status_counts,
        "warning_checks": warning_checks,
    }
