"""The Dagster instance under ``<home>/dagster_home`` (run history survives restarts).

``python -m orchestration.instance`` prepares it and prints ``DAGSTER_HOME=…`` (what a service
manager runs before starting dagster-webserver and dagster-daemon).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ingest.settings import Settings

INSTANCE_TEMPLATE = Path(__file__).with_name("dagster.yaml")
MANAGED_MARKER = "# targetwatch-managed:"


def sync_instance_config(home: Path) -> Path:
    """Write our dagster.yaml into ``home`` if it is missing, or if it is still ours (carries the
    marker line) and differs from the template; a copy without the marker is the operator's."""
    config = home / "dagster.yaml"
    template = INSTANCE_TEMPLATE.read_text(encoding="utf-8")
    if config.exists():
        current = config.read_text(encoding="utf-8")
        if current == template or MANAGED_MARKER not in current:
            return config
    tmp = config.with_name(f".dagster.yaml.{os.getpid()}.tmp")
    shutil.copyfile(INSTANCE_TEMPLATE, tmp)
    tmp.replace(config)
    return config


def ensure_dagster_home(settings: Settings) -> Path:
    """Create DAGSTER_HOME with our instance config and point this process's Dagster at it."""
    home = settings.dagster_home
    home.mkdir(parents=True, exist_ok=True)
    sync_instance_config(home)
    os.environ["DAGSTER_HOME"] = str(home)  # Dagster reads it; settings decided it
    return home


def main() -> None:
    from ingest.settings import load_settings

    print(f"DAGSTER_HOME={ensure_dagster_home(load_settings())}")


if __name__ == "__main__":
    main()
