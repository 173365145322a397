"""iCalendar files and the e-mails that carry them.

One VEVENT per interview: the UID never changes, SEQUENCE rises on every reschedule and on
cancellation (calendar apps then update the event they already have), DTSTART carries the
organiser's time zone with its VTIMEZONE.
"""

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import icalendar
from django.conf import settings
from django.db.models.functions import Lower
from django.utils import timezone

from interview_tracker.mail import Attachment, mail_queue
from interview_tracker.models import User

from .models import BookingLink, Interview, Participant

PRODID = "-//Interview Tracker//interviews//EN"
# Who must come (RFC 5545 ROLE): observers are welcome, not required.
ATTENDEE_ROLES = {
    Participant.Role.INTERVIEWER: "REQ-PARTICIPANT",
    Participant.Role.CANDIDATE: "REQ-PARTICIPANT",
    Participant.Role.OBSERVER: "OPT-PARTICIPANT",
}


def _organiser_zone(interview: Interview) -> zoneinfo.ZoneInfo:
    name = interview.created_by.time_zone if interview.created_by else settings.TIME_ZONE
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


@dataclass(frozen=True)
class Guest:
    """An attendee without an account: the candidate who chose the time through a booking
    link. Addressed like a user (``pk``, ``email``, ``time_zone``)."""

    pk: Any
    email: str
    name: str
    time_zone: str

    def __str__(self) -> str:
        return self.name or self.email


def booked_guests(interview_ids: Iterable[Any]) -> dict[Any, Guest]:
    """{interview id: its candidate} for the interviews the candidate booked through a link
    (in the zone of their latest booking), unless they take part with an account: their seat
    then already makes them an attendee. Two queries for any number of interviews; invitations
    and reminders both ask this."""
    bookings = (
        BookingLink.objects.filter(interview_id__in=interview_ids, booked_at__isnull=False)
        .order_by("interview_id", "-booked_at", "id")
        .values_list(
            "interview_id",
            "interview__candidate_id",
            "interview__candidate__email",
            "interview__candidate__name",
            "time_zone",
        )
    )
    latest: dict[Any, tuple[Any, str, str, str]] = {}  # newest booking first
    for interview_id, candidate_id, email, name, zone in bookings:
        if email:  # a candidate with an address
            latest.setdefault(interview_id, (candidate_id, email, name, zone))
    seated = set(
        Participant.objects.filter(interview_id__in=list(latest))
        .annotate(address=Lower("user__email"))
        .values_list("interview_id", "address")
    )
    return {
        interview_id: Guest(pk=candidate_id, email=email, name=name, time_zone=zone or "UTC")
        for interview_id, (candidate_id, email, name, zone) in latest.items()
        if (interview_id, email.lower()) not in seated
    }


def booked_guest(interview: Interview) -> Guest | None:
    """``booked_guests`` of one interview."""
    return booked_guests([interview.pk]).get(interview.pk)


# Every UID ends so: a calendar's events that came from us can be told apart.
UID_SUFFIX = "@interview-tracker"


def uid_of(interview: Interview) -> str:
    return f"{interview.pk}{UID_SUFFIX}"


def _attendee(email: str, name: str, role: str, schedule_agent: str) -> icalendar.vCalAddress:
    attendee = icalendar.vCalAddress(f"mailto:{email}")
    attendee.params["cn"] = name
    attendee.params["cutype"] = "INDIVIDUAL"
    attendee.params["role"] = role
    # Nobody has answered through us: each client asks its attendee to accept or decline.
    attendee.params["partstat"] = "NEEDS-ACTION"
    attendee.params["rsvp"] = "TRUE"
    if schedule_agent:
        attendee.params["schedule-agent"] = schedule_agent
    return attendee


# The interview's fields the event shows (besides its time, status and participants): an
# edit of any other (notes, scorecard text) leaves every calendar as it is.
EVENT_FIELDS = frozenset({"title", "kind", "format", "duration_minutes", "location", "meeting_url"})


