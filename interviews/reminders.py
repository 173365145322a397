"""Reminder e-mails (``manage.py send_reminders``): interviews starting soon, feedback overdue,
follow-ups due. Each reminder is recorded in SentReminder together with its outbox mail
(delivered by the task queue after commit), so a run that repeats (cron every few minutes)
never sends one twice; the unique constraint makes two concurrent runs safe too. A rescheduled
interview raises its ``sequence``, which is part of the reminder's key, so its participants hear
about the new time. A candidate without an account who booked the interview through a link is
reminded too, at their booking's address and in the zone they booked in.
"""

import datetime as dt
import logging
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from interview_tracker.mail import mail_queue, single_line
from interview_tracker.models import Membership, Role, User
from positions.models import Position

from . import selectors
from .calendar import Guest, booked_guests
from .models import Interview, Participant, SentReminder

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reminder:
    kind: str
    object_id: UUID
    # A member, or the candidate who booked through a link without an account.
    user: User | Guest
    key: str
    subject: str
    body: str

    @property
    def recipient(self) -> Any:
        """Who it was sent to, as ``SentReminder`` tells: a member's id, else the address."""
        return self.user.pk if isinstance(self.user, User) else self.user.email.lower()

    def record(self) -> SentReminder:
        """The row that remembers it was sent: by the member, or by the guest's address."""
        member = self.user if isinstance(self.user, User) else None
        email = "" if member else self.recipient
        return SentReminder(
            kind=self.kind, object_id=self.object_id, user=member, email=email, key=self.key
        )


def _when(moment: dt.datetime, user: User | Guest) -> str:
    return timezone.localtime(moment, timezone=_zone(user)).strftime("%a %d %b %Y, %H:%M %Z")


def _zone(user: User | Guest) -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(user.time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def _hello(user: User | Guest) -> str:
    name = user.get_full_name() if isinstance(user, User) else user.name
    return f"Hello {name or user.email},\n\n"


def _upcoming(interview: Interview, user: User | Guest) -> Reminder:
    place = interview.meeting_url or interview.location or interview.get_format_display()
    return Reminder(
        kind=SentReminder.Kind.UPCOMING,
        object_id=interview.pk,
        user=user,
        key=f"seq-{interview.sequence}",
        subject=single_line(f"Reminder: {interview} on {_when(interview.scheduled_at, user)}"),
        body=(
            f"{_hello(user)}“{interview}” starts {_when(interview.scheduled_at, user)} "
            f"({interview.duration_minutes} minutes).\nWhere: {place}\n"
        ),
    )


def upcoming_interviews(now: dt.datetime, within_hours: float) -> Iterable[Reminder]:
    soon = Interview.objects.filter(
        status=Interview.Status.SCHEDULED,
        scheduled_at__gte=now,
        scheduled_at__lte=now + dt.timedelta(hours=within_hours),
    )
    participants = (
        Participant.objects.filter(interview__in=soon)
        .of_members()
        .select_related("user", "interview")
        .order_by("interview__scheduled_at", "id")
    )
    for participant in participants:
        yield _upcoming(participant.interview, participant.user)
    # Candidates who booked through a link and take no part with an account.
    links = soon.filter(booking_links__booked_at__isnull=False).distinct()
    booked = list(links.order_by("scheduled_at", "id"))
    guests = booked_guests([interview.pk for interview in booked])
    for interview in booked:
        if interview.pk in guests:
            yield _upcoming(interview, guests[interview.pk])


def feedback_overdue() -> Iterable[Reminder]:
    for participant in selectors.feedback_overdue():
        interview, user = participant.interview, participant.user
        yield Reminder(
            kind=SentReminder.Kind.FEEDBACK_OVERDUE,
            object_id=interview.pk,
            user=user,
            key="",
            subject=single_line(f"Feedback overdue: {interview}"),
            body=(
                f"{_hello(user)}“{interview}” ({_when(interview.scheduled_at, user)}) is completed "
                "and your scorecard is still missing. Please submit it while the interview is "
                "fresh.\n"
            ),
        )


def follow_ups_due(today: dt.date) -> Iterable[Reminder]:
    positions = list(
        Position.objects.follow_ups_due(today)
        .select_related("company")
        .order_by("next_follow_up", "id")
    )
    owners: dict[UUID, list[User]] = {}
    memberships = Membership.objects.filter(
        role=Role.OWNER, workspace_id__in={p.workspace_id for p in positions}
    ).select_related("user")
    for membership in memberships:
        owners.setdefault(membership.workspace_id, []).append(membership.user)
    for position in positions:
        assert position.next_follow_up is not None
        for user in owners.get(position.workspace_id, []):
            yield Reminder(
                kind=SentReminder.Kind.FOLLOW_UP,
                object_id=position.pk,
                user=user,
                key=position.next_follow_up.isoformat(),
                subject=single_line(f"Follow up: {position.title} at {position.company.name}"),
                body=(
                    f"{_hello(user)}A follow-up on “{position.title}” at {position.company.name} "
                    f"was due on {position.next_follow_up:%d %b %Y} (status: {position.status}).\n"
                ),
            )


def reminders_due(now: dt.datetime, within_hours: float) -> list[Reminder]:
    """Every reminder due now that was never sent."""
    candidates = [
        *upcoming_interviews(now, within_hours),
        *feedback_overdue(),
        *follow_ups_due(timezone.localdate(now)),
    ]
    if not candidates:
        return []
    condition = Q()
    for kind in {r.kind for r in candidates}:
        ids = {r.object_id for r in candidates if r.kind == kind}
        condition |= Q(kind=kind, object_id__in=ids)
    sent = {
        (kind, object_id, user_id or email.lower(), key)
        for kind, object_id, user_id, email, key in SentReminder.objects.filter(
            condition
        ).values_list("kind", "object_id", "user_id", "email", "key")
    }
    return [r for r in candidates if (r.kind, r.object_id, r.recipient, r.key) not in sent]


def reminders_send(
    *, now: dt.datetime, within_hours: float, dry_run: bool = False
) -> list[Reminder]:
    """Send the reminders due, each on its own; returns those sent (a dry run: those due)."""
    due = reminders_due(now, within_hours)
    if dry_run:
        return due
    with transaction.atomic():
        SentReminder.objects.bulk_create([r.record() for r in due])
        # Into the outbox with the records: the queue delivers them after commit, retrying
        # while the mail server is down, so a recorded reminder is never a lost one.
        for r in due:
            mail_queue(
                to=r.user.email,
                subject=r.subject,
                body=r.body,
                key=f"reminder:{r.kind}:{r.object_id}:{r.recipient}:{r.key}",
            )
    return due
