"""`targetwatch status`: the numbers and statuses of known sample targets, in each format, equal the mart's."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.faces.conftest import GDP_GROWTH, RETAIL_LEVEL, invoke, mart_row

# The machine-readable columns are a contract with scripts: renaming one is a deliberate, reviewed change.
STABLE_COLUMNS = [
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
]
LABELS_ZH = {
    "achieved": "已完成",
    "on_track": "符合进度",
    "at_risk": "有风险",
    "off_track": "落后",
    "missed": "未完成",
    "no_data": "无数据",
}
LABELS_EN = {
    "achieved": "Achieved",
    "on_track": "On track",
    "at_risk": "At risk",
    "off_track": "Off track",
    "missed": "Missed",
    "no_data": "No data",
}


def short(value: float) -> str:
    """A figure as the table prints it (≤ 2 decimals, no trailing zeros) — written independently here."""
    return f"{round(value, 2):.2f}".rstrip("0").rstrip(".")


def table_rows(output: str) -> dict[str, list[str]]:
    """Rebuild the rows of a rich table printed without colour: title cell → joined cells (wrapped lines merged)."""
    rows: list[list[str]] = []
    for line in output.splitlines():
        if not line.startswith("│"):
            continue
        cells = [c.strip() for c in line.strip("│").split("│")]
        if len(cells) != 6:
            continue
        if cells[4] or not rows:  # the status cell starts a row (section rows have none)
            rows.append(cells)
        else:
            rows[-1] = [a + b for a, b in zip(rows[-1], cells, strict=True)]
    return {r[0].replace(" ", ""): [c.replace(" ", "") for c in r] for r in rows}


def first_month_with_progress(mart, target_id: str) -> int:
    """The latest as-of month before the year end at which the target has a figure (the data decide)."""
    row = mart.execute(
        "select max(as_of_month) from target_progress where target_id = ? and not is_year_end and status <> 'no_data'",
        [target_id],
    ).fetchone()
    if row[0] is None:
        pytest.skip(f"{target_id} has no in-year figure in the sample any more")
    return int(row[0])


@pytest.mark.slow
@pytest.mark.xdist_group("pipeline")
class TestStatusFromTheMart:
    def test_table_shows_the_statuses_and_figures_of_known_targets(self, home, mart):
        result = invoke("status", "--home", home)
        assert result.exit_code == 0, result.stderr
        rows = table_rows(result.stdout)
        for target_id in (GDP_GROWTH, RETAIL_LEVEL):
            expected = mart_row(mart, "target_status_latest", target_id)
            cells = rows[expected["title_zh"].replace(" ", "")]
            assert cells[4] == LABELS_ZH[expected["status"]]
            if expected["status"] != "no_data":
                assert short(expected["actual"]) in cells[2]
                assert short(expected["target_value"]) in cells[1]
            assert cells[5].startswith(expected["reason_zh"].replace(" ", "")[:20])
        growth = mart_row(mart, "target_status_latest", GDP_GROWTH)
        if growth["score"] is not None:
            gap = short(abs(growth["score"]))
            assert rows[growth["title_zh"]][3] in (f"+{gap}pp", f"−{gap}pp", f"±{gap}pp")
        level = mart_row(mart, "target_status_latest", RETAIL_LEVEL)
        if level["completion"] is not None:
            assert rows[level["title_zh"]][3].startswith(f"{level['completion'] * 100:.1f}%")
        # the summary line counts every status of the mart
        counts = dict(mart.execute("select status, count(*) from target_status_latest group by 1").fetchall())
        for status, label in LABELS_ZH.items():
            assert f"{label} {counts.get(status, 0)}" in result.stdout
        assert "合成示例数据" in result.stdout  # the sample is synthetic, and the table says so

    def test_table_in_english_and_without_colour_when_piped(self, home, mart):
        result = invoke("status", "--home", home, "--lang", "en")
        assert result.exit_code == 0
        assert "\x1b[" not in result.stdout
        expected = mart_row(mart, "target_status_latest", GDP_GROWTH)
        rows = table_rows(result.stdout)
        cells = rows[expected["title_en"].replace(" ", "")]
        assert cells[4] == LABELS_EN[expected["status"]].replace(" ", "")
        assert "SYNTHETIC" in result.stdout

    def test_colour_by_status_on_request(self, home, mart):
        statuses = {r[0] for r in mart.execute("select distinct status from target_status_latest").fetchall()}
        result = invoke("status", "--home", home, "--lang", "en", "--color", "always")
        assert result.exit_code == 0
        styles = {
            "achieved": "\x1b[1;32m",
            "missed": "\x1b[31m",
            "no_data": "\x1b[2m",
            "on_track": "\x1b[32m",
            "at_risk": "\x1b[33m",
            "off_track": "\x1b[1;31m",
        }
        for status in statuses:
            assert f"{styles[status]}{LABELS_EN[status]}" in result.stdout, status

    def test_json_has_stable_columns_and_the_marts_numbers(self, home, mart):
        result = invoke("status", "--home", home, "--format", "json", "--lang", "en")
        assert result.exit_code == 0
        rows = json.loads(result.stdout)
        assert sorted(r["target_id"] for r in rows) == sorted(
            r[0] for r in mart.execute("select target_id from target_status_latest").fetchall()
        )
        assert all(list(r) == STABLE_COLUMNS for r in rows)
        by_id = {r["target_id"]: r for r in rows}
        for target_id in (GDP_GROWTH, RETAIL_LEVEL):
            expected = mart_row(mart, "target_status_latest", target_id)
            got = by_id[target_id]
            assert got["status"] == expected["status"]
            assert got["title"] == expected["title_en"]
            assert got["reason"] == expected["reason_en"]
            assert got["target_value"] == pytest.approx(expected["target_value"])
            for column in ("actual", "completion", "expected_completion", "score", "figure_value"):
                assert got[column] == (pytest.approx(expected[column]) if expected[column] is not None else None)
            assert got["as_of_date"] == (expected["as_of_date"].isoformat() if expected["as_of_date"] else None)
            assert got["is_synthetic"] is expected["is_synthetic"]

    def test_csv_has_stable_columns_and_the_marts_numbers(self, home, mart):
        result = invoke("status", "--home", home, "--format", "csv")
        assert result.exit_code == 0
        reader = csv.DictReader(io.StringIO(result.stdout))
        assert reader.fieldnames == STABLE_COLUMNS
        rows = {r["target_id"]: r for r in reader}
        assert len(rows) == mart.execute("select count(*) from target_status_latest").fetchone()[0]
        for target_id in (GDP_GROWTH, RETAIL_LEVEL):
            expected = mart_row(mart, "target_status_latest", target_id)
            got = rows[target_id]
            assert got["status"] == expected["status"]
            assert got["title"] == expected["title_zh"]
            assert got["reason"] == expected["reason_zh"]
            assert got["is_synthetic"] == ("true" if expected["is_synthetic"] else "false")
            if expected["actual"] is None:
                assert got["actual"] == ""
            else:
                assert float(got["actual"]) == pytest.approx(expected["actual"])

    def test_as_of_reads_the_progress_history(self, home, mart):
        month = first_month_with_progress(mart, RETAIL_LEVEL)
        result = invoke("status", "--home", home, "--as-of", f"2024-{month:02d}", "--format", "json")
        assert result.exit_code == 0, result.stderr
        by_id = {r["target_id"]: r for r in json.loads(result.stdout)}
        for target_id in (GDP_GROWTH, RETAIL_LEVEL):
            expected = mart_row(mart, "target_progress", target_id, "and as_of_month = ?", (month,))
            got = by_id[target_id]
            assert (got["status"], got["reason"]) == (expected["status"], expected["reason_zh"])
            assert got["figure_period"] == expected["figure_period_zh"]
            if expected["actual"] is not None:
                assert got["actual"] == pytest.approx(expected["actual"])
        table = invoke("status", "--home", home, "--as-of", f"2024-{month:02d}")
        assert f"2024-{month:02d}" in table.stdout

    def test_filters_by_status_and_section(self, home, mart):
        month = first_month_with_progress(mart, RETAIL_LEVEL)
        expected = sorted(
            r[0]
            for r in mart.execute(
                "select target_id from target_progress where plan_year = 2024 and as_of_month = ? "
                "and status in ('off_track', 'at_risk')",
                [month],
            ).fetchall()
        )
        result = invoke(
            "status",
            "--home",
            home,
            "--as-of",
            f"2024-{month:02d}",
            "--status",
            "off_track,at_risk",
            "--format",
            "json",
        )
        got = json.loads(result.stdout)
        assert sorted(r["target_id"] for r in got) == expected
        section = mart_row(mart, "target_status_latest", RETAIL_LEVEL)["section"]
        needle = section[:4]
        result = invoke("status", "--home", home, "--section", needle, "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert RETAIL_LEVEL in {r["target_id"] for r in rows}
        assert {r["section"] for r in rows} == {
            r[0]
            for r in mart.execute(
                "select distinct section from target_status_latest where contains(section, ?)", [needle]
            ).fetchall()
        }

    def test_year_filter_and_a_year_without_targets(self, home, mart):
        year = mart.execute("select max(plan_year) from targets").fetchone()[0]
        result = invoke("status", "--home", home, "--year", str(year), "--format", "json")
        assert (
            len(json.loads(result.stdout))
            == mart.execute("select count(*) from target_status_latest where plan_year = ?", [year]).fetchone()[0]
        )
        missing = invoke("status", "--home", home, "--year", "1999")
        assert missing.exit_code == 1
        assert "no targets for plan year 1999" in missing.stderr
        assert str(year) in missing.stderr

    def test_as_of_before_the_first_figures_says_so(self, home):
        result = invoke("status", "--home", home, "--as-of", "2024-01")
        assert result.exit_code == 1
        assert "no progress as of 2024-01" in result.stderr

    def test_the_mart_option_points_elsewhere(self, published_run, tmp_path):
        result = invoke(
            "status",
            "--home",
            str(tmp_path),
            "--mart",
            str(published_run.settings.published_mart_path),
            "--format",
            "csv",
        )
        assert result.exit_code == 0
        assert GDP_GROWTH in result.stdout


def test_a_missing_mart_says_what_to_do(tmp_path):
    result = invoke("status", "--home", str(tmp_path / "nothing-here"))
    assert result.exit_code == 1
    assert "no published mart at" in result.stderr
    assert "targetwatch run" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2024-13"], "--as-of must be YYYY-MM"),
        (["--as-of", "Sept"], "--as-of must be YYYY-MM"),
        (["--status", "late"], "unknown status late"),
    ],
)
def test_bad_options_are_explained(tmp_path, args, message):
    result = invoke("status", "--home", str(tmp_path), *args)
    assert result.exit_code == 2
    assert message in result.stderr
