"""One dbt build for every warehouse scenario (tests/warehouse/scenarios.py), shared by the session.

The build runs in a private home: observations and documents Parquet written through the ingest
contract, the scenario catalog in <home>/catalogs/ (unioned into the target catalog by the pipeline),
and the real seeds. Tests read the warehouse read-only.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from ingest.observations import to_table, write_parquet_atomic
from ingest.parse_snapshots import DOCUMENTS_SCHEMA
from ingest.settings import Settings, load_settings
from tests.warehouse import scenarios

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).with_name("dbt")


@dataclass(frozen=True)
class Warehouse:
    settings: Settings
    conn: duckdb.DuckDBPyConnection
    build_seconds: float
    build_log: str

    def rows(self, sql: str, *params: object) -> list[dict]:
        relation = self.conn.execute(sql, list(params))
        names = [d[0] for d in relation.description]
        return [dict(zip(names, row, strict=True)) for row in relation.fetchall()]

    def progress(self, target_id: str, as_of_month: int | None = None) -> dict:
        """The target's row at an as-of month (default: the latest)."""
        rows = self.rows("select * from marts.target_progress where target_id = ? order by as_of_month", target_id)
        assert rows, f"no target_progress rows for {target_id}"
        if as_of_month is None:
            return rows[-1]
        matching = [r for r in rows if r["as_of_month"] == as_of_month]
        assert len(matching) == 1, f"{target_id} at month {as_of_month}: {len(matching)} rows"
        return matching[0]

    def latest(self, target_id: str) -> dict:
        rows = self.rows("select * from marts.target_status_latest where target_id = ?", target_id)
        assert len(rows) == 1, f"{target_id}: {len(rows)} status rows"
        return rows[0]


def _documents_table(observations: list) -> pa.Table:
    by_doc: dict[str, dict] = {}
    for o in observations:
        row = by_doc.setdefault(
            o.document_sha256,
            {
                "document_sha256": o.document_sha256,
                "source_id": o.source_id,
                "region_code": o.region_code,
                "url": o.url,
                "final_url": o.url,
                "fetched_at": o.fetched_at,
                "raw_path": f"raw/scenario/{o.document_sha256}.html",
                "title": f"scenario {o.url}",
                "release_date": o.release_date,
                "layout": o.parser,
                "encoding": "utf-8",
                "status": "parsed",
                "reason": None,
                "message": None,
                "n_observations": 0,
                "unknown_indicators": [],
                "is_synthetic": True,
                "cache_key": "scenario",
            },
        )
        row["n_observations"] += 1
    return pa.Table.from_pylist(list(by_doc.values()), schema=DOCUMENTS_SCHEMA)


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    home = tmp_path_factory.mktemp("warehouse-home")
    settings = load_settings({"TARGETWATCH_HOME": str(home), "TARGETWATCH_TODAY": "2026-11-27"})
    built = scenarios.build()
    write_parquet_atomic(to_table(built.observations), settings.observations_file)
    write_parquet_atomic(_documents_table(built.observations), settings.documents_file)
    built.write_catalog(settings.catalogs_dir / "scenarios.csv")

    started = time.monotonic()
    result = subprocess.run(
        [
            str(DBT),
            "build",
            "--project-dir",
            "dbt_project",
            "--profiles-dir",
            "dbt_project",
            "--target-path",
            str(home / "dbt_target"),
        ],
        cwd=PROJECT_ROOT,
        env={**os.environ, **settings.dbt_env()},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    seconds = time.monotonic() - started
    log = result.stdout + result.stderr
    (home / "dbt_build.log").write_text(log, encoding="utf-8")
    assert result.returncode == 0, f"dbt build failed on the scenarios:\n{log[-6000:]}"

    conn = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        yield Warehouse(settings=settings, conn=conn, build_seconds=seconds, build_log=log)
    finally:
        conn.close()
