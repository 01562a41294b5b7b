"""The one Dagster resource: settings for this run, and the run lock held while it executes.

``home``, ``site``, ``today``, ``sources`` and ``fetch_delay_s`` override the environment (``targetwatch
run --home/--site``, or a caller's own Settings, see orchestration/pipeline.py); everything else comes
from :func:`ingest.settings.load_settings`, the only reader of environment variables.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg

from ingest.run_lock import run_lock
from ingest.settings import Settings, load_settings


class TargetwatchResource(dg.ConfigurableResource):
    """Settings for a run; holds ``<home>/.run.lock`` for the run's duration (runs serialise)."""

    home: str | None = None
    site: str | None = None
    today: str | None = None  # YYYY-MM-DD
    sources: str | None = None  # path of a sources file
    fetch_delay_s: float | None = None

    def settings(self) -> Settings:
        return load_settings().with_overrides(
            home=self.home,
            site_root=self.site,
            today=dt.date.fromisoformat(self.today) if self.today else None,
            sources_file=Path(self.sources) if self.sources else None,
            fetch_delay_s=self.fetch_delay_s,
        )

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator["TargetwatchResource"]:
        settings = self.settings()
        log = context.log
        with run_lock(settings.run_lock_path, settings.lock_timeout_s, on_wait=log.info if log else None):
            free_orphaned_pool_slots(context, settings)
            yield self


def free_orphaned_pool_slots(context: dg.InitResourceContext, settings: Settings) -> list[str]:
    """Release pool slots still held by runs that died (kill -9, a crash, a power cut) on this home.

    A run holds the run lock from before its first step claims a slot until after its last step, and
    the kernel drops the lock with the process. So once this run has the lock, no live run of this
    data directory holds a slot: any slot claimed in the instance under ``<home>/dagster_home`` by
    another run is orphaned, and would otherwise block every later run's dbt step forever.
    (A run waiting for the lock holds no slot yet, so it is not touched.)"""
    instance = context.instance
    if instance is None or context.run_id is None:
        return []
    if Path(instance.root_directory).resolve() != settings.dagster_home.resolve():
        return []  # another instance (tests, a custom DAGSTER_HOME): its runs are not ours to judge
    storage = instance.event_log_storage
    if not storage.supports_global_concurrency_limits:
        return []
    orphaned = sorted(run_id for run_id in storage.get_concurrency_run_ids() if run_id != context.run_id)
    for run_id in orphaned:
        storage.free_concurrency_slots_for_run(run_id)
        if context.log:
            context.log.warning(
                f"released the pool slots of run {run_id}: it holds no run lock, so it is no longer running "
                "(mark it failed or terminate it in the UI if it still shows as started)"
            )
    return orphaned
