"""The self-contained HTML report, rendered from a published mart file (no network needed to view it).

Load (one read-only connection, a handful of queries) / shape (rows per report section, chart series) /
render (one HTML string: inline CSS, inline SVG, no script; the zh/en switch is two radio buttons and CSS).
Everything that came from the web (titles, quotes, URLs, reasons) is escaped, and only http(s)/file
links are made clickable.

``write_report(mart_path, out_path)`` is the interface the publish step calls on the temporary mart.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import duckdb

from orchestration.faces.charts import ChartSpec, Series, render_svg
from orchestration.faces.common import (
    STATUS_LABELS,
    STATUS_ORDER,
    fetch_dicts,
    fmt_num,
    fmt_pct,
    fmt_pp,
    is_number,
    open_mart,
    target_wording,
)
from orchestration.faces.status_view import latest_cell, progress_cell

CHARTED_METRICS = ("growth_pct", "level", "count")
GAP_SCALE_PP = 4.0  # a gap of this many percentage points fills half the gap bar
MAX_ANOMALY_ROWS_PER_CHECK = 100
SAFE_SCHEMES = ("http", "https", "file")

HOW_TO_READ_BARS = (
    "总量类目标:进度条为累计完成率,竖线为按上年同期进度应完成的比例。增速类目标:条形为与目标的差距(百分点),"
    "居中竖线为目标,向右表示达到或超过。",
    "Level targets: the bar is the share of the annual target reached so far; the tick is where last year's "
    "seasonal pace says it should be. Rate targets: the bar is the gap to the target in percentage points; the "
    "middle line is the target, to the right means it is met.",
)
STATUS_MEANING = {
    "achieved": ("全年数据已达到目标。", "The full-year figure meets the target."),
    "on_track": ("按目前进度可以完成目标。", "At the current pace the target will be met."),
    "at_risk": ("略低于应有进度,需要关注。", "Slightly behind the expected pace: worth watching."),
    "off_track": ("明显落后于应有进度。", "Clearly behind the expected pace."),
    "missed": ("全年数据未达到目标。", "The full-year figure falls short of the target."),
    "no_data": ("尚无可用数据。", "No figure published yet."),
}

_TARGETS_SQL = """
select
    s.target_id, s.plan_year, s.region_code, s.section, s.indicator_id, s.indicator_name_zh, s.indicator_name_en,
    s.title_zh, s.title_en, s.metric, s.comparator, s.target_value, s.target_unit, s.target_value_canonical,
    s.canonical_unit, s.as_of_date, s.figure_period_zh, s.figure_period_en, s.figure_value, s.figure_yoy_pct,
    s.actual, s.completion, s.expected_completion, s.pace_basis, s.projected_full_year, s.score, s.status,
    s.reason_zh, s.reason_en, s.is_year_end, s.is_estimate, s.is_lower_bound, s.is_synthetic, s.document_url,
    s.release_date, s.figure_quote, s.citation_url, s.source_quote,
    t.source_offset,
    min(t.source_offset) over (partition by s.plan_year, s.region_code, s.section) as section_offset
from target_status_latest as s
left join targets as t on t.target_id = s.target_id
order by s.plan_year, s.region_code, section_offset nulls last, s.section, t.source_offset nulls last,
    nullif(instr(s.source_quote, s.title_zh), 0) nulls last, s.target_id
"""

_YTD_SQL = """
select y.region_code, y.indicator_id, y.year, y.month, y.value, y.yoy_pct, i.kind
from indicator_ytd as y
left join indicators as i on i.indicator_id = y.indicator_id
where not y.is_pp_change
  and (y.region_code, y.indicator_id) in (select distinct region_code, indicator_id from targets)
order by y.region_code, y.indicator_id, y.year, y.month
"""

_CITATIONS_SQL = """
select citation_url, count(*) as figures,
       string_agg(distinct coalesce(indicator_id, indicator_raw), ', ' order by coalesce(indicator_id, indicator_raw))
           as indicators,
       min(document_url) as document_url
