"""Great Expectations 1.x suites, kept as code and run on pandas batches.

The batches are read through a read-only DuckDB connection (GX's SQL datasource fails on DuckDB
tables). ``great_expectations`` costs seconds to import, so it is imported inside
:func:`run_suites` only — never at module import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ingest.observations import PERIOD_KINDS

STATUSES = ("achieved", "on_track", "at_risk", "off_track", "missed", "no_data")
METRICS = ("growth_pct", "level", "count", "share_pct", "pp_change", "relation", "milestone")


@dataclass(frozen=True)
class Suite:
    name: str
    table: str  # mart table the batch is read from
    columns: str  # the columns the expectations need (keeps batches small)
    build: Callable[[Any], list[Any]]  # gx.expectations module → expectations
    description: str


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
    Suite("gx_observations", "observations",
          "quote, indicator_raw, period_end, period_kind, region_code, document_sha256, observation_id, yoy_pct",
          _observations, "Observation contract: quotes, periods, region codes, ids, growth range."),
    Suite("gx_target_status_latest", "target_status_latest",
          "target_id, status, metric, reason_zh, reason_en, completion",
          _status, "One status per target, in the status vocabulary, with a reason in both languages."),
    Suite("gx_target_progress", "target_progress", "target_id, as_of_month, status, expected_completion",
          _progress, "Progress grain (target × as-of month) and ranges."),
)


@dataclass(frozen=True)
class SuiteResult:
    suite: str
    table: str
    success: bool
    failures: list[str]  # one readable line per failed expectation


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


def _describe(result: Any) -> str:
    config = result.expectation_config
    kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id",)}
    details = result.result or {}
    sample = details.get("partial_unexpected_list")
    count = details.get("unexpected_count")
    tail = f": {count} unexpected, e.g. {sample[:3]}" if count else ""
    return f"{config.type} {kwargs}{tail}"


def run_suites(read_table: Callable[[str, str], Any], suites: tuple[Suite, ...] = SUITES) -> list[SuiteResult]:
    """Validate each suite's table; ``read_table(table, columns)`` returns a pandas DataFrame."""
    gx, context = _context()
    source = context.data_sources.add_pandas("targetwatch_marts")
    results: list[SuiteResult] = []
    for suite in suites:
        frame = read_table(suite.table, suite.columns)
        batch_definition = source.add_dataframe_asset(suite.table).add_batch_definition_whole_dataframe(suite.name)
        batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
        expectation_suite = gx.ExpectationSuite(name=suite.name, expectations=suite.build(gx.expectations))
        validation = batch.validate(expectation_suite)
        failures = [_describe(r) for r in validation.results if not r.success]
        results.append(SuiteResult(suite.name, suite.table, bool(validation.success), failures))
    return results
