"""docs/data-dictionary.md, generated: every published table and column, from the dbt YAMLs and a mart's schema.

    python -m orchestration.faces.data_dictionary [--mart PATH] > docs/data-dictionary.md

Load (the mart models' YAML docs, the published mart's tables and types) / document (each column's type,
Chinese name and meaning; a column the model YAML does not describe borrows the description of the same
column elsewhere, marked as such) / write (Markdown on stdout). A test regenerates it from the pipeline's
mart and compares: the committed file cannot drift from what is published.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from expectations.publish import MART_TABLES
from ingest.settings import DBT_PROJECT_DIR
from orchestration.faces.common import COMPARATORS, METRIC_LABELS, STATUS_LABELS, open_mart

PUBLISHED_TABLES = (*MART_TABLES, "anomalies", "publications")
# The Chinese name in a description: the first CJK words after a short English label ("Release date 发布日期.").
CJK_NAME = re.compile(
    r"^[A-Za-z][\w '’/,.:×-]*?\s\(?"
    r"(?P<zh>[\u4e00-\u9fff]+(?:/[\u4e00-\u9fff]+)*(?:[((][\u4e00-\u9fff]+[))])?)"
)
# Where a column undocumented in its model borrows a description from, in this order.
BORROW_ORDER = (
    "observations",
    "target_status_latest",
    "targets",
    "indicators",
    "indicator_ytd",
    "documents",
    "target_progress",
    "revisions",
)

# Tables written by the publish step itself (expectations/runner.py, expectations/publish.py), not by dbt.
QUALITY_TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "anomalies": (
        "The findings of the quality gate for the run that published this mart 异常. Grain: one row per "
        "offending row of a check (at most 500 per check); a check that passed has no rows. ERROR checks "
        "block publishing, so a published mart holds WARN rows only.",
        {
            "check_name": "Check 检查 (see docs/quality.md for each check).",
            "severity": "ERROR (blocks publishing) or WARN 严重程度.",
            "guards": "The mart table the check protects.",
            "region_code": "Region code 行政区划代码 of the offending row (if any).",
            "indicator_id": "Indicator 指标编号 of the offending row (if any).",
            "period": "Period 时期 of the offending row, as text (e.g. 2024-09, 2024 Q2).",
            "reason": "What is wrong, for people 原因.",
            "document_url": "Document the offending figure came from 来源网页.",
            "detected_at": "When the check ran (UTC).",
        },
    ),
    "publications": (
        "Publication record 发布记录: what was published when, from which documents. Grain: one row per "
        "successful publish; each new mart carries the rows of the previous one plus its own.",
        {
            "publication_id": "Publication id 发布编号 (UTC timestamp + random suffix).",
            "published_at": "When the mart was published 发布时间 (UTC).",
            "run_id": "Dagster run id 运行编号 of the run that published it.",
            "documents_used": "Documents 文档 whose figures are in the mart.",
            "document_sha256s": "SHA-256 of each of those documents (see documents.document_sha256).",
            "observations": "Figures 数据条数 in observations.",
            "targets": "Targets 目标数 in target_status_latest.",
            "status_counts": 'Targets per status 状态分布, as JSON ({"achieved": 62, …}).',
            "checks_run": "Quality checks run 质量检查.",
            "checks_passed": "Quality checks with no finding.",
            "warning_checks": "WARN checks with findings (see anomalies).",
            "check_summary": "Per check: name, severity, rows found, as JSON.",
            "contains_synthetic_data": "Any figure is synthetic sample data 合成示例数据.",
            "duckdb_version": "DuckDB version that wrote the mart.",
            "storage_version": "DuckDB storage version of the file (null: the writer's default).",
        },
    ),
}


@dataclass
class TableDoc:
    name: str
    description: str
    columns: list[tuple[str, str, str]]  # name, type, description


def _model_alias(yml: Path, model: dict) -> str:
    alias = (model.get("config") or {}).get("alias")
    sql = yml.with_name(f"{model['name']}.sql")
    if not alias and sql.exists():
        found = re.search(r"alias\s*=\s*[\"'](\w+)[\"']", sql.read_text(encoding="utf-8"))
        alias = found.group(1) if found else None
    return alias or model["name"]


def load_model_docs(models_dir: Path = DBT_PROJECT_DIR / "models" / "marts") -> dict[str, tuple[str, dict[str, str]]]:
    """Table → (description, {column: description}) from the mart models' YAML files."""
    docs: dict[str, tuple[str, dict[str, str]]] = {}
    for yml in sorted(models_dir.glob("*.yml")):
        for model in (yaml.safe_load(yml.read_text(encoding="utf-8")) or {}).get("models", []):
            columns = {c["name"]: " ".join((c.get("description") or "").split()) for c in model.get("columns", [])}
            docs[_model_alias(yml, model)] = (" ".join((model.get("description") or "").split()), columns)
    return docs