from observations
where not is_synthetic and citation_url is not null
group by citation_url
order by citation_url
"""


@dataclass
class ReportData:
    targets: list[dict]
    counts: dict[str, int]
    contains_synthetic: bool
    ytd: dict[tuple[str, str], dict[int, dict[int, dict]]]  # (region, indicator) → year → month → row
    anomalies: list[dict]
    documents: list[dict]
    citations: list[dict]
    publications: list[dict]


def load_report_data(conn: duckdb.DuckDBPyConnection) -> ReportData:
    targets = fetch_dicts(conn, _TARGETS_SQL)
    counts = {s: 0 for s in STATUS_ORDER}
    for row in targets:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    synthetic = bool(conn.execute("select coalesce(bool_or(is_synthetic), false) from observations").fetchone()[0])
    ytd: dict[tuple[str, str], dict[int, dict[int, dict]]] = defaultdict(lambda: defaultdict(dict))
    for row in fetch_dicts(conn, _YTD_SQL):
        ytd[(row["region_code"], row["indicator_id"])][row["year"]][row["month"]] = row
    return ReportData(
        targets=targets,
        counts=counts,
        contains_synthetic=synthetic,
        ytd=ytd,
        anomalies=fetch_dicts(conn, """
            select check_name, severity, guards, region_code, indicator_id, period, reason, document_url, detected_at
            from anomalies order by severity = 'ERROR' desc, check_name, indicator_id nulls last, period, reason"""),
        documents=fetch_dicts(conn, """
            select document_sha256, source_id, document_url, title, release_date, layout, status, quarantine_reason,
                   quarantine_message, n_observations, is_synthetic
            from documents order by release_date desc nulls last, document_url"""),
        citations=fetch_dicts(conn, _CITATIONS_SQL),
        publications=fetch_dicts(conn, """
            select publication_id, published_at, run_id, documents_used, observations, targets, status_counts,
                   checks_run, checks_passed, warning_checks, contains_synthetic_data, duckdb_version
            from publications order by published_at desc limit 10"""),
    )


# ---- small HTML helpers ------------------------------------------------------------------------------

e = html.escape


def bi(zh: str | None, en: str | None, tag: str = "span") -> str:
    """Both languages; CSS shows the chosen one. A missing English text falls back to the Chinese."""
    zh_text = zh or en or ""
    en_text = en or zh or ""
    if zh_text == en_text:
        return f"<{tag}>{e(zh_text)}</{tag}>"
    return f'<{tag} class="zh" lang="zh">{e(zh_text)}</{tag}><{tag} class="en" lang="en">{e(en_text)}</{tag}>'


def safe_href(url: str | None) -> str | None:
    """An escaped href for http(s)/file URLs; anything else (javascript:, data:) is not made a link."""
    if not url:
        return None
    if urlparse(url.strip()).scheme.lower() not in SAFE_SCHEMES:
        return None
    return e(url.strip(), quote=True)


def link(url: str | None, text_html: str | None = None) -> str:
    href = safe_href(url)
    label = text_html if text_html is not None else e(url or "")
    if href is None:
        return label
    return f'<a href="{href}" rel="noopener noreferrer">{label}</a>'


def anchor_id(prefix: str, key: str) -> str:
    return prefix + re.sub(r"[^A-Za-z0-9_-]", "_", key)


def chip(status: str) -> str:
    zh, en = STATUS_LABELS.get(status, (status, status))
    return f'<span class="chip s-{e(status)}" data-status="{e(status)}">{bi(zh, en)}</span>'


def synthetic_badge() -> str:
    return f'<span class="badge synthetic-badge">{bi("合成数据", "synthetic")}</span>'


def _date(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(value, dt.date):
        return value.isoformat()
    return ""


# ---- progress visuals --------------------------------------------------------------------------------

def progress_visual(row: dict) -> str:
    metric, status = row["metric"], row["status"]
    texts = bi(progress_cell(row, "zh"), progress_cell(row, "en"))
    if status == "no_data":
        return '<div class="bar empty" aria-hidden="true"></div><div class="ptext">—</div>'
    if metric in ("level", "count") and is_number(row["completion"]):
        fill = max(0.0, min(float(row["completion"]), 1.0)) * 100
        pace = ""
        if is_number(row["expected_completion"]) and not row["is_year_end"]:
            at = max(0.0, min(float(row["expected_completion"]), 1.0)) * 100
            pace = f'<span class="pace" style="left:{at:.1f}%"></span>'
        label = f"完成{fmt_pct(row['completion'])} / completion {fmt_pct(row['completion'])}"
        return (f'<div class="bar" role="img" aria-label="{e(label)}"><span class="fill s-{e(status)}" '
                f'style="width:{fill:.1f}%"></span>{pace}</div><div class="ptext">{texts}</div>')
    if metric == "milestone":
        return f'<div class="ptext milestone">{"✓ " if row["actual"] else "… "}{texts}</div>'
    if is_number(row["score"]):
        half = min(abs(float(row["score"])) / GAP_SCALE_PP, 1.0) * 50
        side = "left:50%" if row["score"] >= 0 else "right:50%"
        label = f"与目标差距 / gap to target {fmt_pp(row['score'])}"
        return (f'<div class="gapbar" role="img" aria-label="{e(label)}"><span class="mid"></span>'
                f'<span class="fill s-{e(status)}" style="{side};width:{half:.1f}%"></span></div>'
                f'<div class="ptext">{texts}</div>')
    return f'<div class="ptext">{texts}</div>'


# ---- charts ------------------------------------------------------------------------------------------

def chart_for(row: dict, ytd: dict[tuple[str, str], dict[int, dict[int, dict]]]) -> str:
    """The YTD path of a statistically tracked target's indicator against the target (and last year)."""
    if row["metric"] not in CHARTED_METRICS or not row["indicator_id"]:
        return ""
    years = ytd.get((row["region_code"], row["indicator_id"]))
    if not years:
        return ""
    year, prior = years.get(row["plan_year"], {}), years.get(row["plan_year"] - 1, {})
    title = row["title_en"] or row["title_zh"] or row["target_id"]
    if row["metric"] == "growth_pct":
        path = [(m, r["yoy_pct"]) for m, r in year.items() if is_number(r["yoy_pct"])]
        if len(path) < 2:
            return ""
        last = [(m, r["yoy_pct"]) for m, r in prior.items() if is_number(r["yoy_pct"])]
        spec = ChartSpec(
            aria_label=f"{title}: year-to-date growth (%) by month, {row['plan_year']}, against the target",
            series=[Series(last, "lastyear", f"{row['plan_year'] - 1}"), Series(path, "path", f"{row['plan_year']}")],
            target=row["target_value"] if is_number(row["target_value"]) else None,
            unit="%",
        )
        legend = _legend(row["plan_year"], "上年增速", "growth last year", bool(last))
    else:
        path = [(m, r["value"]) for m, r in year.items() if is_number(r["value"])]
        if len(path) < 2:
            return ""
        target = row["target_value_canonical"] if is_number(row["target_value_canonical"]) else None
        pace: list[tuple[int, float]] = []
        pace_zh, pace_en = "上年同期进度", "last year's pace"
        kind = next(iter(year.values()))["kind"]
        if target is not None and kind in ("flow", None):
            total = prior.get(12, {}).get("value")
            if is_number(total) and total:
                pace = [(m, target * r["value"] / total) for m, r in prior.items() if is_number(r["value"])]
            else:
                pace = [(m, target * m / 12) for m in range(1, 13)]
                pace_zh, pace_en = "均匀进度", "linear pace"
        spec = ChartSpec(
            aria_label=f"{title}: year-to-date level ({row['canonical_unit'] or ''}) by month, {row['plan_year']}, "
            "against the target",
            series=[Series(pace, "pace", pace_en), Series(path, "path", f"{row['plan_year']}")],
            target=target,
            unit=row["canonical_unit"] or "",
        )
        legend = _legend(row["plan_year"], pace_zh, pace_en, bool(pace))
    svg = render_svg(spec)
    if not svg:
        return ""
    unit = "%" if row["metric"] == "growth_pct" else (row["canonical_unit"] or "")
    return (
        f'<figure class="chartcard" id="{anchor_id("c-", row["target_id"])}" data-target-id="{e(row["target_id"])}">'
        f'<figcaption><a href="#{anchor_id("t-", row["target_id"])}">{bi(row["title_zh"], row["title_en"])}</a> '
        f'{chip(row["status"])}<span class="unit">{e(unit)}</span></figcaption>{svg}{legend}</figure>'
    )


