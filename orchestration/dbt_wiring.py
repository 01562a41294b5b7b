"""dbt wired once: the project, a translator that gives deliberate keys and groups, the assets."""

import functools
import importlib.metadata
import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets
from packaging import version

from expectations.gx_suites import SUITES, import_in_background
from ingest.settings import DBT_PROJECT_DIR
from orchestration.assets import ROW_COUNT
from orchestration.fingerprint import inputs_fingerprint, record_warehouse_inputs
from orchestration.resources import TargetwatchResource

# Every step that opens warehouse.duckdb (dbt build writes it; the quality gate and the publish read
# it, which DuckDB refuses while another process writes) is in this pool; dagster.yaml limits every
# pool to one step at a time across all runs of the instance.
WAREHOUSE_POOL = "warehouse_writer"
# dbt's unit tests check the models' logic on fixed inputs, not the data: they run in the test suite
# (tests/warehouse builds every node), not in every nightly build.
DBT_BUILD_ARGS = ["build", "--exclude", "resource_type:unit_test"]
GX_SUITE_NAMES = frozenset(s.name for s in SUITES)
LAYERS = ("staging", "intermediate", "marts")


class TargetwatchDbtTranslator(DagsterDbtTranslator):
    """Keys are ``<layer>/<relation name>`` (``marts/target_status_latest``, ``seeds/targets``);
    every dbt node is in the ``warehouse`` group. dbt sources keep the key their ``meta.dagster``
    gives them (``ingest/observations``), which is what links the warehouse to the ingest assets."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        resource_type = dbt_resource_props["resource_type"]
        if resource_type == "source":
            return super().get_asset_key(dbt_resource_props)
        name = dbt_resource_props.get("alias") or dbt_resource_props["name"]
        if resource_type == "seed":
            return dg.AssetKey(["seeds", name])
        layer = next((p for p in dbt_resource_props.get("fqn", []) if p in LAYERS), "models")
        return dg.AssetKey([layer, name])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return "warehouse"


class TargetwatchDbtCliResource(DbtCliResource):
    """dagster-dbt's resource, without two costs it adds before every dbt command that we do not use:

    * ``dbt --version`` in a subprocess, a whole dbt start-up (seconds) to learn the version: it is the
      dbt-core installed beside this interpreter, which runs ``dbt_executable()``;
    * a dbt adapter initialised in this process (imports, profile, macros: seconds), which dagster-dbt
      only uses to fetch row counts and column metadata — row counts are taken by ``with_row_counts``."""

    @functools.cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:
        return None


def dbt_executable() -> str:
    """dbt from this interpreter's environment, whether or not the venv is on PATH."""
    return str(Path(sys.executable).with_name("dbt"))


def dbt_project() -> DbtProject:
    return DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def count_rows(warehouse_path: Path, relations: Mapping[str, str]) -> tuple[dict[str, int], dict[str, str]]:
    """Row counts of dbt relations (unique_id → relation name), through a read-only connection.

    Returns the counts and, per relation that could not be counted, why (a view over a missing file)."""
    counts: dict[str, int] = {}
    problems: dict[str, str] = {}
    if not relations or not warehouse_path.exists():
        return counts, problems
    try:
        conn = duckdb.connect(str(warehouse_path), read_only=True)
    except duckdb.Error as exc:  # counting is a nicety: it never fails a build that succeeded
        return counts, dict.fromkeys(relations, f"warehouse not readable: {str(exc).splitlines()[0]}")
    try:
        for unique_id, relation in relations.items():
            try:
                counts[unique_id] = conn.execute(f"select count(*) from {relation}").fetchone()[0]
            except duckdb.Error as exc:
                problems[unique_id] = str(exc).splitlines()[0]
    finally:
        conn.close()
    return counts, problems


def with_row_counts(
    events: Iterable[Any], manifest: Mapping[str, Any], warehouse_path: Path, log: Any
) -> Iterator[Any]:
    """Attach ``dagster/row_count`` to every dbt output once dbt has exited.

    Counting while dbt runs (dagster-dbt's ``fetch_row_counts``) would open the DuckDB file from this
    process while the dbt subprocess holds its write lock, so the events are held until dbt is done."""
    events = list(events)
    relations = {}
    for event in events:
        unique_id = _unique_id(event)
        node = manifest.get("nodes", {}).get(unique_id) if unique_id else None
        if node and node.get("relation_name"):
            relations[unique_id] = node["relation_name"]
    counts, problems = count_rows(warehouse_path, relations)
    for unique_id, problem in sorted(problems.items()):
        log.warning(f"row count of {unique_id} not available: {problem}")
    for event in events:
        unique_id = _unique_id(event)
        if unique_id in counts and isinstance(event, dg.Output):
            yield event.with_metadata({**event.metadata, ROW_COUNT: counts[unique_id]})
        else:
            yield event


def _unique_id(event: Any) -> str | None:
    metadata = getattr(event, "metadata", None) or {}
    value = metadata.get("unique_id")
    if value is None:
        return None
    return value.value if isinstance(value, dg.MetadataValue) else str(value)


def _gx_suites_follow(run: dg.DagsterRun) -> bool:
    """Whether this run's quality gate will run the Great Expectations suites after the dbt step."""
    if run.step_keys_to_execute is not None and "quality_gate" not in run.step_keys_to_execute:
        return False
    if run.asset_check_selection is None:  # the whole job, or its steps above, with every check
        return True
    return any(key.name in GX_SUITE_NAMES for key in run.asset_check_selection)


def build_dbt_assets(project: DbtProject) -> dg.AssetsDefinition:
    if not project.manifest_path.exists():
        raise FileNotFoundError(
            f"dbt manifest not found at {project.manifest_path}: run `make manifest` (or `targetwatch run`, "
            "which prepares it) before loading the Dagster definitions"
        )

    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        dagster_dbt_translator=TargetwatchDbtTranslator(
            settings=DagsterDbtTranslatorSettings(enable_asset_checks=True)
        ),
        pool=WAREHOUSE_POOL,
        op_tags={"targetwatch/writes": "warehouse"},
    )
    def warehouse_models(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, targetwatch: TargetwatchResource
    ) -> Iterator[Any]:
        """dbt build: seeds, staging, intermediate and marts, with every dbt test (severity error blocks)."""
        settings = targetwatch.settings()
        # What this build reads, recorded once it succeeds (orchestration/fingerprint.py); a build of part
        # of the warehouse records nothing, so the next run builds it whole.
        whole = context.selected_asset_keys == set(context.assets_def.keys) and (
            context.selected_asset_check_keys == set(context.assets_def.check_keys)
        )
        fingerprint = inputs_fingerprint(settings) if whole else None
        record_warehouse_inputs(settings, None)
        if _gx_suites_follow(context.run):
            import_in_background()  # while this process only waits for dbt's output
        # dbt runs in a subprocess that inherits this environment: the only way paths reach profiles.yml.
        os.environ.update(settings.dbt_env())
        invocation = dbt.cli(DBT_BUILD_ARGS, context=context, target_path=settings.home / "dbt_target")
        events: list[Any] = []
        failure: BaseException | None = None
        try:
            events.extend(invocation.stream())
        except Exception as exc:  # noqa: BLE001 - re-raised below, after what dbt did build is reported
            failure = exc
        yield from with_row_counts(events, invocation.manifest, settings.warehouse_path, context.log)
        if failure is not None:
            raise failure
        record_warehouse_inputs(settings, fingerprint)

    return warehouse_models
