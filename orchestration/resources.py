"""The one Dagster resource: settings for this run, and the run lock held while it executes.

``home`` and ``site`` override the environment (``targetwatch run --home/--site``); everything else
comes from :func:`ingest.settings.load_settings`, the only reader of environment variables.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg

from ingest.run_lock import run_lock
from ingest.settings import Settings, load_settings


class TargetwatchResource(dg.ConfigurableResource):
    """Settings for a run; holds ``<home>/.run.lock`` for the run's duration (runs serialise)."""

    home: str | None = None
    site: str | None = None

    def settings(self) -> Settings:
        return load_settings().with_overrides(home=self.home, site_root=self.site)

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator["TargetwatchResource"]:
        settings = self.settings()
        log = context.log
        with run_lock(settings.run_lock_path, settings.lock_timeout_s, on_wait=log.info if log else None):
            yield self