def _legend(year: int, pace_zh: str, pace_en: str, with_pace: bool) -> str:
    items = [f'<span class="key k-path"></span>{bi(f"{year}年累计", f"{year} year to date")}',
             f'<span class="key k-target"></span>{bi("目标", "target")}']
    if with_pace:
        items.append(f'<span class="key k-pace"></span>{bi(pace_zh, pace_en)}')
    return '<div class="legend">' + " ".join(f"<span>{i}</span>" for i in items) + "</div>"


# ---- sections ----------------------------------------------------------------------------------------

def _target_row(row: dict, has_chart: bool) -> str:
    status = row["status"]
    wording = bi(
        "目标:" + target_wording(row["comparator"], row["target_value"], row["target_unit"], "zh"),
        "Target: " + target_wording(row["comparator"], row["target_value"], row["target_unit"], "en"),
    )
    latest = bi(latest_cell(row, "zh"), latest_cell(row, "en"))
    badges = []
    if row["is_synthetic"]:
        badges.append(synthetic_badge())
    if row["is_estimate"]:
        badges.append(f'<span class="badge">{bi("预计数", "estimate")}</span>')
    if row["is_lower_bound"]:
        badges.append(f'<span class="badge">{bi("下限", "lower bound")}</span>')
    sources = []
    if row["document_url"]:
        date = f" {e(_date(row['release_date']))}" if row["release_date"] else ""
        sources.append(link(row["document_url"], bi("来源", "source") + date))
    if row["citation_url"]:
        sources.append(link(row["citation_url"], bi("原始出处", "original publication")))
    if has_chart:
        sources.append(f'<a href="#{anchor_id("c-", row["target_id"])}">{bi("走势图", "chart")} ↓</a>')
    quotes = []
    if row["figure_quote"]:
        quotes.append(f'<p><b>{bi("数据原文", "Figure quote")}</b> {e(row["figure_quote"])}</p>')
    if row["source_quote"]:
        quotes.append(f'<p><b>{bi("报告原文", "Work report")}</b> {e(row["source_quote"])}</p>')
    details = (f'<details><summary>{bi("原文", "quotes")}</summary>{"".join(quotes)}</details>' if quotes else "")
    return (
        f'<article class="target s-{e(status)}" id="{anchor_id("t-", row["target_id"])}" '
        f'data-target-id="{e(row["target_id"])}" data-status="{e(status)}">'
        f'<div class="c-status">{chip(status)}</div>'
        f'<div class="c-title"><h4>{bi(row["title_zh"], row["title_en"])}</h4>'
        f'<div class="muted">{wording}</div></div>'
        f'<div class="c-figure">{latest}{" ".join(badges)}</div>'
        f'<div class="c-progress">{progress_visual(row)}</div>'
        f'<div class="c-reason">{bi(row["reason_zh"], row["reason_en"])}'
        f'<div class="links">{" · ".join(sources)}</div>{details}</div>'
        "</article>"
    )


