"""PostgreSQL with a pool that fails fast while the database is down.

Django's pooled backend makes every request wait up to the pool's ``timeout`` for a connection
the pool cannot make while PostgreSQL is down, so an outage answers each request after seconds.
This backend remembers the outage: the first lost or refused connection marks the database down,
and from then on a request asks PostgreSQL directly (one short connection attempt, at most one
per ``PROBE_INTERVAL`` per process, the others fail at once) instead of queueing on the pool.
The first probe that connects clears the mark and requests go back to the pool. Only pooled
connections change; without a pool (tests, SQLite) this is Django's backend unchanged.
"""

import threading
import time
from typing import Any

import psycopg
from django.db.backends.postgresql import base
from django.db.utils import DatabaseErrorWrapper
from django.utils.functional import cached_property

# How often a process asks PostgreSQL whether it is back while it is down.
PROBE_INTERVAL = 0.25
PROBE_CONNECT_TIMEOUT = 1


class Outage:
    """Whether one pool's database is known to be down, and when it was last asked."""

    def __init__(self) -> None:
        self.down = False
        self._lock = threading.Lock()
        self._last_probe = 0.0

    def begin(self) -> None:
        self.down = True

    def probe(self, pool: Any) -> None:
        """Raise ``OperationalError`` unless a direct connection to the database succeeds."""
        with self._lock:
            now = time.monotonic()
            if now - self._last_probe < PROBE_INTERVAL:
                raise psycopg.OperationalError("The database is unavailable.")
            self._last_probe = now
        params = {**pool.kwargs, "connect_timeout": PROBE_CONNECT_TIMEOUT}
        psycopg.connect(pool.conninfo, **params).close()
        self.down = False


class OutageAwareErrorWrapper(DatabaseErrorWrapper):
    """Django's error translation, which also notes a connection lost or never made."""

    wrapper: "DatabaseWrapper"

    def __exit__(self, exc_type: Any, exc_value: Any, traceback: Any) -> None:
        if exc_type is not None and issubclass(exc_type, psycopg.OperationalError):
            self.wrapper.note_operational_error()
        super().__exit__(exc_type, exc_value, traceback)


class DatabaseWrapper(base.DatabaseWrapper):
    _outages: dict[str, Outage] = {}

    @cached_property
    def wrap_database_errors(self) -> DatabaseErrorWrapper:
        return OutageAwareErrorWrapper(self)

    @property
    def outage(self) -> Outage:
        return self._outages.setdefault(self.alias, Outage())

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        if self.pool is not None and self.outage.down:
            self.outage.probe(self.pool)
        return super().get_new_connection(conn_params)

    def note_operational_error(self) -> None:
        """A pool timeout or refused connection (no connection yet) or a broken one."""
        if self.pool is not None and (self.connection is None or self.connection.broken):
            self.outage.begin()
