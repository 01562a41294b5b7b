"""``targetwatch targets``: work report → proposed target catalog rows, and a check against the seed."""

from __future__ import annotations

import io
from pathlib import Path

import click

from ingest.catalog.extract import CatalogInputError, ProposedTarget, extract_targets, read_report
from ingest.catalog.render import render_table, write_csv
from ingest.catalog.review import compare, load_catalog
from ingest.settings import DBT_PROJECT_DIR

DEFAULT_CATALOG = DBT_PROJECT_DIR / "seeds" / "targets.csv"

_year_option = click.option(
    "--year", type=int, default=None, help="Plan year of the report. Default: detected from the text (2024年政府工作…)."
)
_region_option = click.option(
    "--region-code", default="220100", show_default=True, help="6-digit administrative division code of the region."
)


@click.group("targets")
def targets_group() -> None:
    """Work with the target catalog (dbt_project/seeds/targets.csv).

    `extract` proposes catalog rows from a government work report; review them into the seed
    (docs/targets.md). `check` measures how many reviewed rows the extractor recovers.
    """


def _proposals(report_file: Path, year: int | None, region_code: str) -> list[ProposedTarget]:
    try:
        text = read_report(report_file)
        return extract_targets(text, plan_year=year, region_code=region_code)
    except CatalogInputError as exc:
        raise click.ClickException(str(exc)) from exc


@targets_group.command("extract")
@click.argument("report_file", type=click.Path(path_type=Path))
@_year_option
@_region_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["csv", "table"]),
    default=None,
    help="csv: the targets seed's columns, ready to review; table: for reading. Default: table, or csv with --output.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
def extract_command(
    report_file: Path, year: int | None, region_code: str, output_format: str | None, output: Path | None
) -> None:
    """Propose catalog rows from REPORT_FILE, a government work report (政府工作报告) as text or HTML.

    Every quantified target becomes a row (indicator phrase, metric, comparator, value in the
    canonical unit, section, and the exact sentence with its character offset); milestones such as
    地铁6号线开通运营 too. Rows without an indicator_id need one before they go into the seed.

    \b
    Examples:
      targetwatch targets extract ingest/catalog/samples/changchun-2024-work-report.txt
      targetwatch targets extract report.html --year 2025 --region-code 220100 -o proposals.csv
    """
    proposals = _proposals(report_file, year, region_code)
    chosen = output_format or ("csv" if output else "table")
    if chosen == "csv":
        buffer = io.StringIO()
        write_csv(proposals, buffer)
        content = buffer.getvalue()
    else:
        content = render_table(proposals)
    if output is None:
        click.echo(content, nl=False)
        return
    _write(output, content)
    click.echo(f"wrote {len(proposals)} proposed targets to {output}", err=True)


def _write(path: Path, content: str) -> None:
    if not path.parent.is_dir():
        raise click.ClickException(f"{path.parent}: no such directory for --output")
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_text(content, encoding="utf-8", newline="")
        partial.replace(path)
    except OSError as exc:
        raise click.ClickException(f"{path}: cannot write ({exc.strerror or exc})") from exc


@targets_group.command("check")
@click.argument("report_file", type=click.Path(path_type=Path))
@click.option(
    "--catalog",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_CATALOG,
    show_default=True,
    help="Reviewed catalog CSV to compare with.",
)
@_year_option
@_region_option
@click.option("--min-recall", type=float, default=None, help="Fail (exit 1) when recall is below this, e.g. 0.95.")
def check_command(
    report_file: Path, catalog: Path, year: int | None, region_code: str, min_recall: float | None
) -> None:
    """Compare the extractor's proposals for REPORT_FILE with the reviewed catalog.

    A reviewed row counts as recovered when a proposal from the same sentence has the same value
    and unit (milestones: a milestone from the same sentence). Prints recall, precision, how often
    the proposal already had the reviewed metric/comparator/indicator, and what was missed.
    """
    proposals = _proposals(report_file, year, region_code)
    try:
        reviewed = load_catalog(catalog, plan_year=proposals[0].plan_year, region_code=region_code)
    except CatalogInputError as exc:
        raise click.ClickException(str(exc)) from exc
    if not reviewed:
        raise click.ClickException(f"{catalog}: no rows for plan year {proposals[0].plan_year}, region {region_code}")
    result = compare(proposals, reviewed)
    click.echo(f"reviewed rows: {len(reviewed)}   proposals: {len(proposals)}")
    click.echo(
        f"recall:    {result.recall:.1%} ({len(result.matched)}/{len(reviewed)} rows recovered, same value and unit)"
    )
    click.echo(f"precision: {result.precision:.1%} ({len(result.matched)}/{len(proposals)} proposals are catalog rows)")
    for column in ("metric", "comparator", "indicator_id", "section"):
        click.echo(f"  {column} already right in {result.agreement(column):.1%} of recovered rows")
    for row in result.missed:
        click.echo(f"missed: {row['target_id']} {row['target_value']} {row['unit']} — {row['title_zh']}")
    for proposal in result.extra:
        click.echo(f"extra:  {proposal.metric} {proposal.target_value} {proposal.unit} — {proposal.phrase}")
    if min_recall is not None and result.recall < min_recall:
        raise click.ClickException(f"recall {result.recall:.1%} is below --min-recall {min_recall:.1%}")
