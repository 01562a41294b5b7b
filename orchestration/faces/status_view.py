"""Where each target stands, read from the published mart for people: the terminal table, CSV and JSON.

Load (read-only, ``target_status_latest`` or ``target_progress`` at an as-of month) / select (year, status,
section) / render (a ``rich`` table grouped by the report's sections, or machine-readable rows with
stable column names).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table
from rich.text import Text

from orchestration.faces.common import (
    STATUS_ORDER,
    STATUS_STYLES,
    MartError,
    fetch_dicts,
    fmt_num,
    fmt_pct,
    fmt_pp,
    is_number,
    open_mart,
    status_label,
    target_wording,
    with_unit,
)

# The columns of `targetwatch status --format csv|json`, in order. A contract: scripts read these names.
# title, section, figure_period and reason are in the language chosen with --lang.
COLUMNS = (
    "target_id",
    "plan_year",
    "region_code",
    "section",
    "title",
    "metric",
    "comparator",
    "target_value",
    "target_unit",
    "as_of_date",
    "figure_period",
    "figure_value",
    "figure_yoy_pct",
    "canonical_unit",
    "actual",
    "completion",
    "expected_completion",
    "projected_full_year",
    "score",
    "status",
    "reason",
    "is_year_end",
    "is_estimate",
    "is_synthetic",
    "document_url",
)

_SELECT = """
select
    s.target_id, s.plan_year, s.region_code, s.section, s.title_zh, s.title_en, s.metric, s.comparator,
    s.target_value, s.target_unit, s.target_value_canonical, s.canonical_unit, s.as_of_date,
    s.figure_period_zh, s.figure_period_en, s.figure_value, s.figure_yoy_pct, s.actual, s.completion,
    s.expected_completion, s.projected_full_year, s.score, s.status, s.reason_zh, s.reason_en,
    s.is_year_end, s.is_estimate, s.is_synthetic, s.document_url,
    t.source_offset,
    min(t.source_offset) over (partition by s.plan_year, s.region_code, s.section) as section_offset
from {relation} as s
left join targets as t on t.target_id = s.target_id
{where}
order by s.plan_year, s.region_code, section_offset nulls last, s.section, t.source_offset nulls last,
    nullif(instr(s.source_quote, s.title_zh), 0) nulls last, s.target_id
