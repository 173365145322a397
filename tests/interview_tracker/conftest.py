from collections.abc import Iterator

import pytest
from django.db import DEFAULT_DB_ALIAS, connections


@pytest.fixture
def database_unreachable(django_db_blocker) -> Iterator[None]:
    """Points the default connection at a database that cannot be reached: a closed port on
    PostgreSQL, a file in a missing folder on SQLite. Nothing of ours is mocked; the driver
    really fails to connect."""
    original = connections[DEFAULT_DB_ALIAS]
    broken = dict(original.settings_dict)
    if original.vendor == "sqlite":
        broken["NAME"] = "/nonexistent-folder/interview-tracker.sqlite3"
    else:
        broken.update(HOST="127.0.0.1", PORT="1")
    wrapper = original.__class__(broken, alias=DEFAULT_DB_ALIAS)
    with django_db_blocker.unblock():
        connections[DEFAULT_DB_ALIAS] = wrapper
        try:
            yield
        finally:
            wrapper.close()
            connections[DEFAULT_DB_ALIAS] = original
