"""Free interview times: weekly hours, caps, booked interviews and external busy calendars.

Every person's hours are read in their own time zone (``zoneinfo``, so a 09:00 start stays
09:00 across a daylight-saving change) and the answer is on a 15-minute grid in the requester's
zone. The database is read three times whatever the number of people or interviews: the people,
their availability, and their active seats (``participant_busy_idx``); each registered busy
source (``registry.busy_sources``: connected CalDAV calendars) adds its own reads.
"""

import bisect
import datetime as dt
import itertools
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, cast
from zoneinfo import ZoneInfo

import icalendar
from dateutil.rrule import rrulestr
from django.db import models

from interview_tracker.errors import ValidationFailed
from interview_tracker.extensions import registry
from interview_tracker.models import MANAGER_ROLES, Membership, User
from interview_tracker.outbound import OutboundRefused, request

from .calendar import UID_SUFFIX
from .models import WEEKDAYS, Availability, Participant, default_weekly_hours

logger = logging.getLogger(__name__)

GRID = dt.timedelta(minutes=15)
# A slot search spans at most this long: the grid and the busy calendars stay small.
MAX_RANGE = dt.timedelta(days=62)
HOURS_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24):([0-5]\d)$")

Window = tuple[dt.time, dt.time | None]


def parse_weekly_hours(value: Any) -> dict[str, list[Window]]:
    """``{"monday": ["09:00-12:00", …], …}`` as time pairs (an end of 24:00 is None, the
    day's end); ValidationFailed names each bad entry."""
    if not isinstance(value, dict):
        raise ValidationFailed({"weekly_hours": "Give an object keyed monday … sunday."})
    errors: dict[str, str] = {}
    unknown = set(value) - set(WEEKDAYS)
    for day in sorted(unknown):
        errors[f"weekly_hours.{day}"] = "Not a day of the week (monday … sunday)."
    parsed: dict[str, list[Window]] = {}
    for day in WEEKDAYS:
        entries = value.get(day, [])
        if not isinstance(entries, list):
            errors[f"weekly_hours.{day}"] = 'Give a list of "HH:MM-HH:MM" ranges.'
            continue
        windows: list[Window] = []
        for index, entry in enumerate(entries):
            match = HOURS_RE.match(entry) if isinstance(entry, str) else None
            start = end = None
            if match:
                start = dt.time(int(match[1]), int(match[2]))
                end = None if match[3] == "24" else dt.time(int(match[3]), int(match[4]))
            if match is None or start is None or (end is not None and end <= start):
                errors[f"weekly_hours.{day}.{index}"] = (
                    'Write a range such as "09:00-17:00", the end after the start.'
                )
                continue
            if match[3] == "24" and match[4] != "00":
                errors[f"weekly_hours.{day}.{index}"] = "The day ends at 24:00."
                continue
            windows.append((start, end))
        parsed[day] = sorted(windows, key=lambda window: window[0])
    if errors:
        raise ValidationFailed(errors)
    return parsed


def managed_people(requester: Any) -> "models.QuerySet[User]":
    """People whose availability ``requester`` may read: themselves, and the members of the
    workspaces they manage (owner or recruiter)."""
    managed = Membership.objects.filter(user=requester, role__in=list(MANAGER_ROLES)).values(
        "workspace_id"
    )
    return User.objects.filter(
        models.Q(pk=requester.pk)
        | models.Q(pk__in=Membership.objects.filter(workspace_id__in=managed).values("user_id"))
    )


def availability_of(user: User) -> Availability:
    """The saved availability, or the default one (unsaved) for someone who never set it."""
    saved = Availability.objects.filter(user=user).first()
    return saved or Availability(user=user, weekly_hours=default_weekly_hours())