"""


@dataclass
class StatusQuery:
    """What `targetwatch status` was asked for."""

    year: int | None = None
    as_of: tuple[int, int] | None = None  # (year, month)
    statuses: tuple[str, ...] = ()
    section: str | None = None
    lang: str = "zh"


@dataclass
class StatusView:
    rows: list[dict]
    counts: dict[str, int]
    as_of_label: str
    notes: list[str] = field(default_factory=list)
    contains_synthetic: bool = False


def parse_as_of(text: str) -> tuple[int, int]:
    """'2024-09' → (2024, 9). Raises ValueError with a message for people."""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"--as-of must be YYYY-MM (e.g. 2024-09), got {text!r}")
    return int(match.group(1)), int(match.group(2))


def parse_statuses(text: str | None) -> tuple[str, ...]:
    """'off_track,at_risk' → ('off_track', 'at_risk'). Raises ValueError naming the vocabulary."""
    if not text:
        return ()
    wanted = tuple(dict.fromkeys(s.strip().lower().replace("-", "_") for s in text.split(",") if s.strip()))
    unknown = [s for s in wanted if s not in STATUS_ORDER]
    if unknown:
        raise ValueError(f"unknown status {', '.join(unknown)}: choose from {', '.join(STATUS_ORDER)}")
    return wanted


def _resolve_as_of(conn: duckdb.DuckDBPyConnection, year: int, month: int) -> tuple[int, list[str]]:
    """The as-of month to read: the one asked for, or the latest before it with data (said in a note)."""
    months = [
        r[0]
        for r in conn.execute(
            "select distinct as_of_month from target_progress where plan_year = ? order by 1", [year]
        ).fetchall()
    ]
    if not months:
        years = [r[0] for r in conn.execute("select distinct plan_year from target_progress order by 1").fetchall()]
        raise MartError(
            f"no progress history for plan year {year} in the mart (plan years: {', '.join(map(str, years)) or 'none'})"
        )
    earlier = [m for m in months if m <= month]
    if not earlier:
        raise MartError(
            f"no progress as of {year}-{month:02d}: the first figures of {year} cover 1-{months[0]}月 "
            f"(as-of months with data: {months[0]}–{months[-1]})"
        )
    chosen = earlier[-1]
    notes = []
    if chosen != month:
        notes.append(f"no figures for {year}-{month:02d} yet: showing the latest before it, {year}-{chosen:02d}")
    return chosen, notes


def load_status(mart_path: Path, query: StatusQuery) -> StatusView:
    """Read the targets' status from the published mart (read-only) and apply the filters."""
    with open_mart(mart_path) as conn:
        notes: list[str] = []
        conditions: list[str] = []
        params: list[object] = []
        if query.as_of is not None:
            year, month = query.as_of
            if query.year is not None and query.year != year:
                raise MartError(f"--year {query.year} and --as-of {year}-{month:02d} disagree: give one of them")
            as_of_month, notes = _resolve_as_of(conn, year, month)
            relation = "target_progress"
            conditions += ["s.plan_year = ?", "s.as_of_month = ?"]
            params += [year, as_of_month]
            as_of_label = f"{year}-{as_of_month:02d}"
        else:
            relation = "target_status_latest"
            if query.year is not None:
                conditions.append("s.plan_year = ?")
                params.append(query.year)
            as_of_label = "latest"
        where = ("where " + " and ".join(conditions)) if conditions else ""
        rows = fetch_dicts(conn, _SELECT.format(relation=relation, where=where), params)
        if not rows and query.year is not None:
            years = [r[0] for r in conn.execute(f"select distinct plan_year from {relation} order by 1").fetchall()]
            raise MartError(
                f"no targets for plan year {query.year} in the mart "
                f"(plan years: {', '.join(map(str, years)) or 'none'})"
            )
    if query.as_of is None:
        dates = sorted({r["as_of_date"] for r in rows if r["as_of_date"] is not None})
        if dates:
            as_of_label = f"latest figures up to {dates[-1]:%Y-%m}"
    counts = {s: 0 for s in STATUS_ORDER}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    if query.statuses:
        rows = [r for r in rows if r["status"] in query.statuses]
    if query.section:
        needle = query.section.casefold()
        rows = [r for r in rows if needle in (r["section"] or "").casefold()]
    return StatusView(rows, counts, as_of_label, notes, any(r["is_synthetic"] for r in rows))


# ---- machine-readable ----------------------------------------------------------------------------------


def record(row: dict, lang: str) -> dict:
    """One row with the stable COLUMNS; language-dependent texts from ``lang``."""
    pick = "zh" if lang == "zh" else "en"
    values = {
        **row,
        "title": row[f"title_{pick}"],
        "figure_period": row[f"figure_period_{pick}"],
        "reason": row[f"reason_{pick}"],
    }
    out = {name: values[name] for name in COLUMNS}
    for name, value in out.items():
        if isinstance(value, float) and not is_number(value):
            out[name] = None  # NaN/inf are not JSON; the mart forbids them anyway
        elif isinstance(value, dt.date):
            out[name] = value.isoformat()
    return out


def to_json(view: StatusView, lang: str) -> str:
    return json.dumps([record(r, lang) for r in view.rows], ensure_ascii=False, indent=1)


def to_csv(view: StatusView, lang: str) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in view.rows:
        writer.writerow(
            {
                k: ("" if v is None else ("true" if v is True else "false" if v is False else v))
                for k, v in record(row, lang).items()
            }
        )
    return buffer.getvalue()


# ---- for people --------------------------------------------------------------------------------------


def latest_cell(row: dict, lang: str) -> str:
    """'1-9月 1661.5 亿元 (+7.4%)' — the figure the status rests on."""
    period = row[f"figure_period_{'zh' if lang == 'zh' else 'en'}"] or ""
    metric = row["metric"]
    if metric == "milestone":
        return ""  # the progress column says done / not yet
    if metric == "growth_pct":
        figure = fmt_num(row["figure_yoy_pct"] if is_number(row["figure_yoy_pct"]) else row["actual"])
        return f"{period} {figure}%".strip() if figure else ""
    if metric in ("level", "count"):
        value = row["figure_value"] if is_number(row["figure_value"]) else row["actual"]
        text = with_unit(value, row["canonical_unit"], lang)
        if text and is_number(row["figure_yoy_pct"]):
            text += f" ({'+' if row['figure_yoy_pct'] >= 0 else ''}{fmt_num(row['figure_yoy_pct'])}%)"
        return f"{period} {text}".strip() if text else ""
    value = row["actual"]
    unit = (
        "个百分点"
        if metric in ("pp_change", "relation") and lang == "zh"
        else (" pp" if metric in ("pp_change", "relation") else "%")
    )
    return f"{period} {fmt_num(value)}{unit}".strip() if is_number(value) else ""


