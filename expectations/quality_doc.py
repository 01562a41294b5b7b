"""Generate ``docs/quality.md`` from the check registry, so the doc cannot drift from the code.

    python -m expectations.quality_doc > docs/quality.md

A test compares the committed file with this output.
"""

from __future__ import annotations

from expectations.gx_suites import SUITES
from expectations.sql_checks import CHECKS

INTRO = """# Quality gate

Nothing reaches the published mart (`data/published/targetwatch.duckdb`) unless the blocking checks
pass. Every failing check names the rows and the reason; every finding of a run lands in the
`anomalies` table of the mart (and in the Dagster UI as asset-check metadata).

This file is generated from the code (`python -m expectations.quality_doc > docs/quality.md`); a
test fails when it is out of date.

## How blocking works

Three layers, from the cheapest to the last line of defence:

1. **dbt tests** (`severity: error`, the default) run inside `dbt build`: grain uniqueness, not-null,
   accepted values, relationships, `ytd_non_decreasing`, expression tests. A failing dbt test fails the
   dbt step, and dagster-dbt reports each test as an asset check on its model.
2. **The quality gate** (`orchestration/assets/quality_assets.py`) runs every check below once, through
   a read-only connection to the warehouse, and reports each as a Dagster asset check on the mart table
   it guards. ERROR checks are `blocking=True`: when one fails, Dagster does not run anything
   downstream of that table — the `anomalies` asset and the publish step are skipped, the run fails,
   and the run-failure sensor raises an alert.
3. **The publish step** (`expectations/publish.py`) re-verifies before it swaps: it refuses when the
   gate recorded any ERROR, builds the new mart in a temporary file, runs every ERROR SQL check again
   *on that file*, and only then `os.replace`s it onto the published path. A blocked publish leaves the
   previous mart, its exports and the report byte-for-byte as they were.

WARN checks never block: they are recorded in `anomalies` and shown in the report and the UI.

Quarantined documents (soft error pages, mojibake, truncated bodies, re-laid-out tables, missing
required indicators, unreadable periods) never yield observations; they are kept with a reason
(`documents` table, `<home>/quarantine/`) and reported by the `quarantined_documents` warning. If their
absence leaves a hole in a year-to-date series, `ytd_no_gaps` blocks the publish until the document is
fixed or re-fetched.
"""


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render() -> str:
    lines = [INTRO, "## Checks\n"]
    lines.append("| check | severity | guards (mart table) | what it verifies | what to do when it fires |")
    lines.append("| --- | --- | --- | --- | --- |")
    for check in CHECKS:
        lines.append(
            f"| `{check.name}` | {check.severity} | `{check.guards}` | {_cell(check.description)} "
            f"| {_cell(check.what_to_do)} |"
        )
    lines.append(
        "| `snapshot_integrity` | ERROR | `observations` | Every raw snapshot matches the sha256 recorded in its "
        "sidecar when it was fetched. | Restore the raw file from backup, or delete it and its `.json` sidecar so "
        "the next crawl fetches it again (docs/reliability.md). |"
    )
    for suite in SUITES:
        lines.append(
            f"| `{suite.name}` | ERROR | `{suite.table}` | Great Expectations suite on a pandas batch: "
            f"{_cell(suite.description)} | The failed expectation names the column and sample values; fix the model "
            "or the parser. |"
        )
    lines.append("")
    lines.append(
        "Thresholds (growth bounds, the ×20 magnitude jump, revision and outlier limits) are constants at the top "
        "of `expectations/sql_checks.py`; status thresholds for targets live in the dbt seed "
        "`status_thresholds.csv`.\n"
    )
    lines.append(
        "## Proof\n\n"
        "`tests/quality/test_gate_mutations.py` plants each anomaly in a copy of the sample data and asserts that "
        "exactly the matching check fails, that nothing is published, and that the previous mart is unchanged; "
        "each warning is planted too and must be reported while the publish goes ahead. "
        "`tests/quality/test_severity_contract.py` fails if an ERROR check is ever wired as non-blocking.\n"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(), end="")
