"""The new-release sensor (run requests, cursor, run keys, an unreachable site) and the run-failure alert."""

from __future__ import annotations

import json
import logging
import socket
from pathlib import Path

import dagster as dg
import pytest

from ingest.crawl import CrawlState
from ingest.settings import load_settings
from orchestration.assets.ingest_assets import crawl_state_path
from orchestration.sensors import NEW_RELEASE_SENSOR, RUN_FAILURE_SENSOR, decode_cursor, run_failure_alert

RELEASES = "changchun_stats_releases"
SOURCES = {"changchun_gov_work_reports", "changchun_stats_communiques", RELEASES}
NEW_PAGE = "202502/t20250228_2999999.html"


def tick(defs: dg.Definitions, cursor: str | None = None) -> dg.SensorResult:
    sensor = defs.resolve_sensor_def(NEW_RELEASE_SENSOR)
    with dg.instance_for_test() as instance:
        result = sensor(dg.build_sensor_context(cursor=cursor, instance=instance))
    assert isinstance(result, dg.SensorResult)
    return result


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def publish_new_release(site: Path) -> str:
    """Add a release to the sample site's monthly list, on top of its first page (as TRS sites do)."""
    listing = site / "tjj" / "tjsj" / "index.html"
    html = listing.read_text(encoding="utf-8")
    first = html.index('<a href="./')
    link = f'<a href="./{NEW_PAGE}">2025年1-2月全市经济运行情况</a></li>\n<li>'
    listing.write_text(html[:first] + link + html[first:], encoding="utf-8")
    page = site / "tjj" / "tjsj" / NEW_PAGE
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("<html><body><p>1-2月,全市规模以上工业增加值同比增长6.1%。</p></body></html>", encoding="utf-8")
    return (site / "tjj" / "tjsj" / NEW_PAGE).resolve().as_uri()


def test_a_first_tick_requests_one_run_for_the_listed_releases(defs, sample_site, site_env):
    site_env(sample_site)
    result = tick(defs)
    assert len(result.run_requests) == 1
    request = result.run_requests[0]
    assert request.run_key.startswith("new-release-")
    assert request.tags["targetwatch/trigger"] == "new-release"
    assert set(request.tags["targetwatch/sources"].split(",")) == SOURCES
    cursor = decode_cursor(result.cursor)
    assert set(cursor) == SOURCES
    assert len(cursor[RELEASES]) == 12  # the first list page of the monthly releases
    assert int(request.tags["targetwatch/new-releases"]) == sum(len(v) for v in cursor.values())
    assert json.loads(result.cursor)["v"] == 1


def test_an_unchanged_site_requests_no_run_and_a_new_release_exactly_one(defs, sample_site, site_env):
    site_env(sample_site)
    first = tick(defs)
    unchanged = tick(defs, first.cursor)
    assert unchanged.run_requests == []
    assert unchanged.skip_reason.skip_message == "no new release on any list page"
    assert unchanged.cursor == first.cursor

    new_url = publish_new_release(sample_site)
    changed = tick(defs, first.cursor)
    assert len(changed.run_requests) == 1
    request = changed.run_requests[0]
    assert request.tags["targetwatch/sources"] == RELEASES
    assert request.tags["targetwatch/new-releases"] == "1"
    assert new_url in decode_cursor(changed.cursor)[RELEASES]
    assert request.run_key != first.run_requests[0].run_key

    # the next tick has seen it: no second run
    assert tick(defs, changed.cursor).run_requests == []
    # had the cursor update been lost, the same releases give the same run key, which Dagster runs once
    assert tick(defs, first.cursor).run_requests[0].run_key == request.run_key


def test_releases_the_pipeline_already_fetched_are_not_new(defs, sample_site, site_env):
    home = site_env(sample_site)
    listed = decode_cursor(tick(defs).cursor)
    settings = load_settings()
    assert settings.home == home.resolve()
    for source_id, urls in listed.items():
        state = CrawlState(crawl_state_path(settings, source_id))
        for url in urls:
            state.record(url, {"etag": '"x"'}, "0" * 64)
        state.save()
    result = tick(defs)  # no cursor: a fresh sensor on a deployment whose nightly already ran
    assert result.run_requests == []
    assert set(decode_cursor(result.cursor)) == SOURCES


def test_an_unreachable_site_skips_the_tick_and_keeps_the_cursor(defs, site_env):
    site_env(f"http://127.0.0.1:{closed_port()}/")
    previous = json.dumps({"v": 1, "listed": {RELEASES: ["http://example/tjj/tjsj/a.html"]}})
    result = tick(defs, previous)
    assert result.run_requests == []
    message = result.skip_reason.skip_message
    assert all(f"{s} unreachable (connection_error)" in message for s in SOURCES), message
    assert decode_cursor(result.cursor) == decode_cursor(previous)


