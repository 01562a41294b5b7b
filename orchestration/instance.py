"""The Dagster instance under ``<home>/dagster_home`` (run history survives restarts).

``python -m orchestration.instance`` prepares it and prints ``DAGSTER_HOME=…`` (what a service
manager runs before starting dagster-webserver and dagster-daemon).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ingest.run_lock import run_lock
from ingest.settings import Settings

INSTANCE_TEMPLATE = Path(__file__).with_name("dagster.yaml")
MANAGED_MARKER = "# targetwatch-managed:"
EVENT_LOG_DIR_TOKEN = '"@EVENT_LOG_DIR@"'  # a quoted YAML scalar in the template
# The SQLite databases of our dagster.yaml's storage (an operator's own storage has none of them).
SQLITE_STORAGE = ("history/runs.db", "history/runs/index.db", "schedules/schedules.db")
STORAGE_LOCK_TIMEOUT_S = 300.0


def instance_config(home: Path) -> str:
    """Our dagster.yaml for the instance in ``home``: the template with the home's event log directory
    (where Dagster's default storage keeps it) written in."""
    event_log_dir = json.dumps(str(home.resolve() / "history" / "runs"))  # quoted: a YAML scalar too
    return INSTANCE_TEMPLATE.read_text(encoding="utf-8").replace(EVENT_LOG_DIR_TOKEN, event_log_dir)


def sync_instance_config(home: Path) -> Path:
    """Write our dagster.yaml into ``home`` if it is missing, or if it is still ours (carries the
    marker line) and differs from :func:`instance_config`; a copy without the marker is the operator's."""
    config = home / "dagster.yaml"
    wanted = instance_config(home)
    if config.exists():
        current = config.read_text(encoding="utf-8")
        if current == wanted or MANAGED_MARKER not in current:
            return config
    tmp = config.with_name(f".dagster.yaml.{os.getpid()}.tmp")
    tmp.write_text(wanted, encoding="utf-8")
    tmp.replace(config)
    return config


def ensure_dagster_home(settings: Settings) -> Path:
    """Create DAGSTER_HOME with our instance config and point this process's Dagster at it."""
    home = settings.dagster_home
    home.mkdir(parents=True, exist_ok=True)
    sync_instance_config(home)
    _create_storage(home)
    os.environ["DAGSTER_HOME"] = str(home)  # Dagster reads it; settings decided it
    return home


def _create_storage(home: Path) -> None:
    """Create the instance's storage, one process at a time.

    Dagster creates its SQLite tables when an instance is first opened; two processes doing so at once
    on a new data directory (two `targetwatch run` requested together) race, and one fails with "table
    … already exists". Later opens only connect, so once the databases exist nothing is locked."""
    if all((home / name).exists() for name in SQLITE_STORAGE):
        return
    import dagster as dg

    with run_lock(home / ".storage.lock", STORAGE_LOCK_TIMEOUT_S), dg.DagsterInstance.from_config(str(home)):
        pass


def main() -> None:
    from ingest.settings import load_settings

    print(f"DAGSTER_HOME={ensure_dagster_home(load_settings())}")


if __name__ == "__main__":
    main()
