"""What `targetwatch run` shows while it works: one line per step with counts, no Dagster debug noise."""

from __future__ import annotations

import io
import re

import pytest

from orchestration.faces.progress import RunProgress, describe_materialization, step_label


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_step_is_one_line_with_what_it_produced():
    lines: list[str] = []
    clock = Clock()
    progress = RunProgress(lines.append, clock=clock)
    progress.step_started("crawl_sources")
    progress.materialized(
        "crawl_sources",
        "ingest/raw/changchun_stats_releases",
        {"discovered": 38, "fetched": 2, "new_snapshots": 1, "not_modified": 36, "failures": 0},
    )
    clock.now += 1.25
    progress.step_finished("crawl_sources")
    assert lines == [
        "… crawl sources",
        "✓ crawl sources — 38 releases listed, 2 fetched, 1 new, 36 not modified (1.2s)",
    ]


def test_counters_are_throttled_without_a_terminal():
    lines: list[str] = []
    clock = Clock()
    progress = RunProgress(lines.append, clock=clock, every_s=5)
    progress.step_started("parse_documents")
    for i in range(1, 401):
        clock.now += 0.0625  # 400 documents in 25 s
        progress.counter("parse_documents", f"parsed {i}/400 documents")
    counters = [line for line in lines if "parsed" in line]
    assert counters == [f"    parsed {n}/400 documents" for n in (80, 160, 240, 320, 400)]  # one every 5 s


def test_a_terminal_gets_one_line_rewritten_in_place():
    lines: list[str] = []
    terminal = io.StringIO()
    clock = Clock()
    progress = RunProgress(lines.append, live=terminal, clock=clock)
    progress.step_started("crawl_sources")
    for i in range(1, 39):
        clock.now += 0.2
        progress.counter("crawl_sources", f"crawled {i}/38 sources")
    progress.step_finished("crawl_sources")
    progress.close()
    shown = terminal.getvalue()
    assert "\r\x1b[K… crawl sources: crawled 38/38 sources" in shown
    assert shown.endswith("\r\x1b[K")  # the live line is cleared before the step's summary line
    assert lines == ["✓ crawl sources (7.6s)"]


def test_dbt_output_becomes_a_count_and_its_failures_become_warnings():
    lines: list[str] = []
    progress = RunProgress(lines.append, clock=Clock())
    progress.step_started("warehouse_models")
    for line in [
        "Running with dbt=1.11.16",
        "1 of 3 START sql view model staging.stg_bulletins__documents .......... [RUN]",
        "1 of 3 OK created sql view model staging.stg_bulletins__documents ..... [OK in 0.19s]",
        "2 of 3 PASS not_null_targets_target_id ................................ [PASS in 0.03s]",
        "3 of 3 FAIL 2 unique_targets_target_id ................................ [FAIL 2 in 0.03s]",
        "Done. PASS=1 WARN=0 ERROR=1 SKIP=0 NO-OP=0 TOTAL=3",
    ]:
        progress.dbt_line(line)
    progress.check_evaluated("warehouse_models", "unique_targets_target_id", False, "ERROR")
    progress.step_finished("warehouse_models")
    assert lines[0] == "… build the warehouse (dbt)"
    assert lines[1].startswith("  ! dbt FAIL: 2 unique_targets_target_id")
    assert lines[2] == "✓ build the warehouse (dbt) — dbt PASS=1 WARN=0 ERROR=1 SKIP=0 NO-OP=0 TOTAL=3 (0.0s)"


def test_warnings_are_capped_per_step_and_failures_and_skips_are_said():
    lines: list[str] = []
    progress = RunProgress(lines.append, clock=Clock(), max_warnings_per_step=2)
    progress.step_started("parse_documents")
    for i in range(5):
        progress.warning("parse_documents", f"quarantined (soft_error_page): https://x/{i}.html\nmore detail")
    progress.step_finished("parse_documents")
    progress.step_started("quality_gate")
    progress.check_evaluated("quality_gate", "ytd_non_decreasing", False, "ERROR")
    progress.check_evaluated("quality_gate", "key_uniqueness", True, "ERROR")
    progress.step_failed("quality_gate", "blocking check failed\ntraceback …")
    progress.warning(None, "Dependencies for step publish_mart were not executed: ['quality_gate']. Not executing.")
    progress.step_skipped("quality__anomalies")
    assert lines == [
        "… parse documents",
        "  ! quarantined (soft_error_page): https://x/0.html",
        "  ! quarantined (soft_error_page): https://x/1.html",
        "✓ parse documents — 3 more warnings in the full log (0.0s)",
        "… quality gate",
        "✗ quality gate — blocking check failed",
        "– publish not run (an upstream step failed)",
        "– anomalies table skipped (a blocking check failed upstream)",
    ]


