"""Interviews written to their participants' CalDAV calendars; those calendars' busy times.

Writing: every interview service records an activity event, so ``on_activity`` (an activity
listener, run as the change writes its events; what it queues commits with the change) is the
one place every path (pages, API, MCP,
booking links) passes. For a change that alters the event it enqueues
``calendar_sync``, which makes each connected participant's calendar hold the interview as it
then is: the event of ``interviews.calendar`` (same UID as the .ics, SEQUENCE raised by the
services on a real change), or nothing once cancelled.

Removing: an event goes when its ``CalendarEvent`` row goes. Rows go with their seat (a
participant removed, an interview deleted, a candidate or workspace deleted with its
interviews), which cascades without passing through any service, so a ``post_delete``
receiver enqueues ``calendar_remove`` on commit; the sync of a cancelled interview deletes its
rows the same way.

Both tasks are retried and safe to run twice (a write replaces the event, a removal of an
event already gone succeeds). A calendar that fails is recorded on its connection, shown on
the settings page; the interview change itself has long committed.
"""

import datetime as dt
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete
from django.tasks import task
from django.utils import timezone

from interview_tracker.extensions import UserData, registry
from interview_tracker.models import ActivityEvent, User
from interview_tracker.tasks import enqueue_on_commit, retried
from interviews.models import Interview, Participant
from interviews.selectors import EVENT_FIELDS, interview_stored_ics

from . import caldav_client
from .caldav_client import CalendarUnavailable
from .encryption import SecretUnreadable, decrypt
from .models import CalendarConnection, CalendarEvent

logger = logging.getLogger(__name__)

# Activity on an interview that changes what its participants' calendars should hold.
SYNC_VERBS = frozenset(
    {
        "interview_scheduled",
        "interview_updated",
        "interview_rescheduled",
        "interview_cancelled",
        "participant_added",
    }
)


def on_activity(events: Sequence[ActivityEvent]) -> None:
    """Registered as an activity listener: queues the sync of each interview an event changed
    for its calendars, with the events' transaction."""
    for event in events:
        content_type = event.content_type
        if (content_type.app_label, content_type.model) != ("interviews", "interview"):
            continue
        if event.verb not in SYNC_VERBS:
            continue
        if event.verb == "interview_updated" and not EVENT_FIELDS.intersection(
            event.details.get("fields", [])
        ):
            continue
        connected = CalendarConnection.objects.filter(
            user__interview_participations__interview_id=event.object_id
        )
        if connected.exists():
            enqueue_on_commit(calendar_sync, str(event.object_id))


def enqueue_upcoming(connection: CalendarConnection) -> None:
    """A calendar just connected receives its member's upcoming interviews (on commit)."""
    upcoming = Participant.objects.filter(
        user_id=connection.user_id, active=True, starts_at__gt=timezone.now()
    ).of_members()
    for interview_id in upcoming.values_list("interview_id", flat=True).order_by("starts_at"):
        enqueue_on_commit(calendar_sync, str(interview_id))


@contextmanager
def _calendar_of(connection: CalendarConnection) -> Iterator[Any]:
    try:
        password = decrypt(connection.password_encrypted)
    except SecretUnreadable as exc:
        raise CalendarUnavailable(
            "The stored password can no longer be read; connect the calendar again."
        ) from exc
    with caldav_client.calendar_at(connection.calendar_url, connection.username, password) as cal:
        yield cal


def _record(connection: CalendarConnection, failure: CalendarUnavailable | None) -> None:
    now = timezone.now()
    if failure is None:
        CalendarConnection.objects.filter(pk=connection.pk).update(
            last_synced_at=now, last_error="", last_error_at=None
        )
    else:
        CalendarConnection.objects.filter(pk=connection.pk).update(
            last_error=str(failure)[:300], last_error_at=now
        )


