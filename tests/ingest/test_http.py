"""HTTP behaviour against a real loopback server: retries, failures, limits, conditional GET."""

import pytest

from ingest.http import Fetcher, FetchError, LocalFileAdapter, build_session, is_under
from tests.conftest import Reply


def fetcher_for(site, root="/", retries=2, read_timeout=2.0, max_bytes=1_000_000):
    session = build_session("targetwatch-test", site.base_url + "/", retries=retries, backoff=0.01)
    return Fetcher(session, (site.base_url + root,), timeout=(2.0, read_timeout), delay_s=0, max_bytes=max_bytes)


def test_a_503_then_200_recovers_through_retries(loopback):
    loopback.serve("/a.html", Reply(503, b"busy"), Reply(200, "统计".encode()))
    result = fetcher_for(loopback).get(loopback.base_url + "/a.html")
    assert result.status == 200
    assert result.content == "统计".encode()
    assert loopback.count("/a.html") == 2


def test_a_permanent_500_is_a_clear_failure_after_the_retries(loopback):
    loopback.serve("/a.html", Reply(500, b"boom"))
    with pytest.raises(FetchError) as caught:
        fetcher_for(loopback, retries=2).get(loopback.base_url + "/a.html")
    assert caught.value.reason == "http_error"
    assert loopback.count("/a.html") == 3  # the first try and two retries


def test_a_404_is_reported_with_its_status(loopback):
    with pytest.raises(FetchError) as caught:
        fetcher_for(loopback).get(loopback.base_url + "/missing.html")
    assert (caught.value.reason, caught.value.status) == ("http_error", 404)


def test_a_slow_server_times_out(loopback):
    loopback.serve("/slow.html", Reply(200, b"late", delay_s=1.5))
    with pytest.raises(FetchError) as caught:
        fetcher_for(loopback, retries=0, read_timeout=0.3).get(loopback.base_url + "/slow.html")
    assert caught.value.reason in ("timeout", "connection_error")


def test_a_truncated_body_is_a_failure_not_a_short_document(loopback):
    loopback.serve("/cut.html", Reply(200, b"x" * 5000, truncate_to=100))
    with pytest.raises(FetchError) as caught:
        fetcher_for(loopback, retries=0).get(loopback.base_url + "/cut.html")
    assert caught.value.reason == "truncated"


def test_a_body_over_the_size_limit_is_refused(loopback):
    loopback.serve("/big.html", Reply(200, b"x" * 5000))
    with pytest.raises(FetchError) as caught:
        fetcher_for(loopback, max_bytes=1000).get(loopback.base_url + "/big.html")
    assert caught.value.reason == "too_large"


def test_a_redirect_off_the_source_root_is_refused(loopback):
    loopback.serve("/tjsj/moved.html", Reply(302, b"", {"Location": "http://example.invalid/elsewhere.html"}))
    loopback.serve("/other/x.html", Reply(200, b"ok"))
    loopback.serve("/tjsj/inside.html", Reply(302, b"", {"Location": "/other/x.html"}))
    fetcher = fetcher_for(loopback, root="/tjsj/")
    with pytest.raises(FetchError) as caught:
        fetcher.get(loopback.base_url + "/tjsj/inside.html")
    assert caught.value.reason == "redirect_off_site"


def test_urls_outside_the_source_roots_are_never_requested(loopback):
    fetcher = fetcher_for(loopback, root="/tjsj/")
    for url in (
        loopback.base_url + "/secret.html",
        "http://example.invalid/tjsj/a.html",
        loopback.base_url + "/tjsj/../secret.html",
        "file:///etc/passwd",
    ):
        with pytest.raises(FetchError) as caught:
            fetcher.get(url)
        assert caught.value.reason == "outside_source_root"
    assert loopback.requests == []


def test_conditional_get_sends_validators_and_reports_not_modified(loopback):
    loopback.serve_page("/a.html", "<html>页</html>", etag='"v1"')
    fetcher = fetcher_for(loopback)
    first = fetcher.get(loopback.base_url + "/a.html")
    assert first.validators == {"etag": '"v1"'}
    second = fetcher.get(loopback.base_url + "/a.html", first.validators)
    assert second.not_modified and second.content == b""
    assert loopback.requests[-1][1]["If-None-Match"] == '"v1"'


def test_a_real_user_agent_is_sent(loopback):
    loopback.serve_page("/a.html", "x")
    fetcher_for(loopback).get(loopback.base_url + "/a.html")
    assert loopback.requests[0][1]["User-Agent"] == "targetwatch-test"


@pytest.mark.parametrize(
    ("url", "root", "expected"),
    [
        ("http://h/tjsj/a.html", "http://h/tjsj/", True),
        ("http://H/tjsj/a.html", "http://h/tjsj/", True),
        ("http://h/tjsjx/a.html", "http://h/tjsj/", False),
        ("https://h/tjsj/a.html", "http://h/tjsj/", False),
        ("http://h/tjsj/../a.html", "http://h/tjsj/", False),
        ("http://evil/tjsj/a.html", "http://h/tjsj/", False),
    ],
)
def test_is_under(url, root, expected):
    assert is_under(url, root) is expected


def test_the_file_adapter_serves_like_a_static_server_and_stays_in_its_root(tmp_path):
    root = tmp_path / "site"
    (root / "tjsj").mkdir(parents=True)
    (root / "tjsj" / "a.html").write_bytes(b"<html>a</html>")
    (tmp_path / "secret.txt").write_text("no")
    session = build_session("t", root.as_uri() + "/")
    assert isinstance(session.get_adapter(root.as_uri()), LocalFileAdapter)
    ok = session.get((root / "tjsj" / "a.html").as_uri())
    assert ok.status_code == 200 and ok.content == b"<html>a</html>"
    again = session.get((root / "tjsj" / "a.html").as_uri(), headers={"If-None-Match": ok.headers["ETag"]})
    assert again.status_code == 304
    assert session.get((root / "tjsj" / "b.html").as_uri()).status_code == 404
    assert session.get((tmp_path / "secret.txt").as_uri()).status_code == 403
    assert session.get(root.as_uri() + "/../secret.txt").status_code == 403