def describe(mart_path: Path, model_docs: dict[str, tuple[str, dict[str, str]]] | None = None) -> list[TableDoc]:
    docs = {**(model_docs if model_docs is not None else load_model_docs()), **QUALITY_TABLES}
    with open_mart(mart_path) as conn:
        schema = {
            table: [(r[0], r[1]) for r in conn.execute(f"describe {table}").fetchall()] for table in PUBLISHED_TABLES
        }
    tables = []
    for table in PUBLISHED_TABLES:
        description, column_docs = docs.get(table, ("", {}))
        columns = []
        for name, sql_type in schema[table]:
            text = column_docs.get(name, "")
            if not text:
                donor = next((t for t in BORROW_ORDER if t != table and docs.get(t, ("", {}))[1].get(name)), None)
                if donor:
                    text = f"{docs[donor][1][name]} *(as in `{donor}`)*"
            columns.append((name, sql_type, text))
        tables.append(TableDoc(table, description, columns))
    return tables


def _zh_name(text: str) -> str:
    found = CJK_NAME.match(text)
    return found.group("zh") if found else ""


def _grain(description: str) -> tuple[str, str]:
    """Split 'What it is. Grain: one row per …' into (what, grain)."""
    head, sep, tail = description.partition("Grain:")
    if not sep:
        return description, ""
    grain, _, rest = tail.strip().partition(". ")
    return (head.strip() + (" " + rest.strip() if rest.strip() else "")).strip(), grain.strip().rstrip(".")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(tables: list[TableDoc]) -> str:
    out = [
        "# Data dictionary",
        "",
        "<!-- Generated by `python -m orchestration.faces.data_dictionary > docs/data-dictionary.md` from the mart "
        "models' YAML (dbt_project/models/marts/*.yml), the quality tables of expectations/ and the schema of a "
        "published mart. Do not edit by hand: change the YAML, then regenerate. tests/faces checks it is current. -->",
        "",
        "Every table of the published mart `<home>/published/targetwatch.duckdb` (default `data/published/`), "
        "which is also exported as `<home>/published/exports/<table>.parquet` and `.csv`. Open it read-only; "
        "ready-to-run queries are in [analyst-guide.md](analyst-guide.md).",
        "",
        "| table | 中文 | grain: one row per … |",
        "| --- | --- | --- |",
    ]
    for table in tables:
        _, grain = _grain(table.description)
        out.append(f"| [`{table.name}`](#{table.name}) | {_zh_name(table.description)} | {_cell(grain)} |")
    out += [
        "",
        "## Vocabularies",
        "",
        "`status`: " + ", ".join(f"`{k}` {zh} ({en})" for k, (zh, en) in STATUS_LABELS.items()) + ".",
        "",
        "`metric`: " + ", ".join(f"`{k}` {zh}" for k, (zh, _) in METRIC_LABELS.items()) + ".",
        "",
        "`comparator`: " + ", ".join(f"`{k}` {p}X{s} ({en} X)" for k, (p, s, en) in COMPARATORS.items()) + ".",
        "",
        "Units: `value`, `actual`, `target_value_canonical`, `projected_full_year` are in the indicator's "
        "canonical unit (`unit` / `canonical_unit`); `target_value` is in the unit of the work report "
        "(`target_unit`). Growth rates are percent; `score` of rate targets is in percentage points.",
        "",
    ]
    for table in tables:
        what, grain = _grain(table.description)
        out += [f"## {table.name}", "", what, ""]
        if grain:
            out += [f"**Grain:** {grain}.", ""]
        out += ["| column | type | 中文 | description |", "| --- | --- | --- | --- |"]
        for name, sql_type, text in table.columns:
            out.append(f"| `{name}` | {sql_type} | {_zh_name(text)} | {_cell(text)} |")
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mart", type=Path, help="published mart to read the schema from (default: the settings')")
    args = parser.parse_args(argv)
    if args.mart is None:
        from ingest.settings import load_settings

        args.mart = load_settings().published_mart_path
    sys.stdout.write(render_markdown(describe(args.mart)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