@dataclass
class Person:
    user_id: Any
    zone: ZoneInfo
    hours: dict[str, list[Window]]
    max_per_day: int | None
    max_per_week: int | None
    busy: list[tuple[dt.datetime, dt.datetime]] = field(default_factory=list)
    # Laid out by ``prepare``, all in UTC: comparing datetimes of one tzinfo compares their
    # fields, while mixed zones ask each zone its offset on every comparison (most of the
    # search's time before).
    opens: list[dt.datetime] = field(default_factory=list)
    closed_by: list[dt.datetime] = field(default_factory=list)
    busy_starts: list[dt.datetime] = field(default_factory=list)
    busy_until: list[dt.datetime] = field(default_factory=list)
    per_day: Counter[dt.date] = field(default_factory=Counter)
    per_week: Counter[tuple[int, int]] = field(default_factory=Counter)

    def add_busy(self, start: dt.datetime, end: dt.datetime) -> None:
        self.busy.append((start.astimezone(dt.UTC), end.astimezone(dt.UTC)))

    def count_interview(self, start: dt.datetime) -> None:
        local = start.astimezone(self.zone).date()
        self.per_day[local] += 1
        self.per_week[local.isocalendar()[:2]] += 1

    def prepare(self, start: dt.datetime, end: dt.datetime) -> None:
        """Lay the weekly hours out on the calendar from ``start`` to ``end``, and the busy
        times in order, once: each grid point then asks two bisections."""
        self.busy.sort()
        self.busy_starts = [busy_start for busy_start, _ in self.busy]
        # The latest end of the busy times started so far: [start, end) is free exactly when
        # those starting before ``end`` all ended by ``start``.
        self.busy_until = list(itertools.accumulate((e for _, e in self.busy), max))
        windows = []
        day = start.astimezone(self.zone).date() - dt.timedelta(days=1)
        last = end.astimezone(self.zone).date() + dt.timedelta(days=1)
        while day <= last:
            for window_start, window_end in self.hours[WEEKDAYS[day.weekday()]]:
                closes_on, closes_at = (
                    (day + dt.timedelta(days=1), dt.time(0))
                    if window_end is None
                    else (day, window_end)
                )
                opens = dt.datetime.combine(day, window_start, tzinfo=self.zone)
                closes = dt.datetime.combine(closes_on, closes_at, tzinfo=self.zone)
                windows.append((opens.astimezone(dt.UTC), closes.astimezone(dt.UTC)))
            day += dt.timedelta(days=1)
        # Windows that touch or overlap are one stretch of hours ("09:00-12:00" and
        # "12:00-17:00", or an evening running into the next morning): an interview may span
        # them. The stretches are then apart and in order, and [start, end) is in hours
        # exactly when the last stretch opened by ``start`` closes at or after ``end``.
        stretches: list[list[dt.datetime]] = []
        for opens, closes in sorted(windows):
            if stretches and opens <= stretches[-1][1]:
                stretches[-1][1] = max(stretches[-1][1], closes)
            else:
                stretches.append([opens, closes])
        self.opens = [opens for opens, _ in stretches]
        self.closed_by = [closes for _, closes in stretches]

    def in_hours(self, start: dt.datetime, end: dt.datetime) -> bool:
        opened = bisect.bisect_right(self.opens, start)
        return opened > 0 and self.closed_by[opened - 1] >= end

    def next_opening(self, after: dt.datetime) -> dt.datetime | None:
        """When the next window opens after ``after`` (no time between is in hours)."""
        opened = bisect.bisect_right(self.opens, after)
        return self.opens[opened] if opened < len(self.opens) else None

    def under_caps(self, start: dt.datetime) -> bool:
        day = start.astimezone(self.zone).date()
        if self.max_per_day is not None and self.per_day[day] >= self.max_per_day:
            return False
        return not (
            self.max_per_week is not None
            and self.per_week[day.isocalendar()[:2]] >= self.max_per_week
        )

    def free(self, start: dt.datetime, end: dt.datetime) -> bool:
        started = bisect.bisect_left(self.busy_starts, end)
        return started == 0 or self.busy_until[started - 1] <= start


def busy_times(url: str, start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, ...]]:
    """The busy intervals the ICS calendar at ``url`` holds between ``start`` and ``end``; an
    unreachable or unreadable calendar counts as free, and is logged, so one member's broken
    link never hides everyone's slots."""
    try:
        response = request("GET", url)
        if response.status_code != 200:
            raise OutboundRefused(f"The calendar answered {response.status_code}.")
        calendar = icalendar.Calendar.from_ical(response.body)
    except (OutboundRefused, ValueError) as exc:
        logger.warning("busy calendar %s unreadable: %s", url, exc)
        return []
    return calendar_busy(calendar, start, end)


def calendar_busy(
    calendar: icalendar.Calendar, start: dt.datetime, end: dt.datetime
) -> list[tuple[dt.datetime, ...]]:
    """The busy intervals of a parsed calendar between ``start`` and ``end``: opaque events
    that are not cancelled, their recurrences, and VFREEBUSY periods. Events of our own
    interviews (written there by the calendar sync, or a subscribed feed) are left out: their
    seats count already, and the interview being moved must not block itself."""
    intervals: list[tuple[dt.datetime, ...]] = []
    for event in calendar.walk("VEVENT"):
        if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
            continue
        if str(event.get("UID", "")).endswith(UID_SUFFIX):
            continue
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        first = _aware(event.decoded("DTSTART"))
        if "DTEND" in event:
            length = _aware(event.decoded("DTEND")) - first
        else:
            length = event.decoded("DURATION") if "DURATION" in event else dt.timedelta(days=1)
        starts = [first]
        if "RRULE" in event:
            rule = rrulestr(cast(bytes, event["RRULE"].to_ical()).decode(), dtstart=first)
            starts = rule.between(start - length, end, inc=True)
        intervals.extend((s, s + length) for s in starts if s < end and s + length > start)
    for busy in calendar.walk("VFREEBUSY"):
        periods = busy.get("FREEBUSY", [])
        for prop in periods if isinstance(periods, list) else [periods]:
            for period_start, period_end in prop.dt if isinstance(prop.dt, list) else [prop.dt]:
                stop = (
                    period_end if isinstance(period_end, dt.datetime) else period_start + period_end
                )
                intervals.append((_aware(period_start), _aware(stop)))
    return intervals


