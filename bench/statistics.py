"""Statistics endpoints on a large workspace (PostgreSQL): median latency, ratio to bare SQL.

Builds (or reuses) a workspace with ``--positions`` positions (default 100,000),
``--interviews`` interviews (default 300,000), their status history, candidates, required
skills, interviewer seats and feedback, loaded with COPY. Then, for every statistics endpoint,
times the selector *in-process* plus its response serializer (what the view does, without HTTP),
and the bare SQL of that endpoint's main aggregate in the same process, and prints the table.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/it_analytics \\
        .venv/bin/python -m bench statistics --positions 10000 --interviews 30000
"""

import argparse
import datetime as dt
import itertools
import json
import random
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from bench.common import (
    copy_rows,
    machine,
    measure,
    print_table,
    ratio,
    require_postgresql,
    setup_django,
)

WORKSPACE_PREFIX = "bench-statistics"
FORWARD = ["applied", "screening", "interviewing", "offer", "hired"]
# Current status of generated positions/candidates, weighted like a real search.
STATUS_WEIGHTS = {
    "applied": 35,
    "screening": 12,
    "interviewing": 13,
    "offer": 4,
    "hired": 2,
    "rejected": 28,
    "withdrawn": 6,
}
SOURCES = ["linkedin", "referral", "company site", "job board", "recruiter", ""]
KINDS = ["phone_screen", "technical", "coding", "system_design", "behavioral", "hr", "final"]


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench statistics", description=__doc__)
    parser.add_argument("--positions", type=int, default=100_000)
    parser.add_argument("--interviews", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per endpoint")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--no-jit",
        action="store_true",
        help="SET jit = off for the session (PostgreSQL's JIT compiles costly statements)",
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="drop the benchmark workspace of this size first"
    )
    return parser.parse_args(argv)


def defaults(model: Any, skip: set[str] = frozenset()) -> dict[str, Any]:  # type: ignore[assignment]
    """Database values for every column of ``model`` that a row does not set itself (a
    generated column is the database's to fill)."""
    values: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.column in skip or field.generated:
            continue
        if field.has_default():
            value = field.get_default()
            values[field.column] = json.dumps(value) if isinstance(value, list | dict) else value
        elif field.null:
            values[field.column] = None
        else:
            values[field.column] = ""
    return values


def load(model: Any, rows: Iterator[dict[str, Any]]) -> int:
    """COPY dict rows (column → value) into ``model``, filling the other columns' defaults."""
    base = defaults(model, skip={"id"} if model._meta.auto_created else set())
    columns = list(base)
    return copy_rows(model, ({**base, **row}.values() for row in rows), columns)


def history_path(status: str, rng: random.Random) -> list[str]:
    """The statuses a record went through to reach ``status`` (from applied)."""
    if status in FORWARD:
        return FORWARD[: FORWARD.index(status) + 1]
    stop = rng.randint(1, 3)  # rejected or withdrawn after applied .. interviewing
    return [*FORWARD[:stop], status]


