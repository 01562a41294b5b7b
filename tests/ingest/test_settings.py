import re
from pathlib import Path

import pytest

from ingest.settings import PROJECT_ROOT, SAMPLE_SITE_DIR, load_settings, site_root_url


def test_defaults_resolve_to_absolute_paths_under_the_project():
    settings = load_settings({})
    assert settings.home == PROJECT_ROOT / "data"
    assert settings.warehouse_path == PROJECT_ROOT / "data" / "warehouse.duckdb"
    assert settings.published_mart_path == PROJECT_ROOT / "data" / "published" / "targetwatch.duckdb"
    assert settings.site_root == SAMPLE_SITE_DIR.as_uri() + "/"
    assert settings.timezone == "Asia/Shanghai"
    assert settings.ui_host == "127.0.0.1"


def test_relative_home_is_resolved_against_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_settings({"TARGETWATCH_HOME": "somewhere"})
    assert settings.home == tmp_path / "somewhere"
    assert settings.home.is_absolute()


def test_dbt_gets_the_same_absolute_paths_as_python(tmp_path):
    settings = load_settings({"TARGETWATCH_HOME": str(tmp_path), "TARGETWATCH_TODAY": "2024-07-01"})
    env = settings.dbt_env()
    assert env["TARGETWATCH_WAREHOUSE_PATH"] == str(tmp_path / "warehouse.duckdb")
    assert env["TARGETWATCH_OBSERVATIONS_FILE"] == str(tmp_path / "observations" / "observations.parquet")
    assert env["TARGETWATCH_TODAY"] == "2024-07-01"
    assert env["DO_NOT_TRACK"] == "1"


def test_extra_catalogs_are_listed_for_dbt(tmp_path):
    settings = load_settings({"TARGETWATCH_HOME": str(tmp_path)})
    (tmp_path / "catalogs").mkdir()
    (tmp_path / "catalogs" / "b.csv").write_text("x")
    (tmp_path / "catalogs" / "a.csv").write_text("x")
    assert settings.dbt_env()["TARGETWATCH_EXTRA_CATALOGS"] == f"{tmp_path}/catalogs/a.csv,{tmp_path}/catalogs/b.csv"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("http://tjj.changchun.gov.cn", "http://tjj.changchun.gov.cn/"),
        ("https://example.org/mirror/", "https://example.org/mirror/"),
        ("file:///srv/site", "file:///srv/site/"),
    ],
)
def test_site_roots_become_urls_ending_in_a_slash(given, expected):
    assert site_root_url(given) == expected


def test_a_directory_site_root_becomes_a_file_url(tmp_path):
    assert site_root_url(tmp_path) == tmp_path.as_uri() + "/"


def test_bad_numbers_and_dates_are_clear_errors():
    with pytest.raises(ValueError, match="TARGETWATCH_FETCH_DELAY must be a number"):
        load_settings({"TARGETWATCH_FETCH_DELAY": "soon"})
    with pytest.raises(ValueError, match="TARGETWATCH_TODAY must be YYYY-MM-DD"):
        load_settings({"TARGETWATCH_TODAY": "27/11/2026"})


def test_local_sites_are_not_throttled_but_remote_ones_are():
    assert load_settings({}).effective_fetch_delay_s == 0.0
    assert load_settings({"TARGETWATCH_SITE": "http://example.org"}).effective_fetch_delay_s == 0.5
    assert load_settings({"TARGETWATCH_SITE": "http://x", "TARGETWATCH_FETCH_DELAY": "2"}).effective_fetch_delay_s == 2


def test_overrides_resolve_paths_and_urls(tmp_path):
    settings = load_settings({}).with_overrides(home=str(tmp_path / "h"), site_root=str(tmp_path))
    assert settings.home == tmp_path / "h"
    assert settings.site_root == tmp_path.as_uri() + "/"


def test_the_webhook_url_is_not_in_the_repr():
    settings = load_settings({"TARGETWATCH_WEBHOOK_URL": "https://hooks.example/secret-token"})
    assert settings.webhook_url == "https://hooks.example/secret-token"
    assert "secret-token" not in repr(settings)


# reading a variable: os.environ.get(…), os.getenv(…), os.environ[…] not followed by "=" (a write)
READS_ENV = re.compile(r"os\.environ\.get\(|os\.getenv\(|os\.environ\[[^\]]+\](?!\s*=[^=])")


def test_only_the_settings_module_reads_the_environment():
    offenders = []
    for path in sorted(Path(PROJECT_ROOT).glob("*/**/*.py")):
        parts = path.relative_to(PROJECT_ROOT).parts
        if parts[0] not in ("ingest", "expectations", "orchestration") or path.name == "settings.py":
            continue
        text = path.read_text(encoding="utf-8")
        if READS_ENV.search(text):
            offenders.append(str(path.relative_to(PROJECT_ROOT)))
    assert offenders == []