def progress_cell(row: dict, lang: str) -> str:
    """level/count: completion vs the expected pace; rates: the gap to the target in pp."""
    metric = row["metric"]
    if row["status"] == "no_data":
        return ""
    if metric in ("level", "count"):
        done = fmt_pct(row["completion"])
        if not done:
            return ""
        if is_number(row["expected_completion"]) and not row["is_year_end"]:
            pace = fmt_pct(row["expected_completion"])
            return f"{done}(应完成{pace})" if lang == "zh" else f"{done} (pace {pace})"
        return done
    if metric == "milestone":
        return ("已完成" if lang == "zh" else "done") if row["actual"] else ("未完成" if lang == "zh" else "not yet")
    return fmt_pp(row["score"])


REASON_WIDTH = 110  # characters of a reason in the terminal table (csv/json/report carry the full text)


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def render_table(view: StatusView, lang: str, console: Console) -> None:
    """The terminal table: one block per report section, status coloured (when the console has colour)."""
    zh = lang == "zh"
    headers = (
        ("目标", "目标值", "最新数据", "进度", "状态", "说明")
        if zh
        else ("Target", "Target value", "Latest figure", "Progress", "Status", "Reason")
    )
    table = Table(show_lines=False, expand=False, header_style="bold")
    for header, ratio, no_wrap in zip(
        headers, (3, 2, 2, None, None, 4), (False, False, False, True, True, False), strict=True
    ):
        table.add_column(header, overflow="fold", ratio=ratio, no_wrap=no_wrap)
    current = None
    for row in view.rows:
        section = (row["plan_year"], row["region_code"], row["section"])
        if section != current:
            if current is not None:
                table.add_section()
            table.add_row(Text(f"{row['section'] or '—'} · {row['plan_year']}", style="bold cyan"))
            current = section
        style = STATUS_STYLES.get(row["status"], "")
        table.add_row(
            Text(row["title_zh" if zh else "title_en"] or row["target_id"]),
            target_wording(row["comparator"], row["target_value"], row["target_unit"], lang),
            latest_cell(row, lang),
            progress_cell(row, lang),
            Text(status_label(row["status"], lang), style=style),
            Text(
                shorten(row["reason_zh" if zh else "reason_en"] or "", REASON_WIDTH),
                style="dim" if row["status"] == "no_data" else "",
            ),
        )
    title = ("目标进展" if zh else "Target status") + f" — {view.as_of_label}"
    table.title = title
    if view.rows:
        console.print(table)
    else:
        console.print("没有符合条件的目标。" if zh else "No targets match these filters.")
    summary = Text("全部 " if zh else "All targets: ")
    for i, status in enumerate(STATUS_ORDER):
        if i:
            summary.append(" · ")
        summary.append(f"{status_label(status, lang)} {view.counts.get(status, 0)}", style=STATUS_STYLES[status])
    console.print(summary)
    for note in view.notes:
        console.print(Text(f"note: {note}", style="yellow"))
    if view.contains_synthetic:
        console.print(
            Text(
                "注意:部分数据为合成示例数据(is_synthetic),并非真实统计。"
                if zh
                else "Note: some figures are SYNTHETIC sample data (is_synthetic), not real statistics.",
                style="bold magenta",
            )
        )


def summary_lines(mart_path: Path) -> list[str]:
    """The short summary `targetwatch run` prints after a publish."""
    with open_mart(mart_path) as conn:
        counts = dict(conn.sql("select status, count(*) from target_status_latest group by 1").fetchall())
        synthetic = conn.execute("select coalesce(bool_or(is_synthetic), false) from observations").fetchone()[0]
    total = sum(counts.values())
    parts = ", ".join(f"{s} {counts.get(s, 0)}" for s in STATUS_ORDER)
    lines = [f"targets: {total} — {parts}"]
    if synthetic:
        lines.append("note: the data include SYNTHETIC sample figures (is_synthetic in the mart)")
    return lines
