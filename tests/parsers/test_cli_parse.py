"""``targetwatch parse``: CSV and JSON out, quarantine reasons, exit codes, clean errors."""

from __future__ import annotations

import csv
import functools
import http.server
import io
import json
import threading
from pathlib import Path
from typing import ClassVar

from click.testing import CliRunner

from orchestration.cli.main import cli

from .conftest import FIXTURES, REAL_SEED


class RequestHandler(http.server.SimpleHTTPRequestHandler):
    paths: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        RequestHandler.paths.append(self.path)
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        return


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["parse", *args])
    return result.exit_code, result.stdout, result.stderr


def test_csv_rows_in_the_observation_contract() -> None:
    code, out, err = run(str(FIXTURES / "quarterly_gdp_2024_q1.html"), "--source-id", "gdp_test")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["indicator_id"] for r in rows] == ["gdp", "gdp_primary", "gdp_secondary", "gdp_tertiary"]
    first = rows[0]
    assert (first["source_id"], first["region_code"], first["period_kind"]) == ("gdp_test", "220100", "quarter_ytd")
    assert (first["value"], first["unit"], first["yoy_pct"], first["is_estimate"]) == ("1534.4", "亿元", "7.1", "false")
    assert first["url"].startswith("file://") and len(first["document_sha256"]) == 64
    assert "quarterly_gdp" in err and "4 observations" in err


def test_json_with_a_quarantined_document_exits_1() -> None:
    code, out, _ = run("--format", "json", str(FIXTURES / "prose_2024_02.html"), str(FIXTURES / "soft_error_busy.html"))
    assert code == 1
    documents = json.loads(out)["documents"]
    assert [d["status"] for d in documents] == ["parsed", "quarantined"]
    assert documents[0]["layout"] == "prose" and len(documents[0]["observations"]) == 11
    assert documents[0]["observations"][0]["period_start"] == "2024-01-01"
    assert documents[1]["reason"] == "soft_error_page"


def test_quarantine_reason_on_stderr() -> None:
    code, out, err = run(str(FIXTURES / "gdp_missing_total.html"))
    assert code == 1
    assert out.strip().count("\n") == 0  # the CSV header only
    assert "quarantined: missing_required_indicator" in err


def test_explicit_parser_and_region() -> None:
    page = str(FIXTURES / "communique_2023.html")
    code, out, _ = run("-q", "--parser", "communique", "--region-code", "220000", page)
    assert code == 0
    assert {r["region_code"] for r in csv.DictReader(io.StringIO(out))} == {"220000"}


def test_file_url() -> None:
    code, out, err = run("-q", (FIXTURES / "quarterly_gdp_2024_q1.html").as_uri())
    assert code == 0, err
    assert len(list(csv.DictReader(io.StringIO(out)))) == 4


def test_url_is_fetched_once() -> None:
    handler = functools.partial(RequestHandler, directory=str(FIXTURES))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/monthly_table_nbs_gbk.html"
        code, out, err = run("-q", url)
    finally:
        server.shutdown()
        server.server_close()
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 10 and rows[0]["url"] == url
    assert rows[0]["fetched_at"]
    assert RequestHandler.paths == ["/monthly_table_nbs_gbk.html"]


def test_missing_file_is_a_usage_error() -> None:
    code, _, err = run("no/such/page.html")
    assert code == 2
    assert "neither a file nor" in err


def test_unknown_parser_is_a_usage_error() -> None:
    code, _, err = run("--parser", "pdf", str(FIXTURES / "prose_2024_02.html"))
    assert code == 2
    assert "Invalid value for '--parser'" in err


def test_bad_alias_table_is_a_clean_error(tmp_path: Path) -> None:
    bad = tmp_path / "aliases.csv"
    bad.write_text("name,id\nGDP,gdp\n", encoding="utf-8")
    code, _, err = run("--aliases", str(bad), str(FIXTURES / "prose_2024_02.html"))
    assert code == 1
    assert "cannot read the alias table" in err


def test_help_lists_layouts_and_options() -> None:
    code, out, _ = run("--help")
    assert code == 0
    for word in ("FILE_OR_URL", "--format", "--parser", "--source-id", "--region-code", "work_report_review"):
        assert word in out


def test_real_seed_resolves_bulletin_wordings() -> None:
    from ingest.parsers.aliases import AliasTable

    table = AliasTable.load(REAL_SEED)
    wordings = [
        ("一产增加值", "gdp_primary"), ("全市GDP", "gdp"), ("规上工业总产值", "industrial_output_above_scale"),
        ("固定资产投资(不含农户)", "fixed_asset_investment"), ("社会消费品零售总额(亿元)", "retail_sales"),
        ("居民消费价格指数(CPI)", "cpi"), ("新增“专精特新”企业", "new_specialised_smes"),
    ]  # fmt: skip
    for name, ident in wordings:
        assert table.resolve(name) == ident, name
    assert "metro_line6_opening" in table.event_ids
    mentions = table.event_mentions("地铁6号线开通运营,长太高速公路建成通车")
    assert mentions == ["地铁6号线开通运营", "长太高速公路建成通车"]
