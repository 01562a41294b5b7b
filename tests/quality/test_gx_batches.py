"""Great Expectations validates a national mart in batches of bounded size (issue 9), with the same
verdicts as one batch: rows are split by a hash of each suite's key, so a duplicated key lands in one
batch and is still caught, and the unexpected rows of a failed expectation are counted over all batches."""

from __future__ import annotations

import duckdb
import pytest

from expectations.runner import run_gx


@pytest.fixture
def mart():
    conn = duckdb.connect()
    conn.execute("create schema marts")
    conn.execute("""
        create table marts.observations as
        select 'quote ' || i as quote, 'name' as indicator_raw, date '2024-06-30' as period_end, 'ytd' as period_kind,
               '990001' as region_code, repeat('a', 64) as document_sha256, md5(i::varchar) as observation_id,
               (i % 7)::double as yoy_pct
        from range(200) t(i)""")
    conn.execute("""
        create table marts.target_status_latest as
        select 't' || i as target_id, 'achieved' as status, 'level' as metric, 'zh' as reason_zh, 'en' as reason_en,
               1.0 as completion from range(20) t(i)""")
    conn.execute("""
        create table marts.target_progress as
        select 't' || i as target_id, m as as_of_month, 'on_track' as status, 0.5 as expected_completion
        from range(20) t(i), range(2, 13) s(m)""")
    yield conn
    conn.close()


def verdicts(conn, batch_rows: int) -> dict[str, tuple[bool, list[str]]]:
    return {
        o.name: (o.passed, sorted(f.reason.split(", e.g.")[0] for f in o.findings))
        for o in run_gx(conn, "marts", batch_rows=batch_rows)
    }


def test_batches_give_the_verdicts_of_one_batch(mart):
    clean = verdicts(mart, batch_rows=10_000)
    assert all(passed for passed, _ in clean.values())
    assert verdicts(mart, batch_rows=17) == clean

    mart.execute(
        "insert into marts.observations select * from marts.observations where observation_id in "
        "(select observation_id from marts.observations order by observation_id limit 3)"
    )
    mart.execute("update marts.observations set quote = null where period_end is not null and yoy_pct = 3")
    mart.execute("insert into marts.target_progress select * from marts.target_progress limit 2")
    whole = verdicts(mart, batch_rows=10_000)
    batched = verdicts(mart, batch_rows=17)  # about a dozen batches per table
    assert batched == whole
    assert not whole["gx_observations"][0] and not whole["gx_target_progress"][0]
    assert any(
        "expect_column_values_to_be_unique {'column': 'observation_id'}: 6 unexpected" in r
        for r in whole["gx_observations"][1]
    )
