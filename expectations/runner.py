"""Run every quality check and turn the results into the ``anomalies`` table.

Load inputs (a read-only DuckDB connection to the warehouse or a mart file, the raw snapshots) /
process (SQL checks, snapshot integrity, GX suites) / save outputs (``quality/anomalies.parquet``).
A check that cannot run is itself an ERROR: a broken check never passes silently.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from expectations.sql_checks import CHECKS, Severity, SqlCheck
from ingest.memory import release_unused_memory
from ingest.observations import write_parquet_atomic
from ingest.snapshots import SnapshotIntegrityError, SnapshotStore

MAX_FINDINGS_PER_CHECK = 500
# Great Expectations validates pandas batches of at most about this many rows (expectations/gx_suites.py).
GX_BATCH_ROWS = 250_000
DUCKDB_MEMORY_LIMIT = "1GB"  # the checks' connection's buffer pool (DuckDB's default: most of the machine)

ANOMALIES_SCHEMA = pa.schema(
    [
        pa.field("check_name", pa.string(), nullable=False),
        pa.field("severity", pa.string(), nullable=False),
        pa.field("guards", pa.string(), nullable=False),
        pa.field("region_code", pa.string()),
        pa.field("indicator_id", pa.string()),
        pa.field("period", pa.string()),
        pa.field("reason", pa.string(), nullable=False),
        pa.field("document_url", pa.string()),
        pa.field("detected_at", pa.timestamp("us", tz="UTC"), nullable=False),
    ]
)


@dataclass(frozen=True)
class Finding:
    region_code: str | None
    indicator_id: str | None
    period: str | None
    reason: str
    document_url: str | None = None


@dataclass
class CheckOutcome:
    name: str
    severity: Severity
    guards: str
    description: str
    what_to_do: str
    findings: list[Finding] = field(default_factory=list)
    total_findings: int = 0

    @property
    def passed(self) -> bool:
        return self.total_findings == 0

    @property
    def blocks(self) -> bool:
        return self.severity == "ERROR" and not self.passed

    def summary(self) -> str:
        if self.passed:
            return f"{self.name}: passed"
        first = self.findings[0].reason if self.findings else ""
        return f"{self.name} [{self.severity}]: {self.total_findings} row(s), e.g. {first}"


def run_sql_checks(
    conn: duckdb.DuckDBPyConnection, mart: str, today: dt.date, checks: Sequence[SqlCheck] = CHECKS
) -> list[CheckOutcome]:
    outcomes: list[CheckOutcome] = []
    for check in checks:
        outcome = CheckOutcome(check.name, check.severity, check.guards, check.description, check.what_to_do)
        try:
            relation = conn.sql(check.render(mart, today.isoformat()))
            rows = relation.fetchall()
        except duckdb.Error as exc:
            outcome.severity = "ERROR"
            rows = [(None, None, None, None, "the check could not run: " + str(exc).splitlines()[0])]
        outcome.total_findings = len(rows)
        for region_code, indicator_id, period, document_url, reason in rows[:MAX_FINDINGS_PER_CHECK]:
            outcome.findings.append(Finding(region_code, indicator_id, period, str(reason), document_url))
        outcomes.append(outcome)
    return outcomes


def run_snapshot_integrity(raw_dir: Path) -> CheckOutcome:
    """Every raw snapshot still matches the sha256 in its sidecar (raw files are never edited)."""
    outcome = CheckOutcome(
        "snapshot_integrity",
        "ERROR",
        "observations",
        "Every raw snapshot matches the checksum recorded when it was fetched.",
        "A raw file was edited or corrupted: restore it from backup, or delete it and its .json sidecar so the next "
        "crawl fetches it again (docs/reliability.md#corrupted-snapshot).",
    )
    store = SnapshotStore(raw_dir)
    for snapshot in store.all():
        try:
            store.read(snapshot)
        except SnapshotIntegrityError as exc:
            outcome.findings.append(Finding(None, None, None, str(exc), snapshot.sidecar.url))
        except OSError as exc:
            outcome.findings.append(
                Finding(None, None, None, f"cannot read {snapshot.path}: {exc}", snapshot.sidecar.url)
            )
    outcome.total_findings = len(outcome.findings)
    return outcome


def run_gx(conn: duckdb.DuckDBPyConnection, mart: str, batch_rows: int = GX_BATCH_ROWS) -> list[CheckOutcome]:
    from expectations.gx_suites import SUITES, Suite, run_suites

    def read_batches(suite: Suite) -> Iterator:  # pandas DataFrames of at most about batch_rows rows
        relation = f"{mart}.{suite.table}"
        rows = conn.execute(f"select count(*) from {relation}").fetchall()[0][0]
        parts = max(1, -(-rows // batch_rows))
        if parts == 1:
            yield conn.sql(f"select {suite.columns} from {relation}").df()
            return
        for part in range(parts):
            yield conn.sql(
                f"select {suite.columns} from {relation} where coalesce(hash({suite.batch_key}) % {parts}, 0) = {part}"
            ).df()

    outcomes = []
    for suite, result in zip(SUITES, run_suites(read_batches), strict=True):
        outcome = CheckOutcome(
            suite.name,
            "ERROR",
            suite.table,
            suite.description,
            "Read the failed expectation: it names the column and sample values; fix the model or the parser.",
        )
        outcome.findings = [Finding(None, None, None, failure) for failure in result.failures]
        outcome.total_findings = len(outcome.findings)
        outcomes.append(outcome)
    return outcomes


def anomalies_table(outcomes: Iterable[CheckOutcome], detected_at: dt.datetime) -> pa.Table:
    rows = [
        {
            "check_name": o.name,
            "severity": o.severity,
            "guards": o.guards,
            "region_code": f.region_code,
            "indicator_id": f.indicator_id,
            "period": f.period,
            "reason": f.reason,
            "document_url": f.document_url,
            "detected_at": detected_at,
        }
        for o in outcomes
        for f in o.findings
    ]
    return pa.Table.from_pylist(rows, schema=ANOMALIES_SCHEMA)


def write_outcomes(outcomes: Sequence[CheckOutcome], quality_dir: Path, detected_at: dt.datetime) -> Path:
    """Save the anomalies table and a JSON summary per check (what the checks and the publish step read)."""
    quality_dir.mkdir(parents=True, exist_ok=True)
    write_parquet_atomic(anomalies_table(outcomes, detected_at), quality_dir / "anomalies.parquet")
    summary = [
        {
            "name": o.name,
            "severity": o.severity,
            "guards": o.guards,
            "passed": o.passed,
            "total_findings": o.total_findings,
            "description": o.description,
            "what_to_do": o.what_to_do,
            "sample": [f.reason for f in o.findings[:5]],
        }
        for o in outcomes
    ]
    path = quality_dir / "check_summary.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
    return path


def load_summary(quality_dir: Path) -> list[dict]:
    return json.loads((quality_dir / "check_summary.json").read_text(encoding="utf-8"))


def run_all(warehouse_path: Path, raw_dir: Path, today: dt.date, with_gx: bool = True) -> list[CheckOutcome]:
    """All checks against the warehouse's marts, through a read-only connection."""
    conn = duckdb.connect(str(warehouse_path), read_only=True, config={"memory_limit": DUCKDB_MEMORY_LIMIT})
    try:
        outcomes = run_sql_checks(conn, "marts", today)
        if with_gx:
            outcomes.extend(run_gx(conn, "marts"))
    finally:
        conn.close()
    outcomes.append(run_snapshot_integrity(raw_dir))
    release_unused_memory()  # the batches' DataFrames: before the publish builds the mart
    return outcomes
