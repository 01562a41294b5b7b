"""The analyst docs stay true: the data dictionary matches the published mart, every guide query runs."""

from __future__ import annotations

import re

import pytest

from ingest.settings import PROJECT_ROOT
from orchestration.faces.data_dictionary import PUBLISHED_TABLES, describe, render_markdown

DICTIONARY = PROJECT_ROOT / "docs" / "data-dictionary.md"
GUIDE = PROJECT_ROOT / "docs" / "analyst-guide.md"
REGENERATE = "python -m orchestration.faces.data_dictionary --mart <a published mart> > docs/data-dictionary.md"

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pipeline")]


def guide_queries() -> dict[str, str]:
    """The ```sql blocks of the analyst guide, by their `-- name:` line."""
    blocks = re.findall(r"```sql\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    queries = {}
    for block in blocks:
        name = re.match(r"-- name: (\w+)\n", block)
        assert name, f"every SQL block of the guide starts with `-- name: …`:\n{block}"
        queries[name.group(1)] = block
    return queries


def run(mart, published_run, sql: str) -> tuple[list[str], list[tuple]]:
    sql = sql.replace("'data/published/", f"'{published_run.settings.published_dir}/")
    relation = mart.execute(sql)
    return [d[0] for d in relation.description], relation.fetchall()


def test_the_data_dictionary_is_current(published_run):
    generated = render_markdown(describe(published_run.settings.published_mart_path))
    committed = DICTIONARY.read_text(encoding="utf-8")
    assert committed == generated, f"docs/data-dictionary.md is out of date with the mart: `{REGENERATE}`"


def test_the_data_dictionary_describes_every_published_column(published_run, mart):
    tables = describe(published_run.settings.published_mart_path)
    assert [t.name for t in tables] == list(PUBLISHED_TABLES)
    published = {r[0] for r in mart.execute("select table_name from information_schema.tables").fetchall()}
    assert published == set(PUBLISHED_TABLES), "a new published table needs a place in the data dictionary"
    for table in tables:
        assert "Grain:" in table.description or table.name in ("anomalies", "publications"), table.name
        undocumented = [name for name, _, text in table.columns if not text]
        assert undocumented == [], f"{table.name}: describe {undocumented} in the model YAML"


def test_every_query_of_the_analyst_guide_runs_and_answers(published_run, mart):
    queries = guide_queries()
    assert {
        "behind_now",
        "behind_as_of",
        "progress_history",
        "status_sources",
        "figure_documents",
        "revisions",
        "anomalies",
        "synthetic_vs_real",
    } <= set(queries)
    results = {name: run(mart, published_run, sql) for name, sql in queries.items()}

    columns, rows = results["behind_now"]
    expected = mart.execute(
        "select count(*) from target_status_latest where status in ('off_track', 'at_risk', 'missed')"
    ).fetchone()[0]
    assert len(rows) == expected
    assert {r[columns.index("status")] for r in rows} <= {"off_track", "at_risk", "missed"}

    columns, rows = results["status_counts"]
    assert sum(r[1] for r in rows) == mart.execute("select count(*) from target_status_latest").fetchone()[0]

    columns, rows = results["behind_as_of"]
    assert rows, "September 2024 of the sample has targets behind: the guide's example should show some"
    assert {r[columns.index("status")] for r in rows} <= {"off_track", "at_risk"}

    columns, rows = results["progress_history"]
    months = [r[columns.index("as_of_month")] for r in rows]
    assert months == sorted(months) and len(months) >= 2

    columns, rows = results["status_sources"]
    assert rows and all(r[columns.index("document_url")] for r in rows)
    assert all(r[columns.index("figure_quote")] for r in rows if r[columns.index("status")] != "no_data")

    columns, rows = results["figure_documents"]
    assert rows and all(r[columns.index("document_url")] and r[columns.index("quote")] for r in rows)
    assert any(r[columns.index("is_latest_vintage")] for r in rows)

    columns, rows = results["revisions"]
    assert len(rows) == mart.execute("select count(*) from revisions").fetchone()[0]

    columns, rows = results["anomalies"]
    assert len(rows) == mart.execute("select count(*) from anomalies").fetchone()[0]
    assert len({r[columns.index("publication_id")] for r in rows}) <= 1

    columns, rows = results["synthetic_vs_real"]
    assert (
        sum(r[columns.index("figures")] for r in rows)
        == mart.execute("select count(*) from observations").fetchone()[0]
    )


def test_the_guides_parquet_example_reads_the_exports(published_run, mart):
    text = GUIDE.read_text(encoding="utf-8")
    sql = re.search(r'duckdb -c "(select .*?)"', text).group(1)
    columns, rows = run(mart, published_run, sql)
    assert columns == ["target_id", "status", "reason_en"]
    assert (
        len(rows)
        == mart.execute(
            "select count(*) from target_status_latest where status in ('off_track', 'at_risk', 'missed')"
        ).fetchone()[0]
    )