@pytest.mark.parametrize(
    ("asset", "metadata", "text"),
    [
        (
            "ingest/documents",
            {"documents": 40, "parsed_now": 3, "reused_from_cache": 37, "quarantined": 1},
            "40 documents (3 parsed now, 37 unchanged), 1 quarantined",
        ),
        (
            "ingest/observations",
            {"observations": 1086, "synthetic_observations": 1036},
            "1086 figures (1036 synthetic)",
        ),
        (
            "publish/published_mart",
            {"targets": 96, "observations": 1086, "documents_used": 40, "status_achieved": 62, "status_no_data": 12},
            "96 targets (achieved 62, no_data 12), 1086 figures from 40 documents",
        ),
        ("marts/targets", {"row_count": 96}, None),
    ],
)
def test_what_each_step_produced(asset, metadata, text):
    assert describe_materialization(asset, metadata) == text


def test_step_labels_for_people():
    assert step_label("crawl_sources") == "crawl sources"
    assert step_label("warehouse_models") == "build the warehouse (dbt)"
    assert step_label("some__new_step") == "some/new_step"


@pytest.mark.slow
@pytest.mark.xdist_group("pipeline")
def test_the_pipeline_run_says_what_it_does_and_keeps_the_full_log(published_run, mart):
    log = published_run.log
    text = "\n".join(log)
    documents = mart.execute("select count(*) from documents").fetchone()[0]
    targets = mart.execute("select count(*) from target_status_latest").fetchone()[0]
    # one line per step, in order, with counts
    finished = [line for line in log if line.startswith("✓ ")]
    labels = [re.fullmatch(r"✓ (.*?)(?: — .*)? \(\d+\.\ds\)", line).group(1) for line in finished]
    assert labels[-1] == "publish"
    assert any(label.startswith("crawl ") for label in labels)
    assert labels.index("parse documents") < labels.index("build the warehouse (dbt)") < labels.index("quality gate")
    assert f"{documents} documents (" in text
    assert f"{targets} targets (" in text
    assert "dbt PASS=" in text
    # no Dagster debug noise, no dbt node lines
    assert not any(word in text for word in ("STEP_START", "RESOURCE_INIT", "LOGS_CAPTURED", "ASSET_MATERIALIZATION"))
    assert " of " not in " ".join(line for line in log if "START" in line)
    assert len(log) < 40
    # … but all of it is in the run's log file
    full = published_run.outcome.log_path.read_text(encoding="utf-8")
    assert published_run.outcome.log_path.name == f"run-{published_run.outcome.run_id}.log"
    assert "STEP_START" in full and "RUN_SUCCESS" in full
    assert "Done. PASS=" in full  # dbt's own output


def test_a_note_outside_any_step_is_shown_at_once():
    lines: list[str] = []
    terminal = io.StringIO()
    progress = RunProgress(lines.append, live=terminal, clock=Clock())
    progress.step_started("parse_documents")
    progress.note("waiting for pid 123 since 2026-01-01 02:00:00 to finish (lock data/.run.lock)\n")
    assert lines == ["  · waiting for pid 123 since 2026-01-01 02:00:00 to finish (lock data/.run.lock)"]
    assert terminal.getvalue().endswith("\r\x1b[K")  # the live line made room for it


def test_one_step_crawling_many_sources_is_one_line_with_the_totals():
    lines: list[str] = []
    clock = Clock()
    progress = RunProgress(lines.append, clock=clock)
    progress.step_started("crawl_sources")
    for source in ("a", "b", "c"):
        progress.materialized(
            "crawl_sources",
            f"ingest/raw/{source}",
            {"discovered": 10, "fetched": 2, "new_snapshots": 1, "not_modified": 8, "failures": 0},
        )
    clock.now += 2
    progress.step_finished("crawl_sources")
    assert lines == [
        "… crawl sources",
        "✓ crawl sources — 3 sources: 30 releases listed, 6 fetched, 3 new, 24 not modified (2.0s)",
    ]


def test_a_run_with_nothing_new_says_so_and_its_skipped_steps_are_not_failures():
    lines: list[str] = []
    progress = RunProgress(lines.append, clock=Clock())
    progress.nothing_new("nothing new since publication 20261127T020000-abcdef: …")
    progress.step_skipped("warehouse_models")
    assert lines == [
        "  · nothing new since publication 20261127T020000-abcdef: …",
        "– build the warehouse (dbt) skipped (nothing new)",
    ]
