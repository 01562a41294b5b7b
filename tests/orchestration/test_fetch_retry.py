"""The raw-documents assets retry a failing fetch step (with the policy's backoff) and then succeed.

The production policy waits ~30/60/120 s; these tests build the same asset with the same policy shape
but millisecond delays, so the mechanism (a step failure is retried by Dagster) is what is tested.
"""

from __future__ import annotations

import dagster as dg
import pytest

from ingest.crawl import CrawlFailure, CrawlReport
from ingest.sources import Source
from orchestration.assets.ingest_assets import CRAWL_OP, FETCH_RETRY, build_raw_documents_assets, fetch_step_failure
from orchestration.resources import TargetwatchResource
from tests.conftest import Reply

FAST_RETRY = dg.RetryPolicy(max_retries=FETCH_RETRY.max_retries, delay=0.01, backoff=dg.Backoff.EXPONENTIAL)
SOURCE = Source(
    id="test_column",
    name="测试栏目",
    publisher="测试局",
    region_code="220100",
    list_path="col/index.html",
    root_path="col/",
)
LIST_PAGE = '<html><body><ul><li><a href="./202502/t20250203_1.html">1-12月主要经济指标</a></li></ul></body></html>'
BUSY_PAGE = "<html><body>系统繁忙,请稍后再试</body></html>"
RELEASE = "<html><body><table><tr><td>地区生产总值</td><td>6.5</td></tr></table></body></html>" + " " * 400


def materialize(loopback, tmp_path) -> tuple[dg.ExecuteInProcessResult, list[dg.DagsterEvent]]:
    asset = build_raw_documents_assets([SOURCE], retry_policy=FAST_RETRY)
    resource = TargetwatchResource(home=str(tmp_path / "home"), site=loopback.base_url)
    with dg.instance_for_test() as instance:
        result = dg.materialize([asset], resources={"targetwatch": resource}, instance=instance, raise_on_error=False)
        return result, list(result.all_events)


def of_type(events: list[dg.DagsterEvent], kind: str) -> list[dg.DagsterEvent]:
    return [e for e in events if e.event_type_value == kind]


def test_a_busy_list_page_is_retried_and_the_step_then_succeeds(loopback, tmp_path):
    loopback.serve(
        "/col/index.html",
        Reply(200, BUSY_PAGE.encode(), {"Content-Type": "text/html"}),
        Reply(200, LIST_PAGE.encode(), {"Content-Type": "text/html"}),
    )
    loopback.serve_page("/col/202502/t20250203_1.html", RELEASE)
    result, events = materialize(loopback, tmp_path)
    assert result.success
    assert len(of_type(events, "STEP_UP_FOR_RETRY")) == 1
    assert loopback.count("/col/index.html") == 2
    [materialization] = result.asset_materializations_for_node(CRAWL_OP)
    assert materialization.metadata["attempt"].value == 2
    assert materialization.metadata["documents_fetched"].value == 1


def test_a_list_page_that_keeps_failing_fails_the_step_after_every_retry(loopback, tmp_path):
    loopback.serve("/col/index.html", Reply(200, BUSY_PAGE.encode(), {"Content-Type": "text/html"}))
    result, events = materialize(loopback, tmp_path)
    assert not result.success
    assert len(of_type(events, "STEP_UP_FOR_RETRY")) == FETCH_RETRY.max_retries
    assert loopback.count("/col/index.html") == FETCH_RETRY.max_retries + 1
    [failure] = of_type(events, "STEP_FAILURE")
    assert (
        "could not read the list page of test_column"
        in str(failure.step_failure_data.error.cause or "") + failure.step_failure_data.error.message
    )


def test_a_release_cut_off_mid_body_is_fetched_again_by_the_retry(loopback, tmp_path):
    loopback.serve_page("/col/index.html", LIST_PAGE)
    loopback.serve(
        "/col/202502/t20250203_1.html",
        Reply(200, RELEASE.encode(), {"Content-Type": "text/html"}, truncate_to=20),
        Reply(200, RELEASE.encode(), {"Content-Type": "text/html"}),
    )
    result, events = materialize(loopback, tmp_path)
    assert result.success
    assert len(of_type(events, "STEP_UP_FOR_RETRY")) == 1
    [materialization] = result.asset_materializations_for_node(CRAWL_OP)
    assert materialization.metadata["failures"].value == 0
    assert materialization.metadata["new_snapshots"].value == 1


def test_a_missing_release_is_reported_not_retried(loopback, tmp_path):
    loopback.serve_page("/col/index.html", LIST_PAGE)  # the release answers 404
    result, events = materialize(loopback, tmp_path)
    assert result.success
    assert of_type(events, "STEP_UP_FOR_RETRY") == []
    [materialization] = result.asset_materializations_for_node(CRAWL_OP)
    assert materialization.metadata["failures"].value == 1
    assert "/col/202502/t20250203_1.html" in materialization.metadata["failed_urls"].value


def _report(*failures: CrawlFailure, list_pages: int = 1) -> CrawlReport:
    return CrawlReport("s", list_pages=list_pages, failures=list(failures))


@pytest.mark.parametrize(
    ("failure", "retried"),
    [
        (CrawlFailure("u", "timeout", "timed out after retries (ReadTimeout)"), True),
        (CrawlFailure("u", "connection_error", "connection failed after retries"), True),
        (CrawlFailure("u", "truncated", "got 20 of 500 declared bytes"), True),
        (CrawlFailure("u", "http_error", "HTTP 503 Service Unavailable"), True),
        (CrawlFailure("u", "http_error", "gave up after retries: too many 500 error responses"), True),
        (CrawlFailure("u", "http_error", "HTTP 404 Not Found"), False),
        (CrawlFailure("u", "too_large", "body exceeds the 20-byte limit"), False),
        (CrawlFailure("u", "outside_source_root", "not under any configured source root"), False),
    ],
)
def test_which_release_failures_are_worth_a_retry(failure, retried):
    assert (fetch_step_failure(_report(failure), attempt=0, max_retries=3) is not None) is retried


def test_the_last_attempt_publishes_what_it_has_but_an_unreadable_list_page_always_fails():
    transient = CrawlFailure("http://x/a.html", "timeout", "timed out")
    assert "retrying" in fetch_step_failure(_report(transient), attempt=2, max_retries=3)
    assert fetch_step_failure(_report(transient), attempt=3, max_retries=3) is None
    unreadable = _report(CrawlFailure("http://x/index.html", "connection_error", "refused"), list_pages=0)
    assert "could not read the list page" in fetch_step_failure(unreadable, attempt=3, max_retries=3)