def _aware(value: dt.date | dt.datetime) -> dt.datetime:
    """iCalendar values as aware datetimes: an all-day date is the whole UTC day, a floating
    time is read as UTC."""
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time(0), tzinfo=dt.UTC)
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def free_slots(
    *,
    people: list[User],
    duration: dt.timedelta,
    start: dt.datetime,
    end: dt.datetime,
    zone: ZoneInfo,
    moving: Any = None,
) -> list[dt.datetime]:
    """Start times in [start, end) when every one of ``people`` is inside their hours, under
    their caps and free, on a 15-minute grid of ``zone``'s clock, as times in ``zone``. The
    ``moving`` interview's own seats neither block nor count (it is the one being placed)."""
    saved = {a.user_id: a for a in Availability.objects.filter(user__in=people)}
    persons: dict[Any, Person] = {}
    for user in people:
        availability = saved.get(user.pk) or Availability(weekly_hours=default_weekly_hours())
        person = Person(
            user_id=user.pk,
            zone=ZoneInfo(user.time_zone),
            hours=parse_weekly_hours(availability.weekly_hours),
            max_per_day=availability.max_interviews_per_day,
            max_per_week=availability.max_interviews_per_week,
        )
        if availability.busy_calendar_url:
            for busy_start, busy_end in busy_times(availability.busy_calendar_url, start, end):
                person.add_busy(busy_start, busy_end)
        persons[user.pk] = person
    for source in registry.busy_sources:
        for user_id, calendar in source(people, start, end).items():
            for busy_start, busy_end in calendar_busy(calendar, start, end):
                persons[user_id].add_busy(busy_start, busy_end)
    # Caps count whole local days and ISO weeks, so read a week either side of the range.
    seats = Participant.objects.filter(
        user__in=people,
        active=True,
        starts_at__lt=end + dt.timedelta(days=8),
        ends_at__gt=start - dt.timedelta(days=8),
    )
    if moving is not None:
        seats = seats.exclude(interview_id=moving)
    rows = seats.values_list("user_id", "role", "starts_at", "ends_at")
    # An active seat always carries its interview's time (the services write both together).
    for user_id, role, seat_start, seat_end in cast(
        "list[tuple[Any, str, dt.datetime, dt.datetime]]", list(rows)
    ):
        persons[user_id].add_busy(seat_start, seat_end)
        if role == Participant.Role.INTERVIEWER:
            persons[user_id].count_interview(seat_start)
    for person in persons.values():
        person.prepare(start, end)
    slots = []
    candidate = _first_on_grid(start, zone)
    while candidate + duration <= end:
        finish = candidate + duration
        closed = next((p for p in persons.values() if not p.in_hours(candidate, finish)), None)
        if closed is not None:
            # Out of someone's hours: go straight to their next opening (on the grid).
            opening = closed.next_opening(candidate)
            if opening is None:
                break
            candidate = max(candidate + GRID, _first_on_grid(opening, zone))
            continue
        if all(p.under_caps(candidate) and p.free(candidate, finish) for p in persons.values()):
            slots.append(candidate.astimezone(zone))
        candidate += GRID
    return slots


def _first_on_grid(start: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The first quarter hour of ``zone``'s clock at or after ``start``, in UTC."""
    local = start.astimezone(zone)
    floor = local.replace(minute=local.minute - local.minute % 15, second=0, microsecond=0)
    first = floor.astimezone(dt.UTC)
    return first if first >= start else first + GRID


def slot_range(
    raw_from: str | None, raw_to: str | None, *, zone: ZoneInfo, now: dt.datetime
) -> tuple[dt.datetime, dt.datetime]:
    """The search range from the query: ISO dates (midnight in ``zone``; ``to`` counts its
    whole day) or datetimes (naive ones in ``zone``); default now → 14 days."""
    errors: dict[str, str] = {}
    start = _parse_bound(raw_from, zone, whole_day=False) if raw_from else now
    end = _parse_bound(raw_to, zone, whole_day=True) if raw_to else None
    if start is None:
        errors["from"] = "Give an ISO 8601 date or date and time."
    if raw_to and end is None:
        errors["to"] = "Give an ISO 8601 date or date and time."
    if start is None or errors:
        raise ValidationFailed(errors)
    end = end or start + dt.timedelta(days=14)
    if end <= start:
        raise ValidationFailed({"to": "End after the start."})
    if end - start > MAX_RANGE:
        raise ValidationFailed({"to": f"Search at most {MAX_RANGE.days} days at once."})
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def _parse_bound(raw: str, zone: ZoneInfo, *, whole_day: bool) -> dt.datetime | None:
    """The moment ``raw`` names, or None when it names none a search can use: not ISO 8601,
    or in the first or last year of the calendar (where UTC, the next day or the range would
    fall outside it)."""
    try:
        value = dt.datetime.fromisoformat(raw)
    except ValueError:
        return None
    if not dt.MINYEAR < value.year < dt.MAXYEAR:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    if whole_day and _is_date(raw):
        value += dt.timedelta(days=1)
    return value


def _is_date(raw: str) -> bool:
    """A date without a time (``2026-03-10``, ``20260310``): a ``to`` counts its whole day."""
    try:
        dt.date.fromisoformat(raw)
    except ValueError:
        return False
    return True
