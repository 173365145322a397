"""PostgreSQL with a pool that fails fast while the database is down.

Django's pooled backend makes every request wait up to the pool's ``timeout`` for a connection
the pool cannot make while PostgreSQL is down, so an outage answers each request after seconds.
This backend remembers the outage: when a connection is lost or the pool times out, it asks
PostgreSQL directly (one short connection attempt); if that is refused too, the database is
down, and from then on a request asks again (at most once per ``PROBE_INTERVAL`` per process,
the others fail at once) instead of queueing on the pool. The first attempt that connects
clears the mark and requests go back to the pool. A pool timeout while PostgreSQL answers is
load, not an outage, and changes nothing. Only pooled connections change; without a pool
(tests, SQLite) this is Django's backend unchanged.
"""

import threading
import time
from typing import Any

import psycopg
from django.db.backends.postgresql import base
from django.db.utils import DatabaseErrorWrapper
from django.utils.functional import cached_property

from . import lookups  # noqa: F401 - registers ``__in`` as ``= ANY(array)``

# How often a process asks PostgreSQL whether it is back while it is down.
PROBE_INTERVAL = 0.25
PROBE_CONNECT_TIMEOUT = 1


class Outage:
    """Whether one pool's database is known to be down, and when it was last asked."""

    def __init__(self) -> None:
        self.down = False
        self._lock = threading.Lock()
        self._last_probe = 0.0

    def suspect(self, pool: Any) -> None:
        """A connection was lost, or none could be had: down only if the database itself
        refuses a direct connection (a pool timeout under load is not an outage)."""
        self._last_probe = time.monotonic()
        try:
            _connect(pool)
        except psycopg.OperationalError:
            self.down = True

    def recheck(self, pool: Any) -> None:
        """While down: raise ``OperationalError`` at once, or, at most every
        ``PROBE_INTERVAL``, unless a direct connection now succeeds (which ends the outage)."""
        with self._lock:
            now = time.monotonic()
            if now - self._last_probe < PROBE_INTERVAL:
                raise psycopg.OperationalError("The database is unavailable.")
            self._last_probe = now
        _connect(pool)
        self.down = False


def _connect(pool: Any) -> None:
    params = {**pool.kwargs, "connect_timeout": PROBE_CONNECT_TIMEOUT}
    psycopg.connect(pool.conninfo, **params).close()


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
            self.outage.recheck(self.pool)
        return super().get_new_connection(conn_params)

    def note_operational_error(self) -> None:
        """A pool timeout (no connection yet) or a broken connection may be an outage."""
        lost = self.connection is None or self.connection.broken
        if self.pool is not None and lost and not self.outage.down:
            self.outage.suspect(self.pool)