def build(args: argparse.Namespace) -> tuple[Any, Any]:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from candidates.models import Candidate
    from interview_tracker.models import Membership, Role, StatusChange, User, Workspace
    from interviews.models import Feedback, Interview, Participant
    from positions.models import Company, Position, Skill

    rng = random.Random(args.seed)
    name = f"{WORKSPACE_PREFIX}-{args.positions}-{args.interviews}"
    owner, _ = User.objects.get_or_create(email="bench-owner@example.com")
    existing = Workspace.objects.filter(name=name).first()
    if existing and not args.rebuild:
        print(f"Reusing workspace {name!r} (pass --rebuild to build it again).")
        return owner, existing
    if existing:
        drop(existing)
    started = time.perf_counter()
    now = timezone.now()
    today = timezone.localdate()
    position_ct = ContentType.objects.get_for_model(Position).pk
    candidate_ct = ContentType.objects.get_for_model(Candidate).pk
    with transaction.atomic():
        workspace = Workspace.objects.create(name=name)
        Membership.objects.create(user=owner, workspace=workspace, role=Role.OWNER)
        interviewers = []
        for i in range(12):
            user, _ = User.objects.get_or_create(email=f"bench-interviewer-{i}@example.com")
            Membership.objects.create(user=user, workspace=workspace, role=Role.INTERVIEWER)
            interviewers.append(user.pk)
        companies = Company.objects.bulk_create(
            Company(workspace=workspace, name=f"Company {i:04d}") for i in range(1000)
        )
        skills = Skill.objects.bulk_create(
            Skill(workspace=workspace, name=f"Skill {i:02d}") for i in range(60)
        )
        statuses = list(STATUS_WEIGHTS)
        weights = list(STATUS_WEIGHTS.values())
        positions: list[tuple[uuid.UUID, dt.date, str]] = []

        def position_rows() -> Iterator[dict[str, Any]]:
            for i in range(args.positions):
                pk = uuid.uuid4()
                applied = today - dt.timedelta(days=rng.randint(0, 730))
                status = rng.choices(statuses, weights)[0]
                created = dt.datetime.combine(applied, dt.time(9), tzinfo=dt.UTC)
                positions.append((pk, applied, status))
                yield {
                    "id": pk,
                    "created_at": created,
                    "updated_at": min(now, created + dt.timedelta(days=rng.randint(0, 60))),
                    "workspace_id": workspace.pk,
                    "title": f"Engineer {i}",
                    "company_id": companies[rng.randrange(len(companies))].pk,
                    "source": rng.choice(SOURCES),
                    "application_date": applied,
                    "status": status,
                    "next_follow_up": applied + dt.timedelta(days=14) if i % 10 == 0 else None,
                }

        counts = {"positions": load(Position, position_rows())}
        counts["required skills"] = load(
            Position.required_skills.through,
            (
                {"position_id": pk, "skill_id": skill.pk}
                for pk, _, _ in positions
                for skill in rng.sample(skills, 2)
            ),
        )
        candidates: list[tuple[uuid.UUID, dt.date, str]] = []

        def candidate_rows() -> Iterator[dict[str, Any]]:
            for i in range(args.positions // 5):
                pk = uuid.uuid4()
                position_id, applied, _ = positions[rng.randrange(len(positions))]
                status = rng.choices(statuses, weights)[0]
                created = dt.datetime.combine(applied, dt.time(10), tzinfo=dt.UTC)
                candidates.append((pk, applied, status))
                yield {
                    "id": pk,
                    "created_at": created,
                    "updated_at": created,
                    "workspace_id": workspace.pk,
                    "name": f"Candidate {i}",
                    "email": f"candidate{i}@bench.example.com",
                    "position_id": position_id,
                    "source": rng.choice(SOURCES),
                    "status": status,
                }

        counts["candidates"] = load(Candidate, candidate_rows())

        def history_rows() -> Iterator[dict[str, Any]]:
            for content_type, records in ((position_ct, positions), (candidate_ct, candidates)):
                for pk, applied, status in records:
                    at = dt.datetime.combine(applied, dt.time(9), tzinfo=dt.UTC)
                    path = history_path(status, rng)
                    for previous, current in itertools.pairwise(path):
                        at += dt.timedelta(hours=rng.randint(12, 24 * 20))
                        yield {
                            "id": uuid.uuid4(),
                            "created_at": at,
                            "updated_at": at,
                            "workspace_id": workspace.pk,
                            "content_type_id": content_type,
                            "object_id": pk,
                            "from_status": previous,
                            "to_status": current,
                        }

        counts["status changes"] = load(StatusChange, history_rows())
        seats: list[tuple[uuid.UUID, int]] = []

        def interview_rows() -> Iterator[dict[str, Any]]:
            for i in range(args.interviews):
                pk = uuid.uuid4()
                position_id, applied, _ = positions[rng.randrange(len(positions))]
                at = dt.datetime.combine(applied, dt.time(14), tzinfo=dt.UTC) + dt.timedelta(
                    days=rng.randint(3, 60)
                )
                status = "scheduled" if at > now else rng.choice(["completed"] * 9 + ["cancelled"])
                outcome = {"scheduled": "pending", "cancelled": "cancelled"}.get(
                    status, rng.choice(["passed", "passed", "failed", "pending"])
                )
                if i % 3 == 0:
                    seats.append((pk, i))
                yield {
                    "id": pk,
                    "created_at": at - dt.timedelta(days=3),
                    "updated_at": at,
                    "workspace_id": workspace.pk,
                    "position_id": position_id,
                    "kind": rng.choice(KINDS),
                    "scheduled_at": at,
                    "status": status,
                    "outcome": outcome,
                }

        counts["interviews"] = load(Interview, interview_rows())
        counts["interviewer seats"] = load(
            Participant,
            (
                {
                    "id": uuid.uuid4(),
                    "created_at": now,
                    "updated_at": now,
                    "interview_id": pk,
                    "user_id": interviewers[i % len(interviewers)],
                    "role": "interviewer",
                }
                for pk, i in seats
            ),
        )
        counts["feedback"] = load(
            Feedback,
            (
                {
                    "id": uuid.uuid4(),
                    "created_at": now,
                    "updated_at": now,
                    "interview_id": pk,
                    "author_id": interviewers[i % len(interviewers)],
                    "rating": 1 + i % 5,
                }
                for pk, i in seats
                if i % 2 == 0
            ),
        )
    with connection.cursor() as cursor:
        # As autovacuum leaves a table after a bulk load: statistics, and the visibility map
        # that lets an index-only scan skip the heap (this server may run without autovacuum).
        cursor.execute("VACUUM ANALYZE")
    loaded = ", ".join(f"{n:,} {what}" for what, n in counts.items())
    print(f"Built {name!r} in {time.perf_counter() - started:.1f} s: {loaded}.")
    return owner, workspace


def drop(workspace: Any) -> None:
    """Delete a previous benchmark workspace with set-based deletes (the ORM's cascade would
    fetch every row)."""
    from django.db import connection, transaction

    tables = [
        (
            "interviews_feedback",
            "interview_id IN (SELECT id FROM interviews_interview WHERE workspace_id = %s)",
        ),
        (
            "interviews_participant",
            "interview_id IN (SELECT id FROM interviews_interview WHERE workspace_id = %s)",
        ),
        ("interviews_interview", "workspace_id = %s"),
        ("interview_tracker_statuschange", "workspace_id = %s"),
        ("interview_tracker_activityevent", "workspace_id = %s"),
        ("candidates_candidate", "workspace_id = %s"),
        (
            "positions_position_required_skills",
            "position_id IN (SELECT id FROM positions_position WHERE workspace_id = %s)",
        ),
        ("positions_position", "workspace_id = %s"),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for table, condition in tables:
            cursor.execute(f"DELETE FROM {table} WHERE {condition}", [workspace.pk])
    workspace.delete()


# The bare SQL of each endpoint's main aggregate: the floor its latency is compared to.
FLOORS = {
    "overview": """
        SELECT count(*), count(DISTINCT company_id),
               count(*) FILTER (WHERE status <> 'applied' OR EXISTS (
                   SELECT 1 FROM interviews_interview i WHERE i.position_id = p.id)),
               count(*) FILTER (WHERE status IN ('offer', 'hired'))
        FROM positions_position p WHERE workspace_id = %s""",
    "timeline": """
        SELECT date_trunc('month', application_date), count(*)
        FROM positions_position WHERE workspace_id = %s GROUP BY 1 ORDER BY 1""",
    "companies": """
        SELECT company_id, count(*), max(application_date),
               count(*) FILTER (WHERE status IN ('offer', 'hired'))
        FROM positions_position WHERE workspace_id = %s
        GROUP BY company_id ORDER BY 2 DESC""",
    "funnel": """
        SELECT k, percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FROM (
            SELECT from_status AS k, EXTRACT(EPOCH FROM created_at - lag(created_at)
                   OVER (PARTITION BY object_id ORDER BY created_at)) / 86400 AS v
            FROM interview_tracker_statuschange WHERE workspace_id = %s) s
        WHERE v IS NOT NULL GROUP BY k""",
    "sources": """
        SELECT source, count(*), count(*) FILTER (WHERE EXISTS (
            SELECT 1 FROM interviews_interview i WHERE i.position_id = p.id))
        FROM positions_position p WHERE workspace_id = %s GROUP BY source""",
    "interviewers": """
        SELECT pa.user_id, count(*), count(f.id), avg(f.rating)
        FROM interviews_participant pa
        JOIN interviews_interview i ON i.id = pa.interview_id
        LEFT JOIN interviews_feedback f
               ON f.interview_id = pa.interview_id AND f.author_id = pa.user_id
        WHERE i.workspace_id = %s AND pa.role = 'interviewer' GROUP BY pa.user_id""",
    "skill-gaps": """
        SELECT rs.skill_id, count(*) FROM positions_position_required_skills rs
        JOIN positions_position p ON p.id = rs.position_id
        WHERE p.workspace_id = %s AND p.status NOT IN ('hired', 'rejected', 'withdrawn')
        GROUP BY rs.skill_id ORDER BY 2 DESC""",
    "stale": """
        SELECT id, updated_at FROM positions_position
        WHERE workspace_id = %s AND status NOT IN ('hired', 'rejected', 'withdrawn')
          AND updated_at < now() - interval '14 days'
        ORDER BY updated_at LIMIT 50""",
}


def endpoints() -> dict[str, tuple[Callable[..., dict[str, Any]], Any]]:
    from analytics import selectors
    from analytics.api import serializers as s

    return {
        "overview": (selectors.overview, s.OverviewSerializer),
        "timeline": (selectors.timeline, s.TimelineSerializer),
        "companies": (selectors.companies, s.CompaniesSerializer),
        "funnel": (selectors.funnel, s.FunnelSerializer),
        "sources": (selectors.sources, s.SourcesSerializer),
        "interviewers": (selectors.interviewers, s.InterviewersSerializer),
        "skill-gaps": (selectors.skill_gaps, s.SkillGapsSerializer),
        "stale": (selectors.stale, s.StaleSerializer),
    }


def main(argv: list[str]) -> int:
    args = parse(argv)
    setup_django()
    require_postgresql()
    from django.core.management import call_command
    from django.db import connection

    from analytics.selectors import StatsFilters

    call_command("migrate", verbosity=0)
    owner, workspace = build(args)
    with connection.cursor() as cursor:
        if args.no_jit:
            cursor.execute("SET jit = off")
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
    filters = StatsFilters(workspace=workspace.pk)
    print(f"\nMachine: {machine()}; PostgreSQL {connection.pg_version}; jit = {jit}")
    print(
        f"Workspace: {args.positions:,} positions, {args.interviews:,} interviews. "
        f"Endpoint = selector + response serializer, in-process (no HTTP); "
        f"floor = bare SQL of its main aggregate; {args.repeat} runs after 1 warm-up.\n"
    )
    rows = []
    for name, (selector, serializer) in endpoints().items():

        def endpoint(selector: Any = selector, serializer: Any = serializer) -> Any:
            return serializer(selector(owner, filters)).data

        def floor(sql: str = FLOORS[name]) -> Any:
            with connection.cursor() as cursor:
                cursor.execute(sql, [workspace.pk])
                return cursor.fetchall()

        timing = measure(endpoint, repeat=args.repeat)
        base = measure(floor, repeat=args.repeat)
        rows.append(
            (name, timing.median_ms, timing.p95_ms, base.median_ms, f"{ratio(timing, base):.2f}x")
        )
    print_table(["endpoint", "median ms", "p95 ms", "bare SQL median ms", "ratio"], rows)
    return 0
