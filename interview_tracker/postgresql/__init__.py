"""PostgreSQL's own parts: the backend (``base``), ``__in`` as one array (``lookups``)."""

import uuid
from collections.abc import Iterable
from typing import Any


def parameter_type(field: Any, connection: Any) -> str:
    """The type a parameter for ``field`` is cast to: its column's, but text as ``text``, as a
    cast to ``varchar(n)`` cuts a longer value where assigning or comparing it would not."""
    if field.get_internal_type() in {"CharField", "TextField"}:
        return "text"
    return str(field.cast_db_type(connection))


def array_literal(values: Iterable[Any]) -> str:
    """A one-dimensional array of text, numbers or UUIDs (no NULLs) as PostgreSQL reads one
    written out, ``{"a","b \\"c\\""}``: each element double-quoted, its backslashes and double
    quotes escaped with a backslash; a UUID as its 32 hex digits."""
    elements = ",".join(
        [
            f'"{value.hex}"'
            if type(value) is uuid.UUID
            else '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
            for value in values
        ]
    )
    return "{" + elements + "}"
