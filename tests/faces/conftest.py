"""Helpers for the faces tests. The pipeline run (`published_run`, `mart`) comes from tests/pipeline_fixtures.py."""

from __future__ import annotations

import pytest
from click.testing import CliRunner, Result

from orchestration.cli.main import cli

GDP_GROWTH = "220100-2024-gdp-growth"
RETAIL_LEVEL = "220100-2024-retail-sales-level"


def invoke(*args: str) -> Result:
    """Run `targetwatch …` in-process; stdout and stderr kept apart (click ≥ 8.2)."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def mart_row(mart, table: str, target_id: str, extra_where: str = "", params: tuple = ()) -> dict:
    relation = mart.execute(f"select * from {table} where target_id = ? {extra_where}", [target_id, *params])
    names = [d[0] for d in relation.description]
    row = relation.fetchone()
    assert row is not None, f"{target_id} not in {table}: the sample catalog changed? pick another known target"
    return dict(zip(names, row, strict=True))


@pytest.fixture
def home(published_run) -> str:
    return str(published_run.settings.home)
