"""``targetwatch report``: render the HTML report again from the published mart."""

from __future__ import annotations

import time
from pathlib import Path

import click

from orchestration.cli.status import mart_path_option, resolve_mart


@click.command("report")
@mart_path_option
@click.option(
    "--out",
    "out",
    metavar="PATH",
    type=click.Path(dir_okay=False),
    default="targetwatch-report.html",
    show_default=True,
    help="Where to write the report (one self-contained HTML file).",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language shown first (the report has a 中文/English switch).",
)
@click.option("--open", "open_it", is_flag=True, help="Open the report in the default browser afterwards.")
def report_command(home: str | None, mart: str | None, out: str, lang: str, open_it: bool) -> None:
    """Render the progress report from the published mart into one HTML file.

    Every publish already writes <home>/published/report.html; use this for another language, another
    mart (--mart), or a copy to send. The file needs no network to be read.
    """
    from orchestration.faces.common import MartError
    from orchestration.faces.report import write_report

    out_path = Path(out).expanduser().resolve()
    if not out_path.parent.is_dir():
        raise click.UsageError(f"--out: the folder {out_path.parent} does not exist")
    started = time.perf_counter()
    try:
        write_report(resolve_mart(home, mart), out_path, lang=lang)
    except MartError as exc:
        click.echo(f"targetwatch report: {exc}", err=True)
        raise SystemExit(1) from exc
    click.echo(f"report: {out_path} ({time.perf_counter() - started:.2f}s)")
    if open_it:
        click.launch(str(out_path))
