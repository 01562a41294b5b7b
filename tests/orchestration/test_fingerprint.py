"""What a publication was built from (orchestration/fingerprint.py): anything that can change the mart
changes the fingerprint, so a run is only ever skipped as "nothing new" when it would publish the same."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ingest.settings import load_settings
from orchestration.fingerprint import (
    inputs_fingerprint,
    record_published_inputs,
    record_warehouse_inputs,
    unchanged_publication,
)


@pytest.fixture
def home(tmp_path):
    settings = load_settings({"TARGETWATCH_HOME": str(tmp_path / "home"), "TARGETWATCH_TODAY": "2026-11-27"})
    raw = settings.raw_dir / "src" / "2026-11-27"
    raw.mkdir(parents=True)
    (raw / "a.html").write_text("<html>a</html>")
    (raw / "a.html.json").write_text("{}")
    settings.observations_dir.mkdir(parents=True)
    pq.write_table(pa.table({"value": [1.0, 2.0]}), settings.observations_file)
    pq.write_table(pa.table({"raw_path": ["src/2026-11-27/a.html"]}), settings.documents_file)
    settings.published_dir.mkdir(parents=True)
    settings.published_mart_path.write_bytes(b"mart")
    return settings


def test_every_input_of_the_mart_changes_the_fingerprint(home):
    before = inputs_fingerprint(home)
    assert inputs_fingerprint(home) == before  # stable
    assert inputs_fingerprint(home.with_overrides(today=dt.date(2026, 11, 28))) != before  # period checks
    assert inputs_fingerprint(dataclasses.replace(home, mart_storage_version=None)) != before  # another format

    pq.write_table(pa.table({"value": [1.0, 2.5]}), home.observations_file)
    changed = inputs_fingerprint(home)
    assert changed != before

    home.catalogs_dir.mkdir()
    (home.catalogs_dir / "990001.csv").write_text("target_id\n")
    with_catalog = inputs_fingerprint(home)
    assert with_catalog != changed

    raw = home.raw_dir / "src" / "2026-11-27" / "a.html"
    stat = raw.stat()
    os.utime(raw, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # an edited snapshot
    assert inputs_fingerprint(home) != with_catalog


def test_nothing_new_only_against_the_published_mart_built_from_the_same_inputs(home):
    fingerprint = inputs_fingerprint(home)
    later = time.time() + 60
    assert unchanged_publication(home, fingerprint, later) is None  # nothing published yet
    requested = time.time()
    record_warehouse_inputs(home, fingerprint)
    record_published_inputs(home, "20261127T020000-abcdef")
    assert unchanged_publication(home, fingerprint, later) == "20261127T020000-abcdef"
    assert unchanged_publication(home, "another", later) is None  # something changed
    # a run requested before that publication (it waited for the run lock meanwhile) builds in full
    assert unchanged_publication(home, fingerprint, requested) is None

    mart = home.published_mart_path
    stat = mart.stat()
    os.utime(mart, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # replaced or restored
    assert unchanged_publication(home, fingerprint, later) is None


def test_a_partial_or_failed_build_records_nothing_and_the_next_publish_records_nothing(home):
    fingerprint = inputs_fingerprint(home)
    record_warehouse_inputs(home, fingerprint)
    record_warehouse_inputs(home, None)  # a build of part of the warehouse, or one in progress
    record_published_inputs(home, "20261127T020000-abcdef")
    assert unchanged_publication(home, fingerprint, time.time() + 60) is None
