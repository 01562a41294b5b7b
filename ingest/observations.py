"""The observation contract: one row per figure a document publishes (DESIGN §3).

Parsers produce :class:`Observation` objects; this module owns the Parquet schema and the writer.
The schema is the contract dbt's ``sources.yml`` reads, so a column added here is added there.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from operator import attrgetter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

PERIOD_KINDS = ("ytd", "month", "quarter_ytd", "year")


@dataclass(frozen=True)
class Observation:
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

    def __post_init__(self) -> None:
        _check(self.__dict__)


def _check(values: dict[str, object]) -> None:
    """The contract every observation meets (``__post_init__`` and :func:`build_observation`)."""
    if values["period_kind"] not in PERIOD_KINDS:
        raise ValueError(f"period_kind must be one of {PERIOD_KINDS}, got {values['period_kind']!r}")
    if values["value"] is None and values["yoy_pct"] is None:
        raise ValueError(f"observation of {values['indicator_raw']!r} has neither value nor growth")
    if not values["quote"]:
        raise ValueError(f"observation of {values['indicator_raw']!r} has no quote")
    if values["period_end"] < values["period_start"]:  # type: ignore[operator]
        raise ValueError("period_end is before period_start")


def build_observation(values: dict[str, object]) -> Observation:
    """An :class:`Observation` from every field by name, in field order, checked like the constructor.

    For speed: the frozen dataclass ``__init__`` sets each of the 20 fields through
    ``object.__setattr__``, which cost more than reading the figure; this fills ``__dict__`` at once."""
    if len(values) != len(_FIELD_NAMES):
        raise TypeError(f"an observation has {len(_FIELD_NAMES)} fields, got {sorted(values)}")
    _check(values)
    observation = object.__new__(Observation)
    observation.__dict__.update(values)
    return observation


_FIELD_NAMES = tuple(f.name for f in fields(Observation))

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


_FIELDS = tuple(SCHEMA.names)
_GETTERS = tuple(attrgetter(name) for name in _FIELDS)


def _timestamps(values: list[dt.datetime | None], type_: pa.DataType) -> pa.Array:
    """A timestamp column from its few distinct values (one per document): converting a zone-aware
    ``datetime`` is the slowest conversion of the table, so each is converted once."""
    distinct: dict[dt.datetime | None, int] = {}
    indices = [distinct.setdefault(value, len(distinct)) for value in values]
    return pa.array(list(distinct), type=type_).take(pa.array(indices, type=pa.int32()))


def to_table(observations: Iterable[Observation]) -> pa.Table:
    """Observations as an Arrow table of :data:`SCHEMA`, built column by column.

    (``dataclasses.asdict`` per row deep-copies every field and cost more than the parsing itself.)"""
    items = list(observations)
    arrays = []
    for get, field in zip(_GETTERS, SCHEMA, strict=True):
        values = list(map(get, items))
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