def _summary(data: ReportData) -> str:
    total = sum(data.counts.values())
    cards = []
    for status in STATUS_ORDER:
        zh, en = STATUS_LABELS[status]
        count = data.counts.get(status, 0)
        cards.append(
            f'<div class="card s-{status}" data-status="{status}"><div class="num" data-count="{count}">{count}</div>'
            f"<div>{bi(zh, en)}</div></div>"
        )
    stack = "".join(
        f'<span class="s-{s}" style="width:{data.counts.get(s, 0) / total * 100:.2f}%"></span>'
        for s in STATUS_ORDER if total and data.counts.get(s, 0)
    )
    return (
        f'<section id="summary"><h2>{bi("概览", "Summary")}</h2>'
        f'<p class="total" data-total="{total}">{bi(f"共{total}项目标", f"{total} targets")}</p>'
        f'<div class="cards">{"".join(cards)}</div><div class="stack" aria-hidden="true">{stack}</div></section>'
    )


def _targets_section(data: ReportData, charted: set[str]) -> str:
    parts = [f'<section id="targets"><h2>{bi("各项目标", "Targets")}</h2>']
    current_group = current_section = None
    multi = len({(r["plan_year"], r["region_code"]) for r in data.targets}) > 1
    for row in data.targets:
        group = (row["plan_year"], row["region_code"])
        if group != current_group:
            if multi:
                parts.append(f'<h3 class="group">{e(str(row["plan_year"]))} · {e(row["region_code"] or "")}</h3>')
            current_group, current_section = group, None
        if row["section"] != current_section:
            current_section = row["section"]
            parts.append(f'<h3 class="section">{e(current_section or "—")}</h3>')
        parts.append(_target_row(row, row["target_id"] in charted))
    parts.append("</section>")
    return "".join(parts)


