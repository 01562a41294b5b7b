import datetime as dt
import json

import pytest

from ingest.snapshots import SnapshotIntegrityError, SnapshotStore, sha256_hex

NOW = dt.datetime(2024, 7, 18, 9, 30, tzinfo=dt.UTC)


def put(store, content=b"<html>1</html>", url="http://x/tjsj/202407/t20240718_1.html", **kw):
    return store.put(
        source_id=kw.get("source_id", "src"),
        url=url,
        final_url=kw.get("final_url", url),
        content=content,
        fetched_at=kw.get("fetched_at", NOW),
        http_status=200,
        headers={"etag": '"abc"'},
        parser="auto",
    )


def test_a_snapshot_is_stored_with_a_provenance_sidecar(tmp_path):
    store = SnapshotStore(tmp_path / "raw")
    snapshot, created = put(store)
    assert created
    assert (
        snapshot.path
        == tmp_path / "raw" / "src" / "2024-07-18" / f"t20240718_1-{sha256_hex(b'<html>1</html>')[:12]}.html"
    )
    assert snapshot.path.read_bytes() == b"<html>1</html>"
    sidecar = json.loads(snapshot.path.with_name(snapshot.path.name + ".json").read_text())
    assert sidecar["url"] == "http://x/tjsj/202407/t20240718_1.html"
    assert sidecar["sha256"] == sha256_hex(b"<html>1</html>")
    assert sidecar["size"] == 14
    assert sidecar["http_status"] == 200
    assert sidecar["fetched_at"] == "2024-07-18T09:30:00+00:00"
    assert sidecar["headers"] == {"etag": '"abc"'}
    assert list((tmp_path / "raw").rglob("*.tmp")) == []


def test_identical_content_is_stored_once_even_from_another_url(tmp_path):
    store = SnapshotStore(tmp_path / "raw")
    first, _ = put(store)
    second, created = put(store, url="http://x/other.html", fetched_at=NOW + dt.timedelta(days=1))
    assert not created
    assert second.path == first.path
    assert len(list((tmp_path / "raw").rglob("*.html"))) == 1


def test_changed_content_at_the_same_url_is_a_new_vintage_and_both_remain(tmp_path):
    store = SnapshotStore(tmp_path / "raw")
    first, _ = put(store, content=b"v1")
    second, created = put(store, content=b"v2", fetched_at=NOW + dt.timedelta(days=30))
    assert created
    assert first.path.read_bytes() == b"v1" and second.path.read_bytes() == b"v2"
    reopened = SnapshotStore(tmp_path / "raw")
    assert [s.sha256 for s in reopened.all()] == [sha256_hex(b"v1"), sha256_hex(b"v2")]


def test_reading_verifies_the_checksum(tmp_path):
    store = SnapshotStore(tmp_path / "raw")
    snapshot, _ = put(store)
    assert store.read(snapshot) == b"<html>1</html>"
    snapshot.path.write_bytes(b"<html>tampered</html>")
    with pytest.raises(SnapshotIntegrityError, match="was modified or corrupted"):
        store.read(snapshot)


@pytest.mark.parametrize(
    "url",
    [
        "http://x/../../../etc/passwd",
        "http://x/a/..%2F..%2F..%2Fescape.html",
        "http://x/%2e%2e/%2e%2e/evil.html",
        "http://x/dir/",
        "http://x/" + "a" * 400 + ".html",
        "http://x/name%00.html",
    ],
)
def test_snapshot_paths_never_escape_the_raw_directory(tmp_path, url):
    store = SnapshotStore(tmp_path / "raw")
    snapshot, _ = put(store, content=url.encode(), url=url)
    assert snapshot.path.resolve().is_relative_to((tmp_path / "raw" / "src").resolve())
    assert snapshot.path.parent.parent.name == "src"
    assert len(snapshot.path.name) < 120


def test_a_bad_source_id_is_refused(tmp_path):
    with pytest.raises(ValueError, match="invalid source id"):
        put(SnapshotStore(tmp_path / "raw"), source_id="../evil")
