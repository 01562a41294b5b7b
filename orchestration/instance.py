"""The Dagster instance under ``<home>/dagster_home`` (run history survives restarts)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ingest.settings import Settings

INSTANCE_TEMPLATE = Path(__file__).with_name("dagster.yaml")


def ensure_dagster_home(settings: Settings) -> Path:
    """Create DAGSTER_HOME with our instance config and point this process's Dagster at it."""
    home = settings.dagster_home
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        shutil.copyfile(INSTANCE_TEMPLATE, config)
    os.environ["DAGSTER_HOME"] = str(home)  # Dagster reads it; settings decided it
    return home