def _anomalies_section(data: ReportData) -> str:
    head = f'<section id="anomalies"><h2>{bi("本次运行的异常", "Anomalies of this run")}</h2>'
    if not data.anomalies:
        return head + f'<p>{bi("没有检查发现问题。", "No check found anything.")}</p></section>'
    by_check: dict[str, list[dict]] = defaultdict(list)
    for row in data.anomalies:
        by_check[row["check_name"]].append(row)
    parts = [head, f'<p class="muted">{bi("质量检查发现的行;ERROR 会阻止发布,WARN 仅提示。", "Rows the quality checks flagged; ERROR blocks publishing, WARN only warns.")}</p>']
    for check, rows in by_check.items():
        severity = rows[0]["severity"]
        shown = rows[:MAX_ANOMALY_ROWS_PER_CHECK]
        body = "".join(
            f'<tr><td>{e(r["indicator_id"] or "")}</td><td>{e(r["period"] or "")}</td><td>{e(r["reason"])}</td>'
            f'<td>{link(r["document_url"], bi("文档", "document")) if r["document_url"] else ""}</td></tr>'
            for r in shown
        )
        more = (f'<p class="muted">{bi(f"另有{len(rows) - len(shown)}行见 anomalies 表。", f"{len(rows) - len(shown)} more rows in the anomalies table.")}</p>'
                if len(rows) > len(shown) else "")
        parts.append(
            f'<details class="anomaly" data-check="{e(check)}"><summary><span class="sev sev-{e(severity.lower())}">'
            f'{e(severity)}</span> <code>{e(check)}</code> — {len(rows)} {bi("行", "rows")}</summary>'
            f'<div class="scroll"><table><thead><tr><th>{bi("指标", "indicator")}</th><th>{bi("时期", "period")}</th>'
            f'<th>{bi("原因", "reason")}</th><th>{bi("文档", "document")}</th></tr></thead><tbody>{body}</tbody>'
            f"</table></div>{more}</details>"
        )
    parts.append("</section>")
    return "".join(parts)


def _sources_section(data: ReportData) -> str:
    synthetic_docs = sum(1 for d in data.documents if d["is_synthetic"])
    rows = []
    for d in data.documents:
        status = e(d["status"] or "")
        if d["status"] == "quarantined":
            status += f' <span class="muted">({e(d["quarantine_reason"] or "")}: {e(d["quarantine_message"] or "")})</span>'
        rows.append(
            f'<tr class="doc{" synthetic" if d["is_synthetic"] else ""}"><td>{e(_date(d["release_date"]))}</td>'
            f'<td>{link(d["document_url"], e(d["title"] or d["document_url"] or ""))}</td><td>{e(d["source_id"] or "")}</td>'
            f'<td>{e(d["layout"] or "")}</td><td>{status}</td><td class="n">{e(fmt_num(d["n_observations"]))}</td>'
            f'<td>{synthetic_badge() if d["is_synthetic"] else bi("真实", "real")}</td></tr>'
        )
    citations = "".join(
        f'<li>{link(c["citation_url"])} — {c["figures"]} {bi("个数据", "figures")} ({e(c["indicators"] or "")})</li>'
        for c in data.citations
    )
    citation_block = (
        f'<h3>{bi("真实数据的原始出处", "Where the real figures were first published")}</h3><ul class="cites">{citations}</ul>'
        if citations else ""
    )
    return (
        f'<section id="sources"><h2>{bi("数据来源", "Data sources")}</h2>'
        f'<p>{bi(f"共{len(data.documents)}份文档,其中{synthetic_docs}份为合成示例数据。", f"{len(data.documents)} documents, {synthetic_docs} of them synthetic sample data.")}</p>'
        f'<details{" open" if len(data.documents) <= 60 else ""}><summary>{bi("文档列表", "Documents")}</summary>'
        f'<div class="scroll"><table class="docs"><thead><tr><th>{bi("发布日期", "released")}</th>'
        f'<th>{bi("标题", "title")}</th><th>{bi("栏目", "source")}</th><th>{bi("版式", "layout")}</th>'
        f'<th>{bi("状态", "status")}</th><th>{bi("数据", "figures")}</th><th>{bi("性质", "kind")}</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div></details>{citation_block}</section>'
    )