@transaction.atomic
def _write(seat: Participant, interview: Interview, ics: bytes) -> None:
    connection = seat.user.calendar_connection
    # One write per seat at a time: the seat's row stays locked until the event is recorded,
    # so a sync of a later change that wrote first is seen here, not overwritten.
    list(Participant.objects.select_for_update().filter(pk=seat.pk).values_list("pk"))
    written = CalendarEvent.objects.filter(participant=seat).first()
    if written is not None and written.sequence > interview.sequence:
        # A later sync of a later change already wrote it (two workers, two changes): this
        # older view of the interview must not overwrite it.
        return
    with _calendar_of(connection) as calendar:
        href = caldav_client.event_write(calendar, href=written.href if written else "", ics=ics)
    CalendarEvent.objects.update_or_create(
        participant=seat,
        defaults={"connection": connection, "href": href, "sequence": interview.sequence},
    )


@task
@retried
def calendar_sync(interview_id: str) -> int:
    """Write the interview to the calendar of each connected participant who is a member of
    its workspace, or remove it everywhere once cancelled. Returns how many were written."""
    interview = Interview.objects.select_related("created_by").filter(pk=interview_id).first()
    if interview is None:  # deleted: its rows went with it, and their removal is enqueued
        return 0
    written = CalendarEvent.objects.filter(participant__interview_id=interview_id)
    seats: list[Participant] = []
    if interview.status != Interview.Status.CANCELLED:
        seats = list(
            Participant.objects.filter(
                interview_id=interview_id, user__calendar_connection__isnull=False
            )
            .of_members()
            .select_related("user__calendar_connection")
            .order_by("created_at", "id")
        )
    with transaction.atomic():
        # Cancelled, or the seat's person is no longer a member: the event goes.
        written.exclude(participant__in=[seat.pk for seat in seats]).delete()
    if not seats:
        return 0
    ics = interview_stored_ics(interview)
    failures = []
    for seat in seats:
        try:
            _write(seat, interview, ics)
        except CalendarUnavailable as exc:
            logger.warning("calendar of %s: %s", seat.user_id, exc)
            _record(seat.user.calendar_connection, exc)
            failures.append(exc)
        else:
            _record(seat.user.calendar_connection, None)
    if failures:
        raise failures[0]
    return len(seats)


@task
@retried
def calendar_remove(connection_id: str, href: str) -> None:
    """Remove one event from a connected calendar."""
    connection = CalendarConnection.objects.filter(pk=connection_id).first()
    if connection is None:  # disconnected since: the calendar is no longer ours to change
        return
    if CalendarEvent.objects.filter(connection=connection, href=href).exists():
        return  # written again since (a participant removed and added back)
    try:
        with _calendar_of(connection) as calendar:
            caldav_client.event_delete(calendar, href=href)
    except CalendarUnavailable as exc:
        _record(connection, exc)
        raise
    _record(connection, None)


def _event_deleted(sender: Any, instance: CalendarEvent, origin: Any = None, **kwargs: Any) -> None:
    # A disconnection or an account deletion leaves the calendar as it is.
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    if model in (CalendarConnection, User):
        return
    enqueue_on_commit(calendar_remove, str(instance.connection_id), instance.href)


def connected_busy(people: list[User], start: dt.datetime, end: dt.datetime) -> dict[Any, Any]:
    """A busy source of the slots: the events of each person's connected calendar between
    ``start`` and ``end``. A calendar that fails counts as free and is logged, as a
    busy-calendar URL does."""
    busy = {}
    for connection in CalendarConnection.objects.filter(user__in=people).order_by("id"):
        try:
            with _calendar_of(connection) as calendar:
                busy[connection.user_id] = caldav_client.events_between(calendar, start, end)
        except CalendarUnavailable as exc:
            logger.warning("busy times of calendar %s unreadable: %s", connection.pk, exc)
    return busy


def user_connection_export(user: User) -> list[dict[str, Any]]:
    """The member's connection in their account-data download: where, as whom, since when;
    never the password."""
    rows = CalendarConnection.objects.filter(user=user).values(
        "calendar_url", "calendar_name", "username", "created_at", "last_synced_at"
    )
    return [dict(row) for row in rows]


def connect() -> None:
    """Wire the receiver and register the listener, the busy source and the account-data
    section (``IntegrationsConfig``)."""
    post_delete.connect(_event_deleted, sender=CalendarEvent, dispatch_uid="calendar_sync")
    registry.add_activity_listener(on_activity)
    registry.add_busy_source(connected_busy)
    registry.add_user_data(UserData(name="calendar_connection", export=user_connection_export))
