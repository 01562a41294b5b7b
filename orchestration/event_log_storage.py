"""Dagster's SQLite event log, with its database connections kept open between events.

Dagster's :class:`SqliteEventLogStorage` creates a SQLAlchemy engine, opens the database file and
disposes of both for every read and every write. A run writes several hundred events as it is
created alone — one "planned" event per asset and per asset check (the dbt tests included), each to
the run's own database and to the index — so that connection set-up was a third of a rerun with
nothing new (1.8 s of 4.9 s on the sample site).

This subclass keeps one engine per database file, with a small pool of open connections, for the
most recently used files; everything else (tables, files, locking, what is stored) is Dagster's.
Dagster serialises this class's connections behind its own lock, and SQLite's file locks still
arbitrate between processes (the webserver, the daemon, a run): an idle pooled connection holds
no lock. The files are those of Dagster's default storage (``history/runs/<run_id>.db`` and
``history/runs/index.db`` under DAGSTER_HOME), so switching to or from this class loses no history.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from dagster._core.storage.event_log import SqliteEventLogStorage
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._serdes import ConfigurableClassData
from sqlalchemy.engine import Connection, Engine

# Database files with an engine kept open: the index and the runs being written or watched. A
# long-lived process (the webserver) touches many runs' files; the least recently used are closed.
MAX_OPEN_DATABASES = 8


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """:class:`SqliteEventLogStorage` whose engines (and their connections) outlive one event.

    Configured in dagster.yaml like Dagster's own (orchestration/instance.py writes the directory in)::

        event_log_storage:
          module: orchestration.event_log_storage
          class: PooledSqliteEventLogStorage
          config:
            base_dir: <DAGSTER_HOME>/history/runs
    """

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None):
        self._engines: OrderedDict[str, Engine] = OrderedDict()  # guarded by Dagster's self._db_lock
        self._engines_pid = os.getpid()
        super().__init__(base_dir, inst_data=inst_data)

    @classmethod
    def from_config_value(
        cls, inst_data: ConfigurableClassData | None, config_value: Mapping[str, Any]
    ) -> PooledSqliteEventLogStorage:
        return cls(inst_data=inst_data, **config_value)

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        # As Dagster's: one connection at a time per storage, the database created on first use.
        with self._db_lock:
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def _engine(self, shard: str) -> Engine:
        """The shard's engine (called with ``self._db_lock`` held, as all use of ``self._engines``)."""
        if self._engines_pid != os.getpid():
            # A forked child must not use its parent's open connections: forget them, unclosed.
            for engine in self._engines.values():
                engine.dispose(close=False)
            self._engines.clear()
            self._engines_pid = os.getpid()
        engine = self._engines.get(shard)
        if engine is not None:
            self._engines.move_to_end(shard)
            return engine
        engine = sa.create_engine(
            self.conn_string_for_shard(shard),
            pool_size=1,
            max_overflow=2,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
        )
        self._engines[shard] = engine
        while len(self._engines) > MAX_OPEN_DATABASES:
            _, oldest = self._engines.popitem(last=False)
            oldest.dispose()
        return engine

    def _close_engines(self) -> None:
        with self._db_lock:
            for engine in self._engines.values():
                engine.dispose()
            self._engines.clear()

    def wipe(self) -> None:
        self._close_engines()  # the run databases' files are deleted
        super().wipe()

    def upgrade(self) -> None:
        self._close_engines()
        super().upgrade()

    def dispose(self) -> None:
        self._close_engines()
        super().dispose()