def test_one_source_down_does_not_hide_a_new_release_of_another(defs, loopback, site_env):
    loopback.serve_page("/tjj/tjsj/index.html", '<ul><li><a href="./202502/t1.html">1-2月</a></li></ul>')
    site_env(loopback.base_url)  # the other two list pages answer 404
    previous = json.dumps({"v": 1, "listed": {"changchun_stats_communiques": ["http://old/tjj/tjgb/x.html"]}})
    result = tick(defs, previous)
    assert len(result.run_requests) == 1
    assert result.run_requests[0].tags["targetwatch/sources"] == RELEASES
    cursor = decode_cursor(result.cursor)
    assert cursor[RELEASES] == [f"{loopback.base_url}/tjj/tjsj/202502/t1.html"]
    assert cursor["changchun_stats_communiques"] == ["http://old/tjj/tjgb/x.html"]  # kept, not forgotten
    assert "changchun_gov_work_reports" not in cursor
    assert loopback.count("/tjj/tjsj/index_1.html") == 0  # only the first list page is read


# ---- the run-failure alert ----------------------------------------------------------------------


def failed_run_context(instance: dg.DagsterInstance, error: str) -> dg.RunFailureSensorContext:
    @dg.op
    def fetch_bulletins() -> None:
        raise RuntimeError(error)

    @dg.job(name="nightly")
    def failing() -> None:
        fetch_bulletins()

    result = failing.execute_in_process(instance=instance, raise_on_error=False)
    assert not result.success
    return dg.build_run_status_sensor_context(
        sensor_name=RUN_FAILURE_SENSOR,
        dagster_instance=instance,
        dagster_run=result.dagster_run,
        dagster_event=result.get_run_failure_event(),
    ).for_run_failure()


def test_a_failed_run_is_alerted_in_the_log_and_the_webhook_never_sees_print(site_env, webhook, caplog, tmp_path):
    home = site_env(tmp_path / "site", TARGETWATCH_WEBHOOK_URL=webhook.url)
    caplog.set_level(logging.DEBUG)  # even the HTTP library's debug records must not carry the URL
    with dg.instance_for_test() as instance:
        context = failed_run_context(instance, f"site down; also tried {webhook.url}")
        run_id = context.dagster_run.run_id
        run_failure_alert(context)
    alerts = (home / "logs" / "alerts.log").read_text(encoding="utf-8")
    lines = alerts.splitlines()
    assert len(lines) == 2
    assert f"FAILED job=nightly run={run_id} steps=fetch_bulletins" in lines[0]
    assert f"http://127.0.0.1:3000/runs/{run_id}" in lines[0]
    assert lines[0].endswith("| fetch_bulletins: RuntimeError: site down; also tried <webhook>")  # the root cause
    assert lines[1].endswith(f"run={run_id} webhook answered HTTP 204")
    assert len(webhook.posts) == 1
    assert webhook.posts[0]["alert"]["run_id"] == run_id
    assert webhook.posts[0]["alert"]["failed_steps"] == ["fetch_bulletins"]
    assert "targetwatch run failed: nightly" in webhook.posts[0]["text"]
    secrets = ("T0KEN-s3cr3t", "sig=abcdef123456", webhook.url)
    logged = caplog.text + "\n".join(str(r.msg) for r in caplog.records)
    for secret in secrets:
        assert secret not in alerts
        assert secret not in logged
        assert secret not in json.dumps(webhook.posts)


def test_an_unreachable_webhook_is_reported_without_its_url(site_env, caplog, tmp_path):
    url = f"http://127.0.0.1:{closed_port()}/hooks/T0KEN-unreachable"
    home = site_env(tmp_path / "site", TARGETWATCH_WEBHOOK_URL=url)
    caplog.set_level(logging.DEBUG)
    with dg.instance_for_test() as instance:
        run_failure_alert(failed_run_context(instance, "boom"))
    alerts = (home / "logs" / "alerts.log").read_text(encoding="utf-8")
    assert "webhook failed (ConnectionError)" in alerts
    assert "T0KEN-unreachable" not in alerts and "T0KEN-unreachable" not in caplog.text


def test_without_a_webhook_the_alert_is_only_logged(site_env, tmp_path):
    home = site_env(tmp_path / "site")
    with dg.instance_for_test() as instance:
        run_failure_alert(failed_run_context(instance, "boom"))
    lines = (home / "logs" / "alerts.log").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and "FAILED job=nightly" in lines[0] and "boom" in lines[0]


@pytest.mark.parametrize("name", [NEW_RELEASE_SENSOR, RUN_FAILURE_SENSOR])
def test_sensors_are_defined_with_their_intended_default_status(defs, name):
    sensor = defs.resolve_sensor_def(name)
    expected = dg.DefaultSensorStatus.STOPPED if name == NEW_RELEASE_SENSOR else dg.DefaultSensorStatus.RUNNING
    assert sensor.default_status == expected
