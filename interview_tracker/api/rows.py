"""The busiest lists (candidates, positions, interviews and their embeds) read their rows with
``values()`` and turn each column into the API's JSON value here: no model instances, no DRF
field per value. Their shapes stay the ones their DRF serializers declare (the OpenAPI schema,
the details and the writes' answers use those); ``tests/interview_tracker/
test_representation.py`` renders every list both ways for every role and compares the bytes.

Columns that JSON writes as they come (strings, integers, booleans, UUIDs, None, and UTC
datetimes shown in UTC) are copied; the other datetimes and dates need the conversions below,
which are DRF's.
"""

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.utils import timezone

UTC_ZONE = zoneinfo.ZoneInfo("UTC")


def datetime_text(tz: dt.tzinfo | None) -> Callable[[dt.datetime | None], Any]:
    """DRF's ``DateTimeField`` output (ISO 8601 in the active time zone, UTC as ``Z``), with
    the time zone looked up once per response instead of once per value. In UTC (the API's
    zone unless a signed-in page user chose another), a value read in UTC is returned as it
    is: the renderer writes it in that same form, in C."""
    in_utc = tz is dt.UTC or tz is UTC_ZONE

    def text(value: dt.datetime | None) -> Any:
        if value is None or (in_utc and value.tzinfo is dt.UTC):
            return value
        if tz is not None:
            value = value.astimezone(tz) if timezone.is_aware(value) else value
        iso = value.isoformat()
        return iso[:-6] + "Z" if iso.endswith("+00:00") else iso

    return text


def current_datetime_text() -> Callable[[dt.datetime | None], str | None]:
    return datetime_text(timezone.get_current_timezone() if settings.USE_TZ else None)


def date_text(value: dt.date | None) -> str | None:
    """DRF's ``DateField`` output."""
    return None if value is None else value.isoformat()


def strings(values: Iterable[Any] | None) -> list[str | None] | None:
    """DRF's ``ListField(child=CharField())`` output of a JSON list column."""
    if values is None:
        return None
    return [None if value is None else str(value) for value in values]


def grouped(rows: Iterable[dict[str, Any]], key: str) -> dict[Any, list[dict[str, Any]]]:
    """Rows by the value of ``key`` (which is dropped from each row), in their order."""
    groups: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row.pop(key), []).append(row)
    return groups
