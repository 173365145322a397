"""Free slots for a panel (``interviews/slots.py``): median time and query count.

Builds (or reuses, by name) a workspace on PostgreSQL with 5 interviewers in different time
zones (weekdays 09:00-17:00 in their zone, at most 4 interviews a day and 15 a week) and
``--interviews`` existing interviews (default 2,000) spread over a year around the searched
4 weeks, each held by one or two of the panel (plus an observer seat on some), none
overlapping. Then times ``free_slots`` for the whole panel, 60 minutes, over the 4 weeks, in
process, and counts its queries; the floor is the bare SQL of its largest read (the panel's
active seats around the range), run in the same process. The same search runs on a
workspace a tenth the size, to show the query count does not grow with the data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/it_booking_bench \\
        .venv/bin/python -m bench slots --interviews 2000
"""

import argparse
import datetime as dt
import random
from typing import Any

from bench.common import machine, measure, print_table, ratio, require_postgresql, setup_django

ZONES = ["Europe/London", "Europe/Berlin", "UTC", "Europe/Paris", "Europe/Lisbon"]
PANEL = len(ZONES)
# The searched range: four weeks from a Monday, a year of data around it.
RANGE_START = dt.datetime(2031, 3, 3, 0, 0, tzinfo=dt.UTC)
RANGE = dt.timedelta(weeks=4)
SPREAD = dt.timedelta(weeks=52)


def workspace_name(interviews: int) -> str:
    return f"bench-slots-{interviews}"


def ensure(interviews: int, seed: int) -> list[Any]:
    """The panel of the workspace of this size, built unless it exists."""
    from django.core.management import call_command

    from interview_tracker.models import User, Workspace

    call_command("migrate", verbosity=0)
    name = workspace_name(interviews)
    workspace = Workspace.objects.filter(name=name).first()
    if workspace is None:
        workspace = build(name, interviews, seed)
    return list(
        User.objects.filter(email__startswith=f"{name}-panel-", memberships__workspace=workspace)
        .order_by("email")
        .distinct()
    )


def build(name: str, interviews: int, seed: int) -> Any:
    from django.db import transaction

    from candidates.models import Candidate
    from interview_tracker.models import Membership, Role, User, Workspace, WorkspaceKind
    from interviews.models import Availability, Interview, Participant

    rng = random.Random(seed)
    with transaction.atomic():
        workspace = Workspace.objects.create(name=name, kind=WorkspaceKind.HIRING)
        panel = [
            User.objects.create_user(email=f"{name}-panel-{i}@bench.example.com", time_zone=zone)
            for i, zone in enumerate(ZONES)
        ]
        observer = User.objects.create_user(email=f"{name}-observer@bench.example.com")
        for user in [*panel, observer]:
            Membership.objects.create(user=user, workspace=workspace, role=Role.INTERVIEWER)
        Availability.objects.bulk_create(
            Availability(user=user, max_interviews_per_day=4, max_interviews_per_week=15)
            for user in panel
        )
        candidate = Candidate.objects.create(workspace=workspace, name="Bench", email="b@b.b")
        # Whole hours on weekdays, 08:00-17:00 UTC, a year around the range; each interviewer
        # holds an hour at most once (the exclusion constraint forbids overlaps).
        first = RANGE_START - SPREAD / 2
        hours = [
            first + dt.timedelta(days=day, hours=hour)
            for day in range(SPREAD.days)
            for hour in range(8, 17)
            if (first + dt.timedelta(days=day)).weekday() < 5
        ]
        taken: dict[Any, set[dt.datetime]] = {user.pk: set() for user in panel}
        rows, seats = [], []
        while len(rows) < interviews:
            start = rng.choice(hours)
            people = [
                u for u in rng.sample(panel, rng.choice([1, 1, 2])) if start not in taken[u.pk]
            ]
            if not people:
                continue
            interview = Interview(
                workspace=workspace, candidate=candidate, scheduled_at=start, title="Bench round"
            )
            rows.append(interview)
            for user in people:
                taken[user.pk].add(start)
                seats.append((interview, user, Participant.Role.INTERVIEWER))
            if rng.random() < 0.2:
                seats.append((interview, observer, Participant.Role.OBSERVER))
        Interview.objects.bulk_create(rows, batch_size=1000)
        Participant.objects.bulk_create(
            (
                Participant(interview=interview, user=user, role=role, **interview.seat_window)
                for interview, user, role in seats
            ),
            batch_size=1000,
        )
    return workspace


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench slots", description=__doc__)
    parser.add_argument("--interviews", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    setup_django()
    require_postgresql()
    from zoneinfo import ZoneInfo

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from interviews.slots import free_slots

    end = RANGE_START + RANGE
    week = dt.timedelta(days=8)
    seats_sql = (
        "SELECT user_id, role, starts_at, ends_at FROM interviews_participant "
        "WHERE user_id = ANY(%s) AND active AND starts_at < %s AND ends_at > %s"
    )
    rows = []
    for size in sorted({max(1, args.interviews // 10), args.interviews}):
        panel = ensure(size, args.seed)

        def search(panel: list[Any] = panel) -> list[dt.datetime]:
            return free_slots(
                people=panel,
                duration=dt.timedelta(minutes=60),
                start=RANGE_START,
                end=end,
                zone=ZoneInfo("Europe/Berlin"),
            )

        def floor(panel: list[Any] = panel) -> None:
            with connection.cursor() as cursor:
                cursor.execute(seats_sql, [[u.pk for u in panel], end + week, RANGE_START - week])
                cursor.fetchall()

        with CaptureQueriesContext(connection) as queries:
            found = search()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM interviews_participant WHERE user_id = ANY(%s) AND active "
                "AND starts_at < %s AND ends_at > %s",
                [[u.pk for u in panel], end + week, RANGE_START - week],
            )
            (seats_read,) = cursor.fetchone()
        timing = measure(search, repeat=args.repeat, warmup=2)
        bare = measure(floor, repeat=args.repeat, warmup=2)
        rows.append(
            [
                size,
                seats_read,
                len(found),
                len(queries),
                f"{timing.median_ms:.2f}",
                f"{timing.p95_ms:.2f}",
                f"{bare.median_ms:.2f}",
                f"{ratio(timing, bare):.1f}x",
            ]
        )
    print(
        f"{machine()}; panel of {PANEL}, 60 minutes, 4 weeks from {RANGE_START.date()}; "
        f"{args.repeat} runs after 2 warm-ups"
    )
    print_table(
        [
            "interviews",
            "seats read",
            "slots found",
            "queries",
            "median ms",
            "p95 ms",
            "seats SQL ms",
            "ratio",
        ],
        rows,
    )
    return 0