def _publication_section(data: ReportData) -> str:
    if not data.publications:
        return ""
    latest = data.publications[0]
    try:
        counts = json.loads(latest["status_counts"] or "{}")
    except ValueError:
        counts = {}
    items = [
        (("发布编号", "publication"), f'<code>{e(latest["publication_id"])}</code>'),
        (("发布时间", "published at"), e(_date(latest["published_at"]))),
        (("运行编号", "run"), f'<code>{e(latest["run_id"] or "")}</code>'),
        (("使用文档", "documents used"), e(str(latest["documents_used"]))),
        (("数据条数", "figures"), e(str(latest["observations"]))),
        (("目标数", "targets"), e(str(latest["targets"]))),
        (("状态分布", "statuses"), e(", ".join(f"{k} {v}" for k, v in counts.items()))),
        (("质量检查", "checks"),
         e(f"{latest['checks_passed']}/{latest['checks_run']}") + " " + bi("通过", "passed")
         + e(f", {latest['warning_checks']} ") + bi("项警告", "warning(s)")),
        (("含合成数据", "contains synthetic data"), bi("是", "yes") if latest["contains_synthetic_data"] else bi("否", "no")),
        (("DuckDB 版本", "DuckDB version"), e(latest["duckdb_version"] or "")),
    ]
    dl = "".join(f"<dt>{bi(*label)}</dt><dd>{value}</dd>" for label, value in items)
    earlier = "".join(
        f'<li><code>{e(p["publication_id"])}</code> {e(_date(p["published_at"]))} — {p["targets"]} '
        f'{bi("项目标", "targets")}, {p["observations"]} {bi("个数据", "figures")}</li>'
        for p in data.publications[1:]
    )
    history = f'<h3>{bi("此前的发布", "Earlier publications")}</h3><ul>{earlier}</ul>' if earlier else ""
    return (f'<section id="publication"><h2>{bi("发布记录", "Publication record")}</h2>'
            f'<dl class="pub">{dl}</dl>{history}</section>')


def _legend_section() -> str:
    items = "".join(
        f"<li>{chip(s)} {bi(*STATUS_MEANING[s])}</li>" for s in STATUS_ORDER
    )
    return (
        f'<section id="howto"><h2>{bi("如何阅读", "How to read this report")}</h2><ul class="legendlist">{items}</ul>'
        f"<p>{bi(*HOW_TO_READ_BARS)}</p>"
        f'<p>{bi("数据表:用 DuckDB 只读打开 published/targetwatch.duckdb,查询示例见 docs/analyst-guide.md。", "Data: open published/targetwatch.duckdb read-only with DuckDB; ready-to-run queries are in docs/analyst-guide.md.")}</p>'
        "</section>"
    )


