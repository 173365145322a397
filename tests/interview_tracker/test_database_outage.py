"""The pooled PostgreSQL backend answers at once while the database is down.

Real connections only: a closed port for a database that is down, ``pg_terminate_backend`` for a
connection lost mid-request. The pool's own request counter shows whether a request queued on it.
"""

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import OperationalError, connection, connections

from interview_tracker.postgresql.base import PROBE_INTERVAL, DatabaseWrapper

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the pool is PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def pooled() -> Iterator[Any]:
    """A pooled connection to the test database or, with ``port=1``, to a closed port."""
    made: list[DatabaseWrapper] = []

    def make(alias: str, max_size: int = 2, **changes: Any) -> DatabaseWrapper:
        settings_dict = {**connection.settings_dict, **changes}
        pool = {"min_size": 1, "max_size": max_size, "timeout": 0.5}
        settings_dict["OPTIONS"] = {"pool": pool}
        wrapper = DatabaseWrapper(settings_dict, alias=alias)
        # Registered under its alias: django.contrib.postgres looks a new connection up by it.
        connections[alias] = wrapper
        made.append(wrapper)
        return wrapper

    yield make
    for wrapper in made:
        wrapper.close()
        wrapper.close_pool()
        with contextlib.suppress(AttributeError):  # registered in another thread
            del connections[wrapper.alias]


def requests_to_pool(wrapper: DatabaseWrapper) -> int:
    return wrapper.pool.get_stats().get("requests_num", 0)


def test_after_the_first_refused_connection_requests_fail_without_queueing(pooled):
    wrapper = pooled("outage-refused", HOST="127.0.0.1", PORT="1")
    with pytest.raises(OperationalError):
        wrapper.ensure_connection()  # waits the pool timeout once, then a direct try is refused
    assert wrapper.outage.down
    asked = requests_to_pool(wrapper)

    with pytest.raises(OperationalError, match="unavailable"):
        wrapper.ensure_connection()  # within the probe interval: not even a connection attempt
    wrapper.outage._last_probe -= PROBE_INTERVAL
    with pytest.raises(OperationalError, match="refused"):
        wrapper.ensure_connection()  # a direct attempt, refused at once

    assert requests_to_pool(wrapper) == asked
    assert wrapper.outage.down


def test_the_first_attempt_that_connects_ends_the_outage(pooled):
    wrapper = pooled("outage-recovers")
    wrapper.outage.down = True

    with wrapper.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    assert not wrapper.outage.down


def test_a_pool_timeout_while_the_database_answers_is_load_not_an_outage(pooled):
    busy = pooled("outage-load", max_size=1)
    busy.ensure_connection()  # holds the pool's only connection
    waiting = pooled("outage-load", max_size=1)  # the same pool (same alias)
    with pytest.raises(OperationalError, match="couldn't get a connection"):
        waiting.ensure_connection()
    assert not waiting.outage.down


def test_a_connection_lost_while_the_database_answers_is_not_an_outage(pooled):
    wrapper = pooled("outage-lost")
    wrapper.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [wrapper.connection.info.backend_pid])

    with pytest.raises(OperationalError), wrapper.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert not wrapper.outage.down
    wrapper.close()
    wrapper.ensure_connection()  # the pool replaces the dead connection


def test_a_query_error_on_a_healthy_connection_is_not_an_outage(pooled):
    wrapper = pooled("outage-none")
    with pytest.raises(OperationalError), wrapper.cursor() as cursor:
        cursor.execute("SET statement_timeout = 1; SELECT pg_sleep(1)")
    assert not wrapper.outage.down
