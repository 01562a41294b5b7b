"""The self-contained HTML report, rendered from a published mart file (no network needed to view)."""

from __future__ import annotations

import html
from pathlib import Path

import duckdb

STATUS_ORDER = ("off_track", "missed", "at_risk", "on_track", "achieved", "no_data")


def _rows(conn: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    relation = conn.sql(sql)
    names = relation.columns
    return [dict(zip(names, row, strict=True)) for row in relation.fetchall()]


def render_report(mart_path: Path) -> str:
    conn = duckdb.connect(str(mart_path), read_only=True)
    try:
        statuses = _rows(conn, "select * from target_status_latest order by section, target_id")
        counts = dict(conn.sql("select status, count(*) from target_status_latest group by 1").fetchall())
        synthetic = bool(conn.execute("select coalesce(bool_or(is_synthetic), false) from observations").fetchone()[0])
    finally:
        conn.close()
    e = html.escape
    summary = "".join(
        f'<li class="s-{s}">{e(s)}: <b>{counts.get(s, 0)}</b></li>' for s in STATUS_ORDER
    )
    body = "".join(
        f'<tr class="s-{e(r["status"])}"><td>{e(r["section"] or "")}</td><td>{e(r["title_zh"] or "")}</td>'
        f'<td>{e(r["status"])}</td><td>{e(r["reason_zh"] or "")}</td><td>{e(r["reason_en"] or "")}</td></tr>'
        for r in statuses
    )
    banner = (
        '<p class="synthetic">本报告包含合成示例数据 · This report contains SYNTHETIC sample data.</p>'
        if synthetic else ""
    )
    return f"""<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>targetwatch</title>
<style>body{{font-family:sans-serif}} .synthetic{{background:#fee;padding:4px}}</style></head>
<body><h1>targetwatch</h1>{banner}<ul>{summary}</ul>
<table><tr><th>section</th><th>target</th><th>status</th><th>原因</th><th>reason</th></tr>{body}</table>
</body></html>"""


def write_report(mart_path: Path, out_path: Path) -> None:
    out_path.write_text(render_report(mart_path), encoding="utf-8")
