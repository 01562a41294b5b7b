"""``targetwatch``: run the pipeline, look at progress, debug parsers, extract targets."""

from __future__ import annotations

import click

from orchestration.cli.parse import parse_command
from orchestration.cli.report import report_command
from orchestration.cli.run import run_command
from orchestration.cli.status import status_command
from orchestration.cli.targets import targets_group


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="targetwatch")
def cli() -> None:
    """targetwatch: where each target of a city's government work report stands.

    Start with `targetwatch run` (the nightly job on the bundled sample site), then
    `targetwatch status`. Every command explains itself with --help.
    """


cli.add_command(run_command)
cli.add_command(status_command)
cli.add_command(report_command)
cli.add_command(parse_command)
cli.add_command(targets_group)


def main() -> None:
    cli()
