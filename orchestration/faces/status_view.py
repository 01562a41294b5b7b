"""Read the published mart for people: the short summary `targetwatch run` prints."""

from __future__ import annotations

from pathlib import Path

import duckdb

STATUS_ORDER = ("achieved", "on_track", "at_risk", "off_track", "missed", "no_data")


def summary_lines(mart_path: Path) -> list[str]:
    conn = duckdb.connect(str(mart_path), read_only=True)
    try:
        counts = dict(conn.sql("select status, count(*) from target_status_latest group by 1").fetchall())
        total = sum(counts.values())
        synthetic = conn.execute("select coalesce(bool_or(is_synthetic), false) from observations").fetchone()[0]
    finally:
        conn.close()
    parts = ", ".join(f"{s} {counts.get(s, 0)}" for s in STATUS_ORDER)
    lines = [f"targets: {total} — {parts}"]
    if synthetic:
        lines.append("note: the data include SYNTHETIC sample figures (is_synthetic in the mart)")
    return lines
