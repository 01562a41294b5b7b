"""``targetwatch run``: the nightly job, once, in this process."""

from __future__ import annotations

import gc
import sys
import time

import click

from ingest.http import redact_userinfo
from ingest.settings import load_settings


@click.command("run")
@click.option(
    "--site",
    metavar="URL_OR_DIR",
    help="Site root to crawl (default: TARGETWATCH_SITE, else the bundled "
    "sample site). A directory or a file://, http:// or https:// URL.",
)
@click.option(
    "--home",
    metavar="DIR",
    type=click.Path(file_okay=False),
    help="Data directory (default: TARGETWATCH_HOME, else ./data).",
)
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Show everything as it happens: Dagster's debug log (stderr) and dbt's output (stdout).",
)
def run_command(site: str | None, home: str | None, verbose: bool) -> None:
    """Run the nightly job once: crawl, parse, build the warehouse, check, publish.

    Shows one line per step with counts (documents crawled and parsed, figures, checks); the full log
    is kept in <home>/logs/run-<run id>.log. The run is recorded in Dagster's run history under
    <home>/dagster_home (see `make ui`). If another run is in progress on the same data directory, this
    one waits for it.
    """
    settings = load_settings().with_overrides(home=home, site_root=site)
    stdout = sys.stdout  # the run redirects sys.stdout (dbt's output) while it works: write here instead

    def echo(line: str) -> None:
        click.echo(line, file=stdout)

    echo(f"targetwatch: site {redact_userinfo(settings.site_root)}")
    echo(f"targetwatch: data {settings.home}")
    started = time.monotonic()
    # Heavy imports (Dagster, dbt wiring) only once a run is really requested.
    import orchestration.definitions  # noqa: F401 - imported by the run anyway; here, before the freeze below
    from orchestration.faces.progress import RunProgress
    from orchestration.pipeline import run_nightly

    # What the imports built (Dagster, dagster-dbt, dbt-core: hundreds of thousands of objects) lives as
    # long as the process: keep it out of every garbage collection of the run (and of the one at exit),
    # and collect young objects every 50,000 allocations, not 700 (a run otherwise collects ~1,000 times).
    gc.freeze()
    gc.set_threshold(50_000, 50, 50)

    live = stdout if stdout.isatty() and not verbose else None
    progress = RunProgress(echo, live=live)
    outcome = run_nightly(settings, echo=echo, progress=progress, verbose=verbose)
    elapsed = time.monotonic() - started
    # … and what the run imported since (GX, pandas) too: the collection at exit would walk it all (a second).
    gc.freeze()
    if not outcome.success:
        click.echo(click.style(f"\nrun failed after {elapsed:.1f}s", fg="red", bold=True), err=True)
        for line in outcome.errors:
            click.echo(f"  - {line}", err=True)
        if outcome.log_path:
            click.echo(f"full log: {outcome.log_path}", err=True)
        click.echo(
            "The previously published mart (if any) is unchanged. Fix the cause, then rerun `targetwatch run` "
            "(see docs/operations.md).",
            err=True,
        )
        raise SystemExit(1)
    echo(click.style(f"\nrun succeeded in {elapsed:.1f}s", fg="green", bold=True))
    if outcome.nothing_new:
        echo("nothing new: nothing was built or published; the published mart below is unchanged")
    echo(f"published mart: {settings.published_mart_path}")
    echo(f"report:         {settings.report_path}")
    echo(f"exports:        {settings.exports_dir}/")
    if outcome.log_path:
        echo(f"full log:       {outcome.log_path}")
    from orchestration.faces.status_view import summary_lines

    for line in summary_lines(settings.published_mart_path):
        echo(line)
    echo("next: `targetwatch status` for the table, or open the report in a browser.")
