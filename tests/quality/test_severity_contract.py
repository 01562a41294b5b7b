"""ERROR checks must really block: a mapping that silently downgrades one to WARN fails here."""

import dagster as dg

from expectations.gx_suites import SUITES
from expectations.quality_doc import render
from expectations.runner import CheckOutcome, Finding
from expectations.sql_checks import CHECKS
from ingest.settings import PROJECT_ROOT
from orchestration.assets.quality_assets import check_specs, quality_gate


def test_every_error_check_is_a_blocking_asset_check_and_every_warning_is_not():
    specs = {spec.name: spec for spec in check_specs()}
    for check in CHECKS:
        assert specs[check.name].blocking is (check.severity == "ERROR"), check.name
    for suite in SUITES:
        assert specs[suite.name].blocking is True
    assert specs["snapshot_integrity"].blocking is True


def test_the_gate_definition_carries_the_blocking_flags():
    blocking = {spec.name for spec in quality_gate.check_specs if spec.blocking}
    expected = {c.name for c in CHECKS if c.severity == "ERROR"} | {s.name for s in SUITES} | {"snapshot_integrity"}
    assert blocking == expected


def test_a_failing_error_outcome_is_reported_with_error_severity(monkeypatch, tmp_path):
    """Execute the gate with a planted failing ERROR outcome and a WARN one; read the severities."""
    import orchestration.assets.quality_assets as quality_assets

    failing = CheckOutcome(
        "ytd_non_decreasing",
        "ERROR",
        "indicator_ytd",
        "d",
        "w",
        [Finding("220100", "retail_sales", "2024-06", "1-6月 < 1-5月")],
        1,
    )
    warning = CheckOutcome(
        "growth_outlier", "WARN", "indicator_ytd", "d", "w", [Finding("220100", "nev_output", "2024-03", "z 4.2")], 1
    )
    passing = [
        CheckOutcome(c.name, c.severity, c.guards, "d", "w")
        for c in CHECKS
        if c.name not in ("ytd_non_decreasing", "growth_outlier")
    ]
    passing += [CheckOutcome(s.name, "ERROR", s.table, "d", "w") for s in SUITES]
    passing.append(CheckOutcome("snapshot_integrity", "ERROR", "observations", "d", "w"))
    monkeypatch.setattr(quality_assets, "run_all", lambda *a, **k: [failing, warning, *passing])

    class FakeResource:
        def settings(self):
            from ingest.settings import load_settings

            return load_settings({"TARGETWATCH_HOME": str(tmp_path)})

    results = list(quality_gate(dg.build_asset_check_context(), targetwatch=FakeResource()))
    by_name = {r.check_name: r for r in results}
    assert by_name["ytd_non_decreasing"].passed is False
    assert by_name["ytd_non_decreasing"].severity == dg.AssetCheckSeverity.ERROR
    assert by_name["growth_outlier"].passed is False
    assert by_name["growth_outlier"].severity == dg.AssetCheckSeverity.WARN
    assert (tmp_path / "quality" / "anomalies.parquet").exists()


def test_docs_quality_md_is_generated_from_the_registry():
    committed = (PROJECT_ROOT / "docs" / "quality.md").read_text(encoding="utf-8")
    assert committed == render(), "docs/quality.md is stale: python -m expectations.quality_doc > docs/quality.md"
