"""PostgreSQL's own parts: the backend (``base``), ``__in`` as one array (``lookups``)."""

import uuid
from collections.abc import Iterable
from typing import Any


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
