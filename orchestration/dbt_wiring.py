"""dbt wired once: the project, a translator that gives deliberate keys and groups, the assets."""

import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets

from ingest.settings import DBT_PROJECT_DIR
from orchestration.resources import TargetwatchResource

WAREHOUSE_POOL = "warehouse_writer"
LAYERS = ("staging", "intermediate", "marts")


class TargetwatchDbtTranslator(DagsterDbtTranslator):
    """Keys are ``<layer>/<relation name>`` (``marts/target_status_latest``, ``seeds/targets``);
    every dbt node is in the ``warehouse`` group."""

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


def dbt_executable() -> str:
    """dbt from this interpreter's environment, whether or not the venv is on PATH."""
    return str(Path(sys.executable).with_name("dbt"))


def dbt_project() -> DbtProject:
    return DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


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
        # dbt runs in a subprocess that inherits this environment: the only way paths reach profiles.yml.
        os.environ.update(settings.dbt_env())
        yield from dbt.cli(["build"], context=context, target_path=settings.home / "dbt_target").stream()

    return warehouse_models
