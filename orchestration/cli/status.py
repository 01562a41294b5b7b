"""``targetwatch status``: where every target stands, from the published mart (read-only)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ingest.settings import load_settings

FORMATS = ("table", "csv", "json")


def mart_path_option(function):
    """--home and --mart: where the published mart is."""
    function = click.option(
        "--mart",
        "mart",
        metavar="PATH",
        type=click.Path(dir_okay=False),
        help="A published mart file to read (default: <home>/published/targetwatch.duckdb).",
    )(function)
    return click.option(
        "--home",
        metavar="DIR",
        type=click.Path(file_okay=False),
        help="Data directory (default: TARGETWATCH_HOME, else ./data).",
    )(function)


def resolve_mart(home: str | None, mart: str | None) -> Path:
    if mart:
        return Path(mart).expanduser().resolve()
    return load_settings().with_overrides(home=home).published_mart_path


@click.command("status")
@mart_path_option
@click.option("--year", type=int, metavar="YYYY", help="Only targets of this plan year.")
@click.option(
    "--as-of",
    "as_of",
    metavar="YYYY-MM",
    help="Status as it stood at the end of this month (from target_progress), instead of the latest.",
)
@click.option(
    "--status",
    "statuses",
    metavar="S1,S2",
    help="Only these statuses, e.g. off_track,at_risk (achieved, on_track, at_risk, off_track, missed, no_data).",
)
@click.option("--section", metavar="TEXT", help="Only report sections whose name contains TEXT, e.g. 民生.")
@click.option(
    "--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language of titles and reasons."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table for people; csv or json (stable column names) for scripts.",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the table by status (auto: when writing to a terminal).",
)
def status_command(
    home: str | None,
    mart: str | None,
    year: int | None,
    as_of: str | None,
    statuses: str | None,
    section: str | None,
    lang: str,
    fmt: str,
    color: str,
) -> None:
    """Every target with its latest figure, target, progress, status and reason, by report section.

    \b
    Examples:
      targetwatch status
      targetwatch status --status off_track,at_risk --lang en
      targetwatch status --as-of 2024-09 --format csv > status-2024-09.csv
    """
    from orchestration.faces.common import MartError
    from orchestration.faces.status_view import StatusQuery, load_status, parse_as_of, parse_statuses, render_table

    try:
        query = StatusQuery(
            year=year,
            as_of=parse_as_of(as_of) if as_of else None,
            statuses=parse_statuses(statuses),
            section=section,
            lang=lang,
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    try:
        view = load_status(resolve_mart(home, mart), query)
    except MartError as exc:
        click.echo(f"targetwatch status: {exc}", err=True)
        raise SystemExit(1) from exc
    if fmt == "json":
        from orchestration.faces.status_view import to_json

        click.echo(to_json(view, lang))
    elif fmt == "csv":
        from orchestration.faces.status_view import to_csv

        click.echo(to_csv(view, lang), nl=False)
    else:
        from rich.console import Console

        tty = sys.stdout.isatty()
        console = Console(
            file=sys.stdout,
            force_terminal=True if color == "always" else (False if color == "never" else None),
            no_color=color == "never",
            width=None if tty else 160,
            highlight=False,
            soft_wrap=False,
        )
        render_table(view, lang, console)
    for note in view.notes if fmt != "table" else ():
        click.echo(f"note: {note}", err=True)
