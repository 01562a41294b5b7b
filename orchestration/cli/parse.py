"""``targetwatch parse``: a bulletin → observations, for debugging a new layout."""

from __future__ import annotations

import click


@click.command("parse")
@click.argument("documents", nargs=-1, required=True)
def parse_command(documents: tuple[str, ...]) -> None:
    """Parse DOCUMENTS (files or URLs) and print their observations or quarantine reason."""
    raise click.ClickException("not implemented yet")
