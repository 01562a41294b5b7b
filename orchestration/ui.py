"""`make ui`: the Dagster webserver and daemon (``dagster dev``) on 127.0.0.1, DAGSTER_HOME under the data dir."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from ingest.settings import load_settings
from orchestration.dbt_manifest import prepare_manifest
from orchestration.instance import ensure_dagster_home


def main() -> None:
    settings = load_settings()
    prepare_manifest(settings)
    home = ensure_dagster_home(settings)
    dagster = str(Path(sys.executable).with_name("dagster"))
    if settings.ui_host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"warning: the Dagster UI has no login and will listen on {settings.ui_host}; anyone who can reach "
            "it can launch and cancel runs. Put it behind an authenticating proxy.",
            file=sys.stderr,
        )
    print(
        f"Dagster UI on http://{settings.ui_host}:{settings.ui_port} (DAGSTER_HOME={home}); Ctrl-C stops it.",
        flush=True,
    )
    # A shell starts background jobs with SIGINT ignored, and an ignored SIGINT survives exec; Dagster
    # maps SIGTERM onto the SIGINT handler, so neither Ctrl-C nor a service manager could stop it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.execv(
        dagster,
        [
            dagster,
            "dev",
            "-m",
            "orchestration.definitions",
            "--host",
            settings.ui_host,
            "--port",
            str(settings.ui_port),
        ],
    )


if __name__ == "__main__":
    main()
