"""Where a `targetwatch run` spent its time, read back from the run's own Dagster event log.

The event log (``<home>/dagster_home/history/runs/<run id>.db``, SQLite) has a timestamp for every
step start and end. Read with ``sqlite3`` so the harness itself never imports Dagster.

Stages: ``startup`` (interpreter, imports, definitions, the run's set-up: launch → first step),
``crawl``, ``parse``, ``dbt``, ``checks`` (quality gate and anomalies table), ``publish`` (without the
report), ``report`` (rendering the HTML report, from the publish step's metadata) and ``teardown``
(after the last step: the process's end, the summary it prints).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

STAGE_OF_STEP = {
    "crawl_sources": "crawl",
    "parse_documents": "parse",
    "warehouse_models": "dbt",
    "quality_gate": "checks",
    "quality__anomalies": "checks",
    "publish_mart": "publish",
}
STAGES = ("startup", "crawl", "parse", "dbt", "checks", "publish", "report", "teardown")
_RUN_ID = re.compile(r"run-([0-9a-f-]{36})\.log")


def run_id_from_output(output: str) -> str | None:
    found = _RUN_ID.findall(output)
    return found[-1] if found else None


def _epoch(value: Any) -> float:
    if isinstance(value, int | float):
        return float(value)
    return dt.datetime.fromisoformat(str(value)).replace(tzinfo=dt.UTC).timestamp()


def _find(data: Any, key: str) -> Any:
    """The first value of metadata ``key`` anywhere in a serialised Dagster event (a ``{key: value}`` entry,
    or a ``{"label": key, "entry_data": {"value": …}}`` one)."""
    if isinstance(data, dict):
        if key in data:
            return data[key]
        if data.get("label") == key and isinstance(data.get("entry_data"), dict):
            return data["entry_data"].get("value")
        values = data.values()
    elif isinstance(data, list):
        values = data
    else:
        return None
    for value in values:
        found = _find(value, key)
        if found is not None:
            return found
    return None


def stages(home: Path, run_id: str, launched_at: float, wall_s: float) -> dict[str, float]:
    """Seconds per stage of the run ``run_id`` under ``home`` (launched at ``launched_at``, epoch)."""
    db = home / "dagster_home" / "history" / "runs" / f"{run_id}.db"
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "select dagster_event_type, step_key, timestamp, event from event_logs order by id"
        ).fetchall()
    finally:
        conn.close()
    result = dict.fromkeys(STAGES, 0.0)
    started: dict[str, float] = {}
    first_step: float | None = None
    last_end = launched_at
    for kind, step, timestamp, event in rows:
        at = _epoch(timestamp)
        if kind == "STEP_START":
            started[step] = at
            first_step = at if first_step is None else min(first_step, at)
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE") and step in started:
            stage = STAGE_OF_STEP.get(step, step)
            result[stage] = result.get(stage, 0.0) + at - started[step]
            last_end = max(last_end, at)
        elif kind == "ASSET_MATERIALIZATION" and step == "publish_mart":
            seconds = _find(json.loads(event), "render_seconds")
            if isinstance(seconds, dict):
                seconds = seconds.get("value")
            if isinstance(seconds, int | float):
                result["report"] = float(seconds)
    result["publish"] = max(0.0, result["publish"] - result["report"])
    result["startup"] = (first_step or launched_at) - launched_at
    result["teardown"] = max(0.0, launched_at + wall_s - last_end)
    return {k: round(v, 3) for k, v in result.items()}
