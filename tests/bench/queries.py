"""Latency of the analyst guide's queries (docs/analyst-guide.md) on a published mart.

As analysts use it: open the file read-only, run the query, fetch every row, close. Each query runs
``repeat`` times on a fresh connection; the connection's opening is timed apart from the query.
Target ids of the bundled sample (region 220100) are swapped for the same targets of a scale region
when the mart has them, so the queries select real rows at scale.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import duckdb

from tests.bench.measure import percentile

_BLOCK = re.compile(r"```sql\n(.*?)```", re.S)
_NAME = re.compile(r"-- name: (\w+)\n")


def guide_queries(guide: Path) -> dict[str, str]:
    queries = {}
    for block in _BLOCK.findall(guide.read_text(encoding="utf-8")):
        name = _NAME.match(block)
        if name:
            queries[name.group(1)] = block
    return queries


def _region_swap(mart: Path) -> tuple[str, str] | None:
    conn = duckdb.connect(str(mart), read_only=True)
    try:
        row = conn.execute(
            "select region_code from targets where region_code <> '220100' and target_id like region_code || '-%' "
            "order by region_code limit 1"
        ).fetchone()
    finally:
        conn.close()
    return ("'220100-", f"'{row[0]}-") if row else None


def query_latency(mart: Path, guide: Path, repeat: int) -> dict:
    swap = _region_swap(mart)
    results: dict[str, dict] = {}
    connects: list[float] = []
    every: list[float] = []
    for name, sql in guide_queries(guide).items():
        sql = sql.replace("'data/published/", f"'{mart.parent}/")
        if swap:
            sql = sql.replace(*swap)
        seconds: list[float] = []
        rows = 0
        for _ in range(repeat):
            started = time.perf_counter()
            conn = duckdb.connect(str(mart), read_only=True)
            connects.append(time.perf_counter() - started)
            try:
                started = time.perf_counter()
                rows = len(conn.execute(sql).fetchall())
                seconds.append(time.perf_counter() - started)
            finally:
                conn.close()
        every += seconds
        results[name] = {
            "rows": rows,
            "p50_ms": round(percentile(seconds, 50) * 1000, 2),
            "p95_ms": round(percentile(seconds, 95) * 1000, 2),
        }
    return {
        "repeat": repeat,
        "region_swap": list(swap) if swap else None,
        "queries": results,
        "all_p50_ms": round(percentile(every, 50) * 1000, 2),
        "all_p95_ms": round(percentile(every, 95) * 1000, 2),
        "worst_query_p95_ms": max((r["p95_ms"] for r in results.values()), default=0.0),
        "connect_p50_ms": round(percentile(connects, 50) * 1000, 2),
        "connect_p95_ms": round(percentile(connects, 95) * 1000, 2),
    }
