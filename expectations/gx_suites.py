"""Great Expectations 1.x suites, kept as code and run on pandas batches.

The batches are read through a read-only DuckDB connection (GX's SQL datasource fails on DuckDB
tables). ``great_expectations`` costs seconds to import, so it is imported inside
:func:`run_suites` only — never at module import — or ahead of time in a background thread
(:func:`import_in_background`) while the run waits for dbt.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ingest.observations import PERIOD_KINDS

STATUSES = ("achieved", "on_track", "at_risk", "off_track", "missed", "no_data")
METRICS = ("growth_pct", "level", "count", "share_pct", "pp_change", "relation", "milestone")


@dataclass(frozen=True)
class Suite:
    """A suite validates its table in batches of bounded size (memory stays flat at national scale).

    Rows are split into batches by a hash of ``batch_key``, so rows that share a key are in the same
    batch: an expectation holds on the table exactly when it holds on every batch, as long as each
    expectation is row by row (not null, in a set, a pattern, a range with ``mostly=1.0``) or a
    uniqueness over columns that include ``batch_key``."""

    name: str
    table: str  # mart table the batch is read from
    columns: str  # the columns the expectations need (keeps batches small)
    build: Callable[[Any], list[Any]]  # gx.expectations module → expectations
    description: str
    batch_key: str  # the column batches are split by (see above)


def _observations(e: Any) -> list[Any]:
    return [
        e.ExpectColumnValuesToNotBeNull(column="quote"),
        e.ExpectColumnValuesToNotBeNull(column="indicator_raw"),
        e.ExpectColumnValuesToNotBeNull(column="period_end"),
        e.ExpectColumnValuesToBeInSet(column="period_kind", value_set=list(PERIOD_KINDS)),
        e.ExpectColumnValuesToMatchRegex(column="region_code", regex=r"^\d{6}$"),
        e.ExpectColumnValuesToMatchRegex(column="document_sha256", regex=r"^[0-9a-f]{64}$"),
        e.ExpectColumnValuesToBeUnique(column="observation_id"),
        e.ExpectColumnValuesToBeBetween(column="yoy_pct", min_value=-100, max_value=10000, mostly=1.0),
    ]


def _status(e: Any) -> list[Any]:
    return [
        e.ExpectColumnValuesToBeUnique(column="target_id"),
        e.ExpectColumnValuesToNotBeNull(column="status"),
        e.ExpectColumnValuesToBeInSet(column="status", value_set=list(STATUSES)),
        e.ExpectColumnValuesToBeInSet(column="metric", value_set=list(METRICS)),
        e.ExpectColumnValuesToNotBeNull(column="reason_zh"),
        e.ExpectColumnValuesToNotBeNull(column="reason_en"),
        e.ExpectColumnValuesToBeBetween(column="completion", min_value=0, max_value=100),
    ]


def _progress(e: Any) -> list[Any]:
    return [
        e.ExpectCompoundColumnsToBeUnique(column_list=["target_id", "as_of_month"]),
        e.ExpectColumnValuesToBeBetween(column="as_of_month", min_value=2, max_value=12),
        e.ExpectColumnValuesToBeInSet(column="status", value_set=list(STATUSES)),
        e.ExpectColumnValuesToBeBetween(column="expected_completion", min_value=0, max_value=1.5),
    ]


SUITES: tuple[Suite, ...] = (
    Suite(
        "gx_observations",
        "observations",
        "quote, indicator_raw, period_end, period_kind, region_code, document_sha256, observation_id, yoy_pct",
        _observations,
        "Observation contract: quotes, periods, region codes, ids, growth range.",
        "observation_id",
    ),
    Suite(
        "gx_target_status_latest",
        "target_status_latest",
        "target_id, status, metric, reason_zh, reason_en, completion",
        _status,
        "One status per target, in the status vocabulary, with a reason in both languages.",
        "target_id",
    ),
    Suite(
        "gx_target_progress",
        "target_progress",
        "target_id, as_of_month, status, expected_completion",
        _progress,
        "Progress grain (target × as-of month) and ranges.",
        "target_id",
    ),
)


@dataclass(frozen=True)
class SuiteResult:
    suite: str
    table: str
    success: bool
    failures: list[str]  # one readable line per failed expectation


def import_in_background() -> threading.Thread:
    """Start importing Great Expectations in a daemon thread, so the import overlaps other work.

    The dbt step calls it before it starts dbt, when the quality gate comes next in the run: this process
    then only waits for dbt's output, a core is idle, and the gate no longer starts with seconds of
    imports. An import that fails here fails again, with its error, where ``run_suites`` imports."""

    def load() -> None:
        try:
            import great_expectations  # noqa: F401
            from great_expectations.data_context.types import base  # noqa: F401
        except Exception:  # noqa: BLE001 - reported by the real import in run_suites
            pass

    thread = threading.Thread(target=load, name="import-great-expectations", daemon=True)
    thread.start()
    return thread


def _context() -> Any:
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
    )
    return gx, gx.get_context(mode="ephemeral", project_config=config)


def _describe(kind: str, kwargs: dict, count: int, sample: list) -> str:
    tail = f": {count} unexpected, e.g. {sample[:3]}" if count else ""
    return f"{kind} {kwargs}{tail}"


def run_suites(read_batches: Callable[[Suite], Iterable[Any]], suites: tuple[Suite, ...] = SUITES) -> list[SuiteResult]:
    """Validate each suite's table, batch by batch; ``read_batches(suite)`` yields pandas DataFrames of
    its table (split by ``suite.batch_key``, see :class:`Suite`). A failed expectation is reported once,
    with its unexpected rows counted over every batch."""
    gx, context = _context()
    source = context.data_sources.add_pandas("targetwatch_marts")
    results: list[SuiteResult] = []
    for suite in suites:
        batch_definition = source.add_dataframe_asset(suite.table).add_batch_definition_whole_dataframe(suite.name)
        expectation_suite = gx.ExpectationSuite(name=suite.name, expectations=suite.build(gx.expectations))
        failed: dict[str, tuple[str, dict, int, list]] = {}  # expectation → (type, kwargs, unexpected, sample)
        for frame in read_batches(suite):
            batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
            for result in batch.validate(expectation_suite).results:
                if result.success:
                    continue
                config = result.expectation_config
                kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id",)}
                key = f"{config.type} {kwargs}"
                details = result.result or {}
                _, _, count, sample = failed.get(key, (config.type, kwargs, 0, []))
                failed[key] = (
                    config.type,
                    kwargs,
                    count + (details.get("unexpected_count") or 0),
                    sample + list(details.get("partial_unexpected_list") or [])[: 3 - len(sample)],
                )
            del frame, batch
        failures = [_describe(*entry) for entry in failed.values()]
        results.append(SuiteResult(suite.name, suite.table, not failures, failures))
    return results