CSS = """
:root{--fg:#1d2327;--muted:#5f6b73;--line:#dde3e8;--bg:#fff;--soft:#f5f7f9;
--achieved:#1b7f3b;--on_track:#4caf50;--at_risk:#e0a100;--off_track:#d9480f;--missed:#b3261e;--no_data:#9aa5ad}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Noto Sans CJK SC",
"Microsoft YaHei",sans-serif;color:var(--fg);background:var(--bg)}
.page{max-width:1180px;margin:0 auto;padding:12px 16px 48px}
a{color:#0b5cad}a:visited{color:#6a3fa0}
.lang-radio{position:absolute;opacity:0;width:1px;height:1px}
#lang-zh:checked~.page .en,#lang-en:checked~.page .zh{display:none}
#lang-zh:checked~.page label[for=lang-zh],#lang-en:checked~.page label[for=lang-en]{background:var(--fg);color:#fff}
#lang-zh:focus-visible~.page label[for=lang-zh],#lang-en:focus-visible~.page label[for=lang-en]{outline:2px solid #0b5cad}
header{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:8px}
h1{font-size:1.5em;margin:.3em 0}h2{font-size:1.25em;margin:1.6em 0 .5em;border-bottom:2px solid var(--line)}
h3{font-size:1.05em;margin:1.2em 0 .4em}h4{font-size:1em;margin:0}
.switch label{display:inline-block;border:1px solid var(--fg);padding:2px 10px;border-radius:14px;cursor:pointer;
margin-left:4px;user-select:none}
.meta{color:var(--muted);font-size:.9em;margin:.2em 0}
.muted{color:var(--muted);font-size:.9em}
.banner{background:#fff3cd;border:2px solid #d39e00;border-radius:6px;padding:10px 14px;margin:12px 0;font-weight:600}
nav.toc a{margin-right:12px;white-space:nowrap}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(110px,1fr));gap:8px}
.card{border:1px solid var(--line);border-left:6px solid var(--st);border-radius:6px;padding:6px 10px;background:var(--soft)}
.card .num{font-size:1.8em;font-weight:700;line-height:1.1}
.stack{display:flex;height:10px;border-radius:5px;overflow:hidden;margin-top:10px;background:var(--line)}
.stack span{background:var(--st)}
.s-achieved{--st:var(--achieved)}.s-on_track{--st:var(--on_track)}.s-at_risk{--st:var(--at_risk)}
.s-off_track{--st:var(--off_track)}.s-missed{--st:var(--missed)}.s-no_data{--st:var(--no_data)}
.chip{display:inline-block;background:var(--st);color:#fff;border-radius:10px;padding:0 8px;font-size:.85em;
font-weight:600;white-space:nowrap}
.s-at_risk .chip,.chip.s-at_risk{color:#1d2327}
.badge{display:inline-block;border:1px solid var(--muted);border-radius:4px;padding:0 4px;font-size:.75em;
margin-left:4px;color:var(--muted)}
.synthetic-badge{border-color:#d39e00;color:#8a6100;background:#fff8e1}
.target{display:grid;grid-template-columns:6.5em minmax(0,2fr) minmax(0,1.3fr) minmax(0,1.3fr) minmax(0,2.4fr);
gap:6px 14px;padding:8px 6px;border-bottom:1px solid var(--line);border-left:4px solid var(--st)}
.target:target{background:#eef6ff}
.c-figure{font-variant-numeric:tabular-nums}
.bar,.gapbar{position:relative;height:10px;background:var(--line);border-radius:5px;margin-top:6px;overflow:hidden}
.bar .fill,.gapbar .fill{position:absolute;top:0;bottom:0;left:0;background:var(--st)}
.bar .pace{position:absolute;top:-2px;bottom:-2px;width:2px;background:var(--fg)}
.gapbar .mid{position:absolute;left:50%;top:-2px;bottom:-2px;width:2px;background:var(--fg)}
.bar.empty{background:repeating-linear-gradient(45deg,var(--line),var(--line) 4px,#fff 4px,#fff 8px)}
.ptext{font-size:.88em;font-variant-numeric:tabular-nums}
.c-reason{font-size:.92em}.links{font-size:.85em;margin-top:2px}
details summary{cursor:pointer;color:var(--muted);font-size:.88em}
details p{margin:.3em 0;font-size:.88em;overflow-wrap:anywhere}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:12px}
.chartcard{margin:0;border:1px solid var(--line);border-radius:6px;padding:8px}
.chartcard figcaption{font-size:.9em;margin-bottom:4px}.chartcard .unit{float:right;color:var(--muted)}
svg.chart{width:100%;height:auto;display:block}
svg .grid{stroke:#e8ecef;stroke-width:1}svg .tick{font-size:9px;fill:#5f6b73}
svg .target{stroke:#b3261e;stroke-width:1.5;stroke-dasharray:5 3}
svg .path{fill:none;stroke:#0b5cad;stroke-width:2}svg .dot{fill:#0b5cad}
svg .pace,svg .lastyear{fill:none;stroke:#8c979f;stroke-width:1.5;stroke-dasharray:2 3}
svg .last{font-size:10px;font-weight:700;fill:#0b5cad}
.legend{font-size:.78em;color:var(--muted)}.legend>span{margin-right:10px;white-space:nowrap}
.key{display:inline-block;width:16px;height:0;vertical-align:middle;margin-right:3px;border-top:2px solid #0b5cad}
.k-target{border-top:2px dashed #b3261e}.k-pace{border-top:2px dotted #8c979f}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.88em}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
td{overflow-wrap:anywhere}td.n{text-align:right}
tr.synthetic td:last-child{white-space:nowrap}
.sev{font-weight:700;padding:0 4px;border-radius:3px}.sev-error{background:#b3261e;color:#fff}
.sev-warn{background:#fff3cd;color:#8a6100}
.pub{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0}.pub dt{color:var(--muted)}
.pub dd{margin:0;overflow-wrap:anywhere}
.legendlist{list-style:none;padding:0}.legendlist li{margin:3px 0}
footer{margin-top:32px;color:var(--muted);font-size:.85em}
@media (max-width:760px){
.target{grid-template-columns:1fr;gap:4px}
.c-status{order:0}.page{padding:8px 10px 32px}
.pub{grid-template-columns:1fr}.pub dd{margin-bottom:4px}
}
@media print{.switch,details summary{display:none}}
"""


def render_report(mart_path: Path, lang: str = "zh") -> str:
    """The whole report as one HTML string (both languages inside; ``lang`` is the one shown first)."""
    with open_mart(mart_path) as conn:
        data = load_report_data(conn)
    return render_html(data, lang)


