"""The audit log export: a workspace's activity for a date range as CSV or JSON lines, written
row by row so that a year of events streams in constant memory."""

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator

from django.core.serializers.json import DjangoJSONEncoder

from .importing import csv_cell
from .models import ActivityEvent, Workspace

AUDIT_COLUMNS = [
    "created_at",
    "actor",
    "actor_email",
    "verb",
    "type",
    "object_id",
    "summary",
    "details",
]
# Rows fetched per round trip; ``iterator`` keeps only one chunk in memory.
CHUNK = 2000


def audit_events(
    *, workspace: Workspace, start: dt.datetime | None, end: dt.datetime | None
) -> Iterator[dict[str, str]]:
    """The workspace's activity between ``start`` (inclusive) and ``end`` (exclusive), oldest
    first, one flat row per event."""
    events = ActivityEvent.objects.filter(workspace=workspace)
    if start is not None:
        events = events.filter(created_at__gte=start)
    if end is not None:
        events = events.filter(created_at__lt=end)
    rows = events.order_by("created_at", "id").values_list(
        "created_at",
        "actor__first_name",
        "actor__last_name",
        "actor__email",
        "verb",
        "content_type__model",
        "object_id",
        "summary",
        "details",
    )
    for created_at, first, last, email, verb, model, object_id, summary, details in rows.iterator(
        chunk_size=CHUNK
    ):
        yield {
            "created_at": created_at.isoformat(),
            "actor": f"{first or ''} {last or ''}".strip() or (email or ""),
            "actor_email": email or "",
            "verb": verb,
            "type": model,
            "object_id": str(object_id),
            "summary": summary,
            "details": json.dumps(details, cls=DjangoJSONEncoder, sort_keys=True),
        }


def audit_csv(events: Iterator[dict[str, str]]) -> Iterator[str]:
    """The header, then one line per event; every cell guarded against spreadsheet formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(AUDIT_COLUMNS)
    yield _drain(buffer)
    for event in events:
        writer.writerow([csv_cell(event[column]) for column in AUDIT_COLUMNS])
        yield _drain(buffer)


def audit_jsonl(events: Iterator[dict[str, str]]) -> Iterator[str]:
    for event in events:
        row = {**event, "details": json.loads(event["details"])}
        yield json.dumps(row, ensure_ascii=False) + "\n"


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