def _event(
    interview: Interview,
    seats: Iterable[Participant] = (),
    guests: Iterable[Guest] = (),
    *,
    schedule_agent: str = "",
) -> icalendar.Event:
    zone = _organiser_zone(interview)
    start = interview.scheduled_at.astimezone(zone)
    event = icalendar.Event()
    event.add("uid", uid_of(interview))
    event.add("sequence", interview.sequence)
    event.add("dtstamp", timezone.now().astimezone(dt.UTC))
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=interview.duration_minutes))
    event.add("summary", str(interview))
    if interview.location:
        event.add("location", interview.location)
    if interview.meeting_url:
        event.add("url", interview.meeting_url)
    description = [f"{interview.get_kind_display()} interview, {interview.get_format_display()}"]
    if interview.meeting_url:
        description.append(f"Join: {interview.meeting_url}")
    event.add("description", "\n".join(description))
    cancelled = interview.status == Interview.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if interview.created_by:
        organiser = icalendar.vCalAddress(f"mailto:{interview.created_by.email}")
        organiser.params["cn"] = str(interview.created_by)
        if schedule_agent:
            organiser.params["schedule-agent"] = schedule_agent
        event.add("organizer", organiser)
    for seat in seats:
        role = ATTENDEE_ROLES[Participant.Role(seat.role)]
        event.add("attendee", _attendee(seat.user.email, str(seat.user), role, schedule_agent))
    for guest in guests:
        role = ATTENDEE_ROLES[Participant.Role.CANDIDATE]
        event.add("attendee", _attendee(guest.email, str(guest), role, schedule_agent))
    return event


def _calendar(events: Iterable[icalendar.Event], method: str | None) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    for event in events:
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal


def _interview_event(
    interview: Interview, guest: Guest | None = None, *, schedule_agent: str = ""
) -> icalendar.Event:
    seats = Participant.objects.filter(interview=interview).select_related("user")
    guest = guest or booked_guest(interview)
    return _event(
        interview,
        seats.order_by("created_at", "id"),
        [guest] if guest else [],
        schedule_agent=schedule_agent,
    )


def interview_ics(interview: Interview, guest: Guest | None = None) -> bytes:
    """One interview with an ATTENDEE per participant and for the candidate who booked it
    through a link (``guest``, looked up when not given); needs ``created_by`` selected.
    METHOD:CANCEL once cancelled, with the same UID and a higher SEQUENCE."""
    cancelled = interview.status == Interview.Status.CANCELLED
    method = "CANCEL" if cancelled else "REQUEST"
    return _calendar([_interview_event(interview, guest)], method).to_ical()


def interview_stored_ics(interview: Interview) -> bytes:
    """The same event as a calendar server keeps it (CalDAV sync): no METHOD (a stored
    calendar object has none), and SCHEDULE-AGENT=CLIENT on the organiser and each attendee
    so that a server doing scheduling sends no invitations of its own: ours go by e-mail."""
    event = _interview_event(interview, schedule_agent="CLIENT")
    return _calendar([event], None).to_ical()


def feed_ics(interviews: Iterable[Interview], name: str) -> bytes:
    """A subscription feed (METHOD:PUBLISH, as subscribed calendars expect)."""
    cal = _calendar((_event(interview) for interview in interviews), "PUBLISH")
    cal.add("x-wr-calname", name)
    return cal.to_ical()


def interview_mail_queue(
    *,
    interview: Interview,
    recipients: Sequence[User | Guest],
    subject: str,
    intro: str,
    key: str,
    guest: Guest | None = None,
) -> None:
    """One e-mail per recipient with the .ics attached, written to the outbox under
    ``<key>:<user id>`` so a task that runs twice queues each mail once."""
    if not recipients:
        return
    ics = interview_ics(interview, guest).decode()
    cancelled = interview.status == Interview.Status.CANCELLED
    attachment = Attachment(
        filename="interview.ics",
        content=ics,
        mimetype=f"text/calendar; method={'CANCEL' if cancelled else 'REQUEST'}; charset=utf-8",
    )
    for user in recipients:
        zone = zoneinfo.ZoneInfo(user.time_zone or "UTC")
        when = interview.scheduled_at.astimezone(zone).strftime("%A %d %B %Y, %H:%M %Z")
        lines = [
            intro,
            "",
            f"{interview}: {when} ({interview.duration_minutes} minutes)",
        ]
        if interview.location:
            lines.append(f"Where: {interview.location}")
        if interview.meeting_url:
            lines.append(f"Join: {interview.meeting_url}")
        lines += ["", "The calendar file is attached."]
        mail_queue(
            to=user.email,
            subject=subject,
            body="\n".join(lines),
            attachments=[attachment],
            key=f"{key}:{user.pk}",
        )
