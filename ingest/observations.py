"""The observation contract: one row per figure a document publishes (DESIGN §3).

Parsers produce :class:`Observation` objects; this module owns the Parquet schema and the writer.
The schema is the contract dbt's ``sources.yml`` reads, so a column added here is added there.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple, Protocol

import pyarrow as pa
import pyarrow.parquet as pq

PERIOD_KINDS = ("ytd", "month", "quarter_ytd", "year")


class _ObservationFields(NamedTuple):
    source_id: str
    document_sha256: str
    url: str
    release_date: dt.date | None
    region_code: str
    indicator_raw: str
    indicator_id: str | None
    period_start: dt.date
    period_end: dt.date
    period_kind: str
    value: float | None
    unit: str | None
    yoy_pct: float | None
    is_lower_bound: bool
    is_estimate: bool
    quote: str
    parser: str
    is_synthetic: bool
    # Extensions to the DESIGN contract, documented in docs/data-dictionary.md:
    fetched_at: dt.datetime | None = None  # orders vintages published on the same day
    citation_url: str | None = None  # original publication of a figure reproduced elsewhere


class Observation(_ObservationFields):
    """One figure of one document, checked against the contract when built.

    An immutable named tuple (fields by name, ``_asdict``, ``_replace``): a parse builds about a
    hundred per document, and :func:`to_table` turns a list of them into columns with one ``zip``."""

    __slots__ = ()

    def __new__(cls, *args: object, **kwargs: object) -> Observation:
        observation = super().__new__(cls, *args, **kwargs)
        _check(observation)
        return observation


def _check(o: Observation) -> None:
    """The contract every observation meets (the constructor and :func:`build_observation`)."""
    if o.period_kind not in PERIOD_KINDS:
        raise ValueError(f"period_kind must be one of {PERIOD_KINDS}, got {o.period_kind!r}")
    if o.value is None and o.yoy_pct is None:
        raise ValueError(f"observation of {o.indicator_raw!r} has neither value nor growth")
    if not o.quote:
        raise ValueError(f"observation of {o.indicator_raw!r} has no quote")
    if o.period_end < o.period_start:
        raise ValueError("period_end is before period_start")


class DocumentFields(NamedTuple):
    """The fields every observation of one document shares."""

    source_id: str
    document_sha256: str
    url: str
    release_date: dt.date | None
    region_code: str
    parser: str
    fetched_at: dt.datetime | None


def build_observation(
    document: DocumentFields,
    indicator_raw: str,
    indicator_id: str | None,
    period_start: dt.date,
    period_end: dt.date,
    period_kind: str,
    value: float | None,
    unit: str | None,
    yoy_pct: float | None,
    is_lower_bound: bool,
    is_estimate: bool,
    quote: str,
    is_synthetic: bool,
    citation_url: str | None,
) -> Observation:
    """An :class:`Observation` of ``document``, checked like the constructor, built as one tuple
    (for speed: the parsers build one per figure)."""
    source_id, document_sha256, url, release_date, region_code, parser, fetched_at = document
    observation = tuple.__new__(
        Observation,
        (
            source_id,
            document_sha256,
            url,
            release_date,
            region_code,
            indicator_raw,
            indicator_id,
            period_start,
            period_end,
            period_kind,
            value,
            unit,
            yoy_pct,
            is_lower_bound,
            is_estimate,
            quote,
            parser,
            is_synthetic,
            fetched_at,
            citation_url,
        ),
    )
    if period_kind not in PERIOD_KINDS or (value is None and yoy_pct is None) or not quote or period_end < period_start:
        _check(observation)  # raises, saying which rule
    return observation


class _Period(Protocol):
    start: dt.date
    end: dt.date
    kind: str


def build_row_observations(
    document: DocumentFields,
    indicator_raw: str,
    indicator_id: str | None,
    quote: str,
    is_synthetic: bool,
    figures: Iterable[tuple[_Period, float | None, str | None, float | None]],
) -> list[Observation]:
    """The observations of one name and one quote (a table row): one per (period, value, unit, yoy_pct)
    figure that has a value or a rate, as :func:`build_observation` builds them (for speed: one call per
    row, not per figure)."""
    source_id, document_sha256, url, release_date, region_code, parser, fetched_at = document
    observations: list[Observation] = []
    for period, value, unit, yoy_pct in figures:
        if value is None and yoy_pct is None:
            continue
        observation = tuple.__new__(
            Observation,
            (
                source_id,
                document_sha256,
                url,
                release_date,
                region_code,
                indicator_raw,
                indicator_id,
                period.start,
                period.end,
                period.kind,
                value,
                unit if value is not None else None,
                yoy_pct,
                False,
                False,
                quote,
                parser,
                is_synthetic,
                fetched_at,
                None,
            ),
        )
        if period.kind not in PERIOD_KINDS or not quote or period.end < period.start:
            _check(observation)  # raises, saying which rule
        observations.append(observation)
    return observations


SCHEMA = pa.schema(
    [
        pa.field("source_id", pa.string(), nullable=False),
        pa.field("document_sha256", pa.string(), nullable=False),
        pa.field("url", pa.string(), nullable=False),
        pa.field("release_date", pa.date32()),
        pa.field("region_code", pa.string(), nullable=False),
        pa.field("indicator_raw", pa.string(), nullable=False),
        pa.field("indicator_id", pa.string()),
        pa.field("period_start", pa.date32(), nullable=False),
        pa.field("period_end", pa.date32(), nullable=False),
        pa.field("period_kind", pa.string(), nullable=False),
        pa.field("value", pa.float64()),
        pa.field("unit", pa.string()),
        pa.field("yoy_pct", pa.float64()),
        pa.field("is_lower_bound", pa.bool_(), nullable=False),
        pa.field("is_estimate", pa.bool_(), nullable=False),
        pa.field("quote", pa.string(), nullable=False),
        pa.field("parser", pa.string(), nullable=False),
        pa.field("is_synthetic", pa.bool_(), nullable=False),
        pa.field("fetched_at", pa.timestamp("us", tz="UTC")),
        pa.field("citation_url", pa.string()),
    ]
)


def _timestamps(values: Sequence[dt.datetime | None], type_: pa.DataType) -> pa.Array:
    """A timestamp column from its few distinct values (one per document): converting a zone-aware
    ``datetime`` is the slowest conversion of the table, so each is converted once."""
    distinct: dict[dt.datetime | None, int] = {}
    indices = [distinct.setdefault(value, len(distinct)) for value in values]
    return pa.array(list(distinct), type=type_).take(pa.array(indices, type=pa.int32()))


def to_table(observations: Iterable[Observation]) -> pa.Table:
    """Observations as an Arrow table of :data:`SCHEMA`, built column by column: the rows (tuples in
    schema order) are turned into columns with one ``zip``."""
    rows = observations if isinstance(observations, list) else list(observations)
    columns = zip(*rows, strict=True) if rows else ([] for _ in SCHEMA)
    arrays = []
    for values, field in zip(columns, SCHEMA, strict=True):
        if pa.types.is_timestamp(field.type):
            arrays.append(_timestamps(values, field.type))
        else:
            arrays.append(pa.array(values, type=field.type))
    return pa.Table.from_arrays(arrays, schema=SCHEMA)


def write_parquet_atomic(table: pa.Table, path: Path) -> None:
    """Write ``table`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def concat_tables(tables: Sequence[pa.Table], schema: pa.Schema = SCHEMA) -> pa.Table:
    if not tables:
        return schema.empty_table()
    return pa.concat_tables([t.cast(schema) for t in tables])
