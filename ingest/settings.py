"""The one place that reads the environment.

Every other module receives a :class:`Settings` (or values taken from it). All paths are resolved
to absolute paths here, once, so Python and dbt (which resolves relative paths against
``profiles.yml``) always agree on where the warehouse and the observation files live.

Environment variables (all optional):

==================================== ===================================================
``TARGETWATCH_HOME``                 data directory (default: ``<project>/data``)
``TARGETWATCH_SITE``                 site root URL or directory (default: bundled sample site)
``TARGETWATCH_SOURCES``              sources file (default: ``ingest/sources.toml``)
``TARGETWATCH_TIMEZONE``             schedule timezone (default ``Asia/Shanghai``)
``TARGETWATCH_TODAY``                override "today" (``YYYY-MM-DD``) for period checks
``TARGETWATCH_FETCH_DELAY``          polite delay between requests, seconds (default 0.5;
                                     0 for ``file://`` sites)
``TARGETWATCH_FETCH_TIMEOUT``        read timeout, seconds (default 30)
``TARGETWATCH_MAX_DOWNLOAD_BYTES``   largest document accepted (default 20 MB)
``TARGETWATCH_WEBHOOK_URL``          optional alert webhook (never logged)
``TARGETWATCH_MART_STORAGE_VERSION`` DuckDB storage version of the published mart (default
                                     ``v1.0.0``: DuckDB 1.0 and later clients can open it;
                                     ``latest`` for this DuckDB's own newest format)
``TARGETWATCH_LOCK_TIMEOUT``         seconds a run waits for another run to finish (default 3600)
``TARGETWATCH_UI_HOST``              interface the Dagster UI binds to (default 127.0.0.1)
``TARGETWATCH_UI_PORT``              its port (default 3000)
==================================== ===================================================
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlparse

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SITE_DIR = PROJECT_ROOT / "ingest" / "sample_site"
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
SOURCES_FILE = PROJECT_ROOT / "ingest" / "sources.toml"

DEFAULT_USER_AGENT = "targetwatch/0.1 (+statistical bulletin tracker; contact: operator of this deployment)"


def site_root_url(value: str | os.PathLike[str]) -> str:
    """Turn a site root given as a URL or a local directory into a URL ending in ``/``."""
    text = os.fspath(value)
    parsed = urlparse(text)
    url = text if parsed.scheme in ("http", "https", "file") else Path(text).expanduser().resolve().as_uri()
    return url if url.endswith("/") else url + "/"


@dataclass(frozen=True)
class Settings:
    home: Path
    site_root: str
    timezone: str = "Asia/Shanghai"
    today: dt.date | None = None
    fetch_delay_s: float | None = None
    fetch_timeout_s: float = 30.0
    max_download_bytes: int = 20 * 1024 * 1024
    webhook_url: str | None = field(default=None, repr=False)
    mart_storage_version: str | None = "v1.0.0"
    lock_timeout_s: float = 3600.0
    ui_host: str = "127.0.0.1"
    ui_port: int = 3000
    user_agent: str = DEFAULT_USER_AGENT
    project_root: Path = PROJECT_ROOT
    sources_file: Path = SOURCES_FILE

    # ---- derived paths -------------------------------------------------------------
    @property
    def raw_dir(self) -> Path:
        return self.home / "raw"

    @property
    def state_dir(self) -> Path:
        return self.home / "state"

    @property
    def observations_dir(self) -> Path:
        return self.home / "observations"

    @property
    def observations_file(self) -> Path:
        return self.observations_dir / "observations.parquet"

    @property
    def documents_file(self) -> Path:
        return self.observations_dir / "documents.parquet"

    @property
    def quarantine_dir(self) -> Path:
        return self.home / "quarantine"

    @property
    def quality_dir(self) -> Path:
        return self.home / "quality"

    @property
    def catalogs_dir(self) -> Path:
        """Extra target catalogs (CSV, the targets seed's columns) for more regions or years."""
        return self.home / "catalogs"

    @property
    def warehouse_path(self) -> Path:
        return self.home / "warehouse.duckdb"

    @property
    def published_dir(self) -> Path:
        return self.home / "published"

    @property
    def published_mart_path(self) -> Path:
        return self.published_dir / "targetwatch.duckdb"

    @property
    def exports_dir(self) -> Path:
        return self.published_dir / "exports"

    @property
    def report_path(self) -> Path:
        return self.published_dir / "report.html"

    @property
    def dagster_home(self) -> Path:
        return self.home / "dagster_home"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    @property
    def alerts_log(self) -> Path:
        return self.logs_dir / "alerts.log"

    @property
    def run_lock_path(self) -> Path:
        return self.home / ".run.lock"

    @property
    def dbt_project_dir(self) -> Path:
        return self.project_root / "dbt_project"

    @property
    def aliases_file(self) -> Path:
        """The indicator aliases seed: parsers and the warehouse read the same file."""
        return self.dbt_project_dir / "seeds" / "indicator_aliases.csv"

    @property
    def dbt_target_dir(self) -> Path:
        return self.dbt_project_dir / "target"

    @property
    def is_local_site(self) -> bool:
        return self.site_root.startswith("file:")

    @property
    def effective_fetch_delay_s(self) -> float:
        if self.fetch_delay_s is not None:
            return self.fetch_delay_s
        return 0.0 if self.is_local_site else 0.5

    def effective_today(self) -> dt.date:
        return self.today or dt.date.today()

    def dbt_env(self) -> dict[str, str]:
        """Environment for a dbt subprocess: the only way paths reach ``profiles.yml``."""
        return {
            "DO_NOT_TRACK": "1",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "TARGETWATCH_WAREHOUSE_PATH": str(self.warehouse_path),
            "TARGETWATCH_OBSERVATIONS_FILE": str(self.observations_file),
            "TARGETWATCH_DOCUMENTS_FILE": str(self.documents_file),
            "TARGETWATCH_TODAY": self.effective_today().isoformat(),
            "TARGETWATCH_EXTRA_CATALOGS": ",".join(str(p) for p in sorted(self.catalogs_dir.glob("*.csv"))),
        }

    def with_overrides(self, **changes: object) -> Settings:
        clean = {k: v for k, v in changes.items() if v is not None}
        if "home" in clean:
            clean["home"] = Path(str(clean["home"])).expanduser().resolve()
        if "site_root" in clean:
            clean["site_root"] = site_root_url(str(clean["site_root"]))
        return replace(self, **clean)  # type: ignore[arg-type]


def _float(environ: Mapping[str, str], name: str, default: float | None) -> float | None:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a number, got {raw!r}") from exc


def _storage_version(raw: str | None) -> str | None:
    if not raw:
        return "v1.0.0"
    if raw == "latest":
        return None
    if not raw.startswith("v") or not raw[1:].replace(".", "").isdigit():
        raise ValueError(f"TARGETWATCH_MART_STORAGE_VERSION must look like v1.0.0 or be 'latest', got {raw!r}")
    return raw


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read settings from ``environ`` (default: the process environment)."""
    env = os.environ if environ is None else environ
    home_raw = env.get("TARGETWATCH_HOME") or str(PROJECT_ROOT / "data")
    home = Path(home_raw).expanduser().resolve()
    site = site_root_url(env.get("TARGETWATCH_SITE") or SAMPLE_SITE_DIR)
    today_raw = env.get("TARGETWATCH_TODAY")
    try:
        today = dt.date.fromisoformat(today_raw) if today_raw else None
    except ValueError as exc:
        raise ValueError(f"TARGETWATCH_TODAY must be YYYY-MM-DD, got {today_raw!r}") from exc
    max_bytes = _float(env, "TARGETWATCH_MAX_DOWNLOAD_BYTES", 20 * 1024 * 1024)
    return Settings(
        home=home,
        site_root=site,
        timezone=env.get("TARGETWATCH_TIMEZONE") or "Asia/Shanghai",
        today=today,
        fetch_delay_s=_float(env, "TARGETWATCH_FETCH_DELAY", None),
        fetch_timeout_s=_float(env, "TARGETWATCH_FETCH_TIMEOUT", 30.0) or 30.0,
        max_download_bytes=int(max_bytes or 0),
        webhook_url=env.get("TARGETWATCH_WEBHOOK_URL") or None,
        mart_storage_version=_storage_version(env.get("TARGETWATCH_MART_STORAGE_VERSION")),
        lock_timeout_s=_float(env, "TARGETWATCH_LOCK_TIMEOUT", 3600.0) or 3600.0,
        ui_host=env.get("TARGETWATCH_UI_HOST") or "127.0.0.1",
        ui_port=int(_float(env, "TARGETWATCH_UI_PORT", 3000) or 3000),
        sources_file=Path(env["TARGETWATCH_SOURCES"]).expanduser().resolve()
        if env.get("TARGETWATCH_SOURCES")
        else SOURCES_FILE,
    )
