"""``targetwatch targets extract`` and ``check``: output formats and clean errors."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from ingest.catalog.model import SEED_COLUMNS
from orchestration.cli.main import cli
from tests.catalog.conftest import SAMPLE


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_table_by_default(runner):
    result = runner.invoke(cli, ["targets", "extract", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert "【深入实施城市更新 全面提升城市功能品质】" in result.stdout
    assert "地铁6号线开通运营" in result.stdout and "metro_line6_opening" in result.stdout
    assert "≥ 6.5 %" in result.stdout
    assert result.stdout.rstrip().endswith("to review")
    assert "96 targets (11 growth_pct, 19 level, 40 count, 8 share_pct, 1 pp_change, 1 relation, 16 milestone)" in (
        result.stdout
    )


def test_csv_has_the_seed_columns(runner):
    result = runner.invoke(cli, ["targets", "extract", str(SAMPLE), "--format", "csv", "--region-code", "220100"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == SEED_COLUMNS
    assert len(rows) == 97
    first = dict(zip(SEED_COLUMNS, rows[1], strict=True))
    assert (first["target_id"], first["target_value"], first["comparator"]) == (
        "220100-2024-gdp-growth",
        "6.5",
        "at_least",
    )


def test_output_file_defaults_to_csv(runner, tmp_path):
    out = tmp_path / "proposals.csv"
    result = runner.invoke(cli, ["targets", "extract", str(SAMPLE), "--year", "2024", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "wrote 96 proposed targets" in result.stderr
    assert out.read_text(encoding="utf-8").startswith(",".join(SEED_COLUMNS) + "\n")
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda tmp: tmp / "missing.txt", "no such file"),
        (lambda tmp: _write(tmp / "empty.txt", b""), "the file is empty"),
        (lambda tmp: _write(tmp / "r.pdf", b"%PDF-1.4\n\x00\x01"), "is a PDF"),
        (lambda tmp: _write(tmp / "plain.txt", "没有数字。".encode()), "no numbers with units"),
        (lambda tmp: _write(tmp / "noyear.txt", "新建提升口袋公园40处。".encode()), "--year"),
    ],
)
def test_bad_input_is_a_clean_error(runner, tmp_path, setup, message):
    result = runner.invoke(cli, ["targets", "extract", str(setup(tmp_path))])
    assert result.exit_code == 1
    assert "Error:" in result.stderr and message in result.stderr
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


def test_bad_region_code_and_output_directory(runner, tmp_path):
    result = runner.invoke(cli, ["targets", "extract", str(SAMPLE), "--region-code", "Changchun"])
    assert result.exit_code == 1 and "6-digit" in result.stderr
    result = runner.invoke(cli, ["targets", "extract", str(SAMPLE), "-o", str(tmp_path / "nope" / "x.csv")])
    assert result.exit_code == 1 and "no such directory" in result.stderr


def test_check_prints_recall_and_precision(runner):
    result = runner.invoke(cli, ["targets", "check", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert "recall:    100.0% (96/96" in result.stdout
    assert "precision: 100.0%" in result.stdout
    failing = runner.invoke(cli, ["targets", "check", str(SAMPLE), "--min-recall", "1.5"])
    assert failing.exit_code == 1 and "below --min-recall" in failing.stderr


def test_check_with_a_catalog_of_another_year(runner, tmp_path):
    catalog = tmp_path / "targets.csv"
    catalog.write_text(",".join(SEED_COLUMNS) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["targets", "check", str(SAMPLE), "--catalog", str(catalog)])
    assert result.exit_code == 1 and "no rows for plan year 2024" in result.stderr


def test_help_explains_the_options(runner):
    result = runner.invoke(cli, ["targets", "extract", "--help"])
    assert result.exit_code == 0
    for option in ("--year", "--region-code", "--format", "--output", "[csv|table]"):
        assert option in result.stdout


def _write(path, content: bytes):
    path.write_bytes(content)
    return path
