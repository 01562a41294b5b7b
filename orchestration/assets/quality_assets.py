"""Quality gate: every check runs once, as an asset check on the mart it guards — blocking for ERROR
severity, so nothing downstream (the anomalies table, the publish) runs after a failure."""

import datetime as dt

import dagster as dg
import pyarrow.parquet as pq

from expectations.gx_suites import SUITES
from expectations.runner import load_summary, run_all, write_outcomes
from expectations.sql_checks import CHECKS
from orchestration.assets import ROW_COUNT
from orchestration.dbt_wiring import WAREHOUSE_POOL
from orchestration.resources import TargetwatchResource

ANOMALIES_KEY = dg.AssetKey(["quality", "anomalies"])
MART_TABLES_CHECKED = sorted({c.guards for c in CHECKS} | {s.table for s in SUITES} | {"observations"})


def mart_key(table: str) -> dg.AssetKey:
    return dg.AssetKey(["marts", table])


def check_specs() -> list[dg.AssetCheckSpec]:
    """One spec per check; ERROR checks block. (Exported for tests: severity mapping is a contract.)"""
    specs = [
        dg.AssetCheckSpec(
            c.name,
            asset=mart_key(c.guards),
            blocking=c.severity == "ERROR",
            description=f"[{c.severity}] {c.description} — {c.what_to_do}",
        )
        for c in CHECKS
    ]
    specs += [
        dg.AssetCheckSpec(
            s.name,
            asset=mart_key(s.table),
            blocking=True,
            description=f"[ERROR] Great Expectations suite: {s.description}",
        )
        for s in SUITES
    ]
    specs.append(
        dg.AssetCheckSpec(
            "snapshot_integrity",
            asset=mart_key("observations"),
            blocking=True,
            description="[ERROR] Every raw snapshot matches the checksum recorded when it was fetched.",
        )
    )
    return specs


# In the warehouse pool: it opens warehouse.duckdb (read-only), which DuckDB refuses while another
# process (another run's dbt build) holds it for writing.
@dg.multi_asset_check(
    specs=check_specs(), name="quality_gate", pool=WAREHOUSE_POOL, op_tags={"targetwatch/writes": "quality"}
)
def quality_gate(context: dg.AssetCheckExecutionContext, targetwatch: TargetwatchResource):
    """Run every check once (SQL on the marts, GX suites on pandas batches, raw snapshot checksums) through
    a read-only connection; record the findings (quality/anomalies.parquet) and report each check.
    ERROR checks are blocking: the anomalies table and the publish step do not run after a failure."""
    settings = targetwatch.settings()
    outcomes = run_all(settings.warehouse_path, settings.raw_dir, settings.effective_today())
    write_outcomes(outcomes, settings.quality_dir, dt.datetime.now(dt.UTC))
    for outcome in outcomes:
        if not outcome.passed:
            (context.log.error if outcome.severity == "ERROR" else context.log.warning)(outcome.summary())
        yield dg.AssetCheckResult(
            asset_key=mart_key(outcome.guards),
            check_name=outcome.name,
            passed=outcome.passed,
            severity=dg.AssetCheckSeverity.ERROR if outcome.severity == "ERROR" else dg.AssetCheckSeverity.WARN,
            description=None if outcome.passed else outcome.what_to_do,
            metadata={
                "rows": outcome.total_findings,
                "findings": dg.MetadataValue.md(
                    "\n".join(
                        f"- {f.reason}" + (f" ({f.document_url})" if f.document_url else "")
                        for f in outcome.findings[:20]
                    )
                    or "none"
                ),
            },
        )


@dg.asset(
    key=ANOMALIES_KEY,
    group_name="quality",
    deps=[mart_key(t) for t in MART_TABLES_CHECKED],
    description="The anomalies table: one row per offending row of any check (check, severity, reason, document "
    "URL), as recorded by the quality gate. Runs only when no blocking check failed; published with the mart.",
    kinds={"python", "parquet"},
)
def anomalies(targetwatch: TargetwatchResource) -> dg.MaterializeResult:
    settings = targetwatch.settings()
    summary = load_summary(settings.quality_dir)
    path = settings.quality_dir / "anomalies.parquet"
    failing = [c for c in summary if not c["passed"]]
    table = "\n".join(
        f"| {c['name']} | {c['severity']} | {c['total_findings']} | {(c['sample'] or [''])[0][:120]} |" for c in failing
    )
    return dg.MaterializeResult(
        metadata={
            ROW_COUNT: pq.read_metadata(path).num_rows,
            "checks_run": len(summary),
            "errors": sum(c["total_findings"] for c in summary if c["severity"] == "ERROR"),
            "warnings": sum(c["total_findings"] for c in summary if c["severity"] == "WARN"),
            "failing_checks": dg.MetadataValue.md(
                "| check | severity | rows | first reason |\n|---|---|---|---|\n" + table if failing else "none"
            ),
            "path": dg.MetadataValue.path(str(path)),
        }
    )
