"""Prepare dbt's ``manifest.json`` explicitly (never at import): `make manifest`, `targetwatch run`.

The Dagster definitions read the manifest to know the dbt models; it is rebuilt with ``dbt parse``
when missing or older than any file of the dbt project.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ingest.settings import Settings

_WATCHED = ("*.sql", "*.yml", "*.yaml", "*.csv")


def manifest_path(settings: Settings) -> Path:
    return settings.dbt_target_dir / "manifest.json"


def is_stale(settings: Settings) -> bool:
    manifest = manifest_path(settings)
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    project = settings.dbt_project_dir
    for pattern in _WATCHED:
        for path in project.rglob(pattern):
            if "target" in path.relative_to(project).parts[:1]:
                continue
            if path.stat().st_mtime > built:
                return True
    return False


class ManifestError(RuntimeError):
    pass


def prepare_manifest(settings: Settings, force: bool = False) -> Path:
    """Run ``dbt parse`` if needed; returns the manifest path."""
    if not force and not is_stale(settings):
        return manifest_path(settings)
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("dbt")),
            "parse",
            "--quiet",
            "--project-dir",
            str(settings.dbt_project_dir),
            "--profiles-dir",
            str(settings.dbt_project_dir),
            "--target-path",
            str(settings.dbt_target_dir),
        ],
        env={**os.environ, **settings.dbt_env()},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise ManifestError(f"dbt parse failed:\n{result.stdout}\n{result.stderr}")
    return manifest_path(settings)


if __name__ == "__main__":  # `make manifest` (re-parses only when stale; `--force` always)
    from ingest.settings import load_settings

    print(prepare_manifest(load_settings(), force="--force" in sys.argv[1:]))
