"""SQLite's ``LOWER()`` lowers A-Z only ("Österreichische Post" stays "Österreichische post"),
while Python's ``str.lower()`` and PostgreSQL's ``lower()`` lower every letter. Names compared
case aside (companies and positions found by name, e-mails, the unique indexes on
``lower(name)``) then disagreed between a query and the Python beside it: a second import of a
company with an accented capital tried to create it again. Every SQLite connection gets a
``LOWER`` that lowers as Python does (``InterviewTrackerConfig.ready`` connects this)."""

from typing import Any


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def unicode_lower(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("LOWER", 1, _lower, deterministic=True)
