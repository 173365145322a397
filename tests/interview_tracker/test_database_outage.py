"""The pooled PostgreSQL backend answers at once while the database is down.

Real connections only: a closed port for a database that is down, ``pg_terminate_backend`` for a
connection lost mid-request. The pool's own request counter shows whether a request queued on it.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import OperationalError, connection

from interview_tracker.postgresql.base import PROBE_INTERVAL, DatabaseWrapper

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the pool is PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def pooled() -> Iterator[Any]:
    """A pooled connection to the test database or, with ``port=1``, to a closed port."""
    made: list[DatabaseWrapper] = []

    def make(alias: str, **changes: Any) -> DatabaseWrapper:
        settings_dict = {**connection.settings_dict, **changes}
        settings_dict["OPTIONS"] = {"pool": {"min_size": 1, "max_size": 2, "timeout": 0.5}}
        wrapper = DatabaseWrapper(settings_dict, alias=alias)
        made.append(wrapper)
        return wrapper

    yield make
    for wrapper in made:
        wrapper.close()
        wrapper.close_pool()


def requests_to_pool(wrapper: DatabaseWrapper) -> int:
    return wrapper.pool.get_stats().get("requests_num", 0)


def test_after_the_first_refused_connection_requests_fail_without_queueing(pooled):
    wrapper = pooled("outage-refused", HOST="127.0.0.1", PORT="1")
    with pytest.raises(OperationalError):
        wrapper.ensure_connection()  # waits the pool timeout once
    assert wrapper.outage.down
    asked = requests_to_pool(wrapper)

    with pytest.raises(OperationalError, match="refused"):
        wrapper.ensure_connection()  # a direct probe, refused at once
    with pytest.raises(OperationalError, match="unavailable"):
        wrapper.ensure_connection()  # within the probe interval: not even a probe

    assert requests_to_pool(wrapper) == asked
    assert wrapper.outage.down


def test_the_first_probe_that_connects_ends_the_outage(pooled):
    wrapper = pooled("outage-recovers")
    wrapper.outage.begin()
    wrapper.outage._last_probe -= PROBE_INTERVAL

    with wrapper.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    assert not wrapper.outage.down


def test_a_connection_lost_mid_request_marks_the_database_down(pooled):
    wrapper = pooled("outage-lost")
    wrapper.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [wrapper.connection.info.backend_pid])

    with pytest.raises(OperationalError), wrapper.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert wrapper.outage.down

    wrapper.close()
    wrapper.outage._last_probe -= PROBE_INTERVAL
    wrapper.ensure_connection()
    assert not wrapper.outage.down


def test_a_query_error_on_a_healthy_connection_is_not_an_outage(pooled):
    wrapper = pooled("outage-none")
    with pytest.raises(OperationalError), wrapper.cursor() as cursor:
        cursor.execute("SET statement_timeout = 1; SELECT pg_sleep(1)")
    assert not wrapper.outage.down
