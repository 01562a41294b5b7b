"""``targetwatch run``: the nightly job, once, in this process."""

from __future__ import annotations

import time

import click

from ingest.settings import load_settings


@click.command("run")
@click.option("--site", metavar="URL_OR_DIR", help="Site root to crawl (default: TARGETWATCH_SITE, else the bundled "
              "sample site). A directory or a file://, http:// or https:// URL.")
@click.option("--home", metavar="DIR", type=click.Path(file_okay=False),
              help="Data directory (default: TARGETWATCH_HOME, else ./data).")
def run_command(site: str | None, home: str | None) -> None:
    """Run the nightly job once: crawl, parse, build the warehouse, check, publish.

    The run is recorded in Dagster's run history under <home>/dagster_home (see `make ui`).
    If another run is in progress on the same data directory, this one waits for it.
    """
    settings = load_settings().with_overrides(home=home, site_root=site)
    click.echo(f"targetwatch: site {settings.site_root}")
    click.echo(f"targetwatch: data {settings.home}")
    started = time.monotonic()
    # Heavy imports (Dagster, dbt wiring) only once a run is really requested.
    from orchestration.pipeline import run_nightly

    outcome = run_nightly(settings, echo=click.echo)
    elapsed = time.monotonic() - started
    if not outcome.success:
        click.echo(click.style(f"\nrun failed after {elapsed:.1f}s", fg="red", bold=True), err=True)
        for line in outcome.errors:
            click.echo(f"  - {line}", err=True)
        click.echo(
            "The previously published mart (if any) is unchanged. Fix the cause, then rerun `targetwatch run` "
            "(see docs/operations.md).",
            err=True,
        )
        raise SystemExit(1)
    click.echo(click.style(f"\nrun succeeded in {elapsed:.1f}s", fg="green", bold=True))
    click.echo(f"published mart: {settings.published_mart_path}")
    click.echo(f"report:         {settings.report_path}")
    click.echo(f"exports:        {settings.exports_dir}/")
    from orchestration.faces.status_view import summary_lines

    for line in summary_lines(settings.published_mart_path):
        click.echo(line)
