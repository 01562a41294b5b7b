"""Run the real ``targetwatch`` CLI, but SIGKILL the process at one stage of the run.

    python -m tests.reliability.kill_at STAGE [N] -- run --home DIR --site DIR
    python -m tests.reliability.kill_at STAGE -- publish DIR     (the publish step alone, as the run calls it)

No product hook is needed: one function of the stage is wrapped so that the process kills itself
with ``os.kill(os.getpid(), SIGKILL)`` (no cleanup, no ``finally``, no atexit — a power cut or the
OOM killer) at the N-th call (default 1). Stages:

=============  ===================================================================================
``fetch``      a release's HTTP response has arrived, before it is stored (``Fetcher.get``)
``snapshot``   a snapshot's temporary file is written and fsynced, before its rename
               (``ingest.snapshots._write_atomic``)
``parse``      while parsing documents, before the N-th document (``parse_snapshots._parse_one``)
``dbt``        as the ``dbt build`` subprocess is about to start (``subprocess.Popen``)
``temp_mart``  the temporary mart is built, before its audit (``expectations.publish._build_temp_mart``)
``swap``       audited and checkpointed, at the ``os.replace`` onto the published mart
``exports``    the mart is swapped in; at the ``os.replace`` of the new exports directory
=============  ===================================================================================
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

STAGES = ("fetch", "snapshot", "parse", "dbt", "temp_mart", "swap", "exports")


def die() -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def _at_call(n: int):
    calls = {"n": 0}

    def due() -> bool:
        calls["n"] += 1
        return calls["n"] >= n

    return due


def arm(stage: str, n: int) -> None:
    due = _at_call(n)
    if stage == "fetch":
        import ingest.http

        original_get = ingest.http.Fetcher.get

        def get(self, url, validators=None):
            result = original_get(self, url, validators)
            if "/index" not in url and due():
                die()
            return result

        ingest.http.Fetcher.get = get
    elif stage == "snapshot":
        import ingest.snapshots

        original_write = ingest.snapshots._write_atomic

        def write_atomic(path, data):
            if not due():
                return original_write(path, data)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # as the real function names it
            with open(tmp, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            die()
            return None

        ingest.snapshots._write_atomic = write_atomic
    elif stage == "parse":
        import ingest.parse_snapshots

        original_parse = ingest.parse_snapshots._parse_one

        def parse_one(*args, **kwargs):
            if due():
                die()
            return original_parse(*args, **kwargs)

        ingest.parse_snapshots._parse_one = parse_one
    elif stage == "dbt":
        original_popen = subprocess.Popen

        class Popen(original_popen):  # type: ignore[misc, valid-type]
            def __init__(self, args, *rest, **kwargs):
                if isinstance(args, list | tuple) and "build" in args and any(str(a).endswith("dbt") for a in args[:2]):
                    die()
                super().__init__(args, *rest, **kwargs)

        subprocess.Popen = Popen  # type: ignore[misc]
    elif stage == "temp_mart":
        import expectations.publish

        original_build = expectations.publish._build_temp_mart

        def build_temp_mart(*args, **kwargs):
            conn = original_build(*args, **kwargs)
            die()
            return conn

        expectations.publish._build_temp_mart = build_temp_mart
    elif stage in ("swap", "exports"):
        original_replace = os.replace

        def replace(src, dst, *args, **kwargs):
            name = Path(dst).name
            if stage == "swap" and name == "targetwatch.duckdb" and ".tmp-" in os.fspath(src):
                die()
            if stage == "exports" and name.startswith("exports-"):
                die()
            return original_replace(src, dst, *args, **kwargs)

        os.replace = replace
    else:
        raise SystemExit(f"unknown stage {stage!r}; one of {', '.join(STAGES)}")


def publish_home(home: Path):
    """The publish step of a run on ``home`` — the same call as orchestration/assets/publish_assets.py."""
    from ingest.settings import load_settings
    from orchestration.publishing import publish_home as publish_settings
    from tests.pipeline_fixtures import TODAY

    settings = load_settings().with_overrides(home=str(home), today=dt.date.fromisoformat(TODAY))
    return publish_settings(settings, run_id="reliability")


def main() -> None:
    args = sys.argv[1:]
    split = args.index("--")
    stage, *count = args[:split]
    command = args[split + 1 :]
    arm(stage, int(count[0]) if count else 1)
    if command[0] == "publish":
        publish_home(Path(command[1]))
        return
    from orchestration.cli.main import main as targetwatch

    sys.argv = ["targetwatch", *command]
    targetwatch()


if __name__ == "__main__":
    main()
