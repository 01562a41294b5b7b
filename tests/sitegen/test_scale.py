"""Scale mode (--regions N): synthetic regions, a loadable sources file and a target catalog."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import lxml.html
import pytest

from ingest.decode import decode_bytes
from ingest.settings import PROJECT_ROOT
from ingest.sitegen import generate
from ingest.sitegen.__main__ import main
from ingest.sitegen.scale import STAT_TARGETS
from ingest.sources import load_sources

SEED_FILE = PROJECT_ROOT / "dbt_project" / "seeds" / "targets.csv"


@pytest.fixture(scope="module")
def scale_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scale") / "site"
    generate(out, regions=3)
    return out


def test_sources_file_loads_and_points_at_every_column(scale_site):
    sources = load_sources(scale_site / "sources.toml")
    assert len(sources) == 9
    assert {s.region_code for s in sources} == {"990001", "990002", "990003"}
    for source in sources:
        assert (scale_site / source.list_path).is_file(), source.list_path
        assert source.region_code in source.id and source.list_path.startswith(source.region_code + "/")


def test_target_catalog_has_the_seed_columns_and_every_statistical_target(scale_site):
    with SEED_FILE.open(encoding="utf-8", newline="") as handle:
        seed_columns = next(csv.reader(handle))
    with (scale_site / "targets.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == seed_columns
        rows = list(reader)
    assert len(rows) == 3 * len(STAT_TARGETS)
    assert len({r["target_id"] for r in rows}) == len(rows)
    indicators = {r["indicator_id"] for r in rows}
    assert {
        "gdp",
        "industrial_output_above_scale",
        "fixed_asset_investment",
        "retail_sales",
        "general_budget_revenue",
        "cpi",
        "nev_output",
    } <= indicators
    retail_metrics = {r["metric"] for r in rows if r["indicator_id"] == "retail_sales"}
    assert retail_metrics == {"growth_pct", "level"}
    for row in rows:
        assert row["plan_year"] == "2024" and row["target_value"] != ""
        clause = next(t.wording for t in STAT_TARGETS if row["target_id"].endswith(t.slug))
        assert clause.format(t=row["target_value"]) in row["source_quote"]


def test_regions_are_clearly_synthetic_and_use_the_same_layouts(scale_site):
    manifest = json.loads((scale_site / "_sitegen.json").read_text(encoding="utf-8"))
    assert manifest["regions"] == 3 and manifest["documents"] == 120
    assert manifest["documents_by_layout"] == {
        "communique": 3,
        "monthly_table": 66,
        "prose": 24,
        "quarterly_gdp": 24,
        "work_report_review": 3,
    }
    assert manifest["real_figures"] == 0
    assert manifest["figures"] > 3 * 3500  # detail rows: about a million figures for 300 regions
    table = next((scale_site / "990002").rglob("t*.html"))
    page = lxml.html.document_fromstring(decode_bytes(table.read_bytes()).text)
    assert page.xpath("//meta[@name='targetwatch:synthetic']/@content") == ["true"]
    assert "“合成示例市002”是虚构的地区" in page.xpath("//div[@class='synthetic-banner']")[0].text_content()
    assert page.xpath("//title")[0].text_content().endswith("_合成示例市002统计局")


def test_the_scale_mode_is_deterministic(scale_site, tmp_path):
    generate(tmp_path / "again", regions=3)
    for name in ("sources.toml", "targets.csv", "_sitegen.json"):
        assert (tmp_path / "again" / name).read_bytes() == (scale_site / name).read_bytes()


def test_the_command_line_refuses_to_overwrite_what_it_did_not_write(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["--out", str(tmp_path)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert main(["--out", str(tmp_path), "--replace"]) == 2
    assert (tmp_path / "notes.txt").exists()


def test_the_command_line_regenerates_a_generated_site(tmp_path, capsys):
    out = tmp_path / "site"
    assert main(["--out", str(out), "--years", "2023,2024"]) == 0
    assert "wrote 40 documents" in capsys.readouterr().out
    assert main(["--out", str(out), "--replace"]) == 0
    assert main(["--out", str(tmp_path / "bad"), "--years", "2022,2024"]) == 2