def render_html(data: ReportData, lang: str = "zh") -> str:
    charts: list[str] = []
    charted: set[str] = set()
    for row in data.targets:
        card = chart_for(row, data.ytd)
        if card:
            charts.append(card)
            charted.add(row["target_id"])
    years = sorted({r["plan_year"] for r in data.targets})
    regions = sorted({r["region_code"] or "" for r in data.targets})
    as_of = max((r["as_of_date"] for r in data.targets if r["as_of_date"] is not None), default=None)
    published = data.publications[0]["published_at"] if data.publications else None
    year_text = "、".join(map(str, years))
    region_text = ", ".join(regions)
    banner = ""
    if data.contains_synthetic:
        banner = (
            '<div class="banner" id="synthetic-banner" role="alert">'
            + bi("⚠ 本报告包含合成示例数据(SYNTHETIC),仅用于演示,不是真实统计数据。带“合成数据”标记的数字均为虚构。",
                 "⚠ This report contains SYNTHETIC sample data for demonstration: the figures marked "
                 "“synthetic” are made up, not real statistics.")
            + "</div>"
        )
    meta = bi(
        f"地区 {region_text} · 目标年度 {year_text} · 数据截至 {as_of:%Y-%m} · 发布于 {_date(published)}"
        if as_of else f"地区 {region_text} · 目标年度 {year_text} · 尚无数据 · 发布于 {_date(published)}",
        f"Region {region_text} · plan year {', '.join(map(str, years))} · figures up to "
        f"{as_of:%Y-%m} · published {_date(published)}"
        if as_of else f"Region {region_text} · plan year {', '.join(map(str, years))} · no figures yet · "
        f"published {_date(published)}",
    )
    toc = " ".join(
        f'<a href="#{anchor}">{bi(zh, en)}</a>'
        for anchor, zh, en in (
            ("summary", "概览", "Summary"), ("targets", "各项目标", "Targets"), ("charts", "累计走势", "YTD charts"),
            ("anomalies", "异常", "Anomalies"), ("sources", "数据来源", "Sources"),
            ("publication", "发布记录", "Publication"), ("howto", "如何阅读", "How to read"),
        )
    )
    charts_html = (
        f'<section id="charts"><h2>{bi("累计走势", "Year-to-date paths")}</h2>'
        f'<p class="muted">{bi("统计部门按月或按季公布的指标:本年累计(实线)对比目标(虚线)与上年同期(点线)。", "Indicators the statistics bureau publishes monthly or quarterly: this year to date (solid) against the target (dashed) and last year (dotted).")}</p>'
        f'<div class="charts">{"".join(charts)}</div></section>'
        if charts else
        f'<section id="charts"><h2>{bi("累计走势", "Year-to-date paths")}</h2><p>{bi("尚无按月数据。", "No monthly figures yet.")}</p></section>'
    )
    zh_checked, en_checked = (" checked", "") if lang != "en" else ("", " checked")
    return (
        f'<!DOCTYPE html><html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta name="generator" content="targetwatch">'
        f"<title>targetwatch — 政府工作报告目标进展 · work-report targets {e(year_text)}</title>"
        f"<style>{CSS}</style></head><body>"
        f'<input type="radio" name="lang" id="lang-zh" class="lang-radio" aria-label="中文"{zh_checked}>'
        f'<input type="radio" name="lang" id="lang-en" class="lang-radio" aria-label="English"{en_checked}>'
        '<div class="page"><header>'
        f'<h1>{bi("政府工作报告目标进展", "Government work-report targets: progress")}</h1>'
        '<div class="switch" role="group" aria-label="language 语言"><label for="lang-zh" lang="zh">中文</label>'
        '<label for="lang-en" lang="en">English</label></div></header>'
        f'<p class="meta">{meta}</p>{banner}<nav class="toc">{toc}</nav>'
        f"{_summary(data)}{_targets_section(data, charted)}{charts_html}{_anomalies_section(data)}"
        f"{_sources_section(data)}{_publication_section(data)}{_legend_section()}"
        f'<footer>{bi("由 targetwatch 根据已发布的数据集生成;本文件自包含,离线可读。", "Generated by targetwatch from the published mart; this file is self-contained and readable offline.")}</footer>'
        "</div></body></html>"
    )


def write_report(mart_path: Path, out_path: Path, lang: str = "zh") -> None:
    """Render the report from ``mart_path`` into ``out_path`` (written to a temporary file, then renamed)."""
    out_path = Path(out_path)
    text = render_report(Path(mart_path), lang)
    tmp = out_path.with_name(f".{out_path.name}.tmp-{uuid.uuid4().hex[:8]}")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, out_path)
    finally:
        tmp.unlink(missing_ok=True)
