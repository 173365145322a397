"""Benchmark datasets: a recruiting workspace of N candidates on PostgreSQL (reused by name).

Each candidate applies to one of ``max(500, candidates // 2)`` positions (50 companies), has
two interviews (one completed, one scheduled) and one scorecard on the completed one. The
owner logs in with ``OWNER_PASSWORD``. Rows are written with ``bulk_create`` in batches
inside one transaction.
"""

import datetime as dt
import random
from dataclasses import dataclass

OWNER_PASSWORD = "bench-owner-passphrase"
SOURCES = ["linkedin", "referral", "company site", "job board", "recruiter"]
STATUSES = ["applied", "screening", "interviewing", "offer", "hired", "rejected", "withdrawn"]
SENIORITIES = ["junior", "mid", "senior", "staff", "lead"]
TITLES = ["Backend Engineer", "Frontend Engineer", "Data Engineer", "SRE", "Product Designer"]


@dataclass(frozen=True)
class Dataset:
    workspace_id: str
    owner_email: str
    candidates: int
    positions: int


def workspace_name(candidates: int) -> str:
    return f"bench-api-{candidates}"


def ensure(candidates: int, *, rebuild: bool = False, seed: int = 7) -> Dataset:
    """The workspace of this size, built unless it exists (``rebuild`` drops it first)."""
    from django.core.management import call_command

    from interview_tracker.models import Workspace

    call_command("migrate", verbosity=0)  # a fresh database gets its tables; otherwise a no-op

    name = workspace_name(candidates)
    existing = Workspace.objects.filter(name=name).first()
    if existing is not None and rebuild:
        drop(existing)
        existing = None
    if existing is None:
        existing = build(name, candidates, seed)
    from positions.models import Position

    return Dataset(
        workspace_id=str(existing.id),
        owner_email=owner_email(candidates),
        candidates=candidates,
        positions=Position.objects.filter(workspace=existing).count(),
    )


def owner_email(candidates: int) -> str:
    return f"owner-{candidates}@bench.example.com"


def drop(workspace) -> None:
    from django.db import connection, transaction

    from candidates.models import Candidate
    from interview_tracker.models import ActivityEvent, StatusChange
    from interviews.models import Interview
    from positions.models import Company, Position

    with transaction.atomic():
        Interview.objects.filter(workspace=workspace).delete()
        Candidate.objects.filter(workspace=workspace).delete()
        Position.objects.filter(workspace=workspace).delete()
        Company.objects.filter(workspace=workspace).delete()
        ActivityEvent.objects.filter(workspace=workspace).delete()
        StatusChange.objects.filter(workspace=workspace).delete()
        workspace.delete()
    connection.close()


def build(name: str, candidates: int, seed: int):
    from django.db import transaction
    from django.utils import timezone

    from candidates.models import Candidate
    from interview_tracker.models import Membership, Role, User, Workspace
    from interviews.models import Feedback, Interview, Participant
    from positions.models import Company, Position

    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        workspace = Workspace.objects.create(name=name)
        owner, _ = User.objects.get_or_create(email=owner_email(candidates))
        owner.set_password(OWNER_PASSWORD)
        owner.default_workspace = workspace
        owner.save()
        Membership.objects.create(user=owner, workspace=workspace, role=Role.OWNER)
        interviewer, _ = User.objects.get_or_create(
            email=f"interviewer-{candidates}@bench.example.com"
        )
        Membership.objects.create(user=interviewer, workspace=workspace, role=Role.INTERVIEWER)
        companies = Company.objects.bulk_create(
            Company(workspace=workspace, name=f"Company {i:03d}", industry="Software")
            for i in range(50)
        )
        positions = Position.objects.bulk_create(
            (
                Position(
                    workspace=workspace,
                    title=f"{rng.choice(TITLES)} {i}",
                    company=companies[i % len(companies)],
                    description="Build and run the platform with a small team.",
                    location=rng.choice(["Berlin", "Lisbon", "Remote", "London"]),
                    is_remote=rng.random() < 0.4,
                    seniority=rng.choice(SENIORITIES),
                    source=rng.choice(SOURCES),
                    application_date=today - dt.timedelta(days=rng.randrange(365)),
                    status=rng.choice(STATUSES),
                )
                for i in range(max(500, candidates // 2))
            ),
            batch_size=2000,
        )
        people = Candidate.objects.bulk_create(
            (
                Candidate(
                    workspace=workspace,
                    name=f"Candidate {i:05d}",
                    email=f"candidate{i:05d}@bench.example.com",
                    position=positions[i % len(positions)],
                    source=rng.choice(SOURCES),
                    status=rng.choice(STATUSES),
                    tags=rng.sample(["python", "go", "remote", "senior", "urgent"], 2),
                )
                for i in range(candidates)
            ),
            batch_size=2000,
        )
        interviews = []
        for i, person in enumerate(people):
            for round_number in (1, 2):
                done = round_number == 1
                interviews.append(
                    Interview(
                        workspace=workspace,
                        candidate=person,
                        position=person.position,
                        title=f"Round {round_number}",
                        round_number=round_number,
                        kind="phone_screen" if done else "technical",
                        scheduled_at=now
                        + dt.timedelta(days=(-10 if done else 3 + i % 40), hours=i % 9),
                        status="completed" if done else "scheduled",
                        outcome="passed" if done else "pending",
                        interviewer_name="Ada Lovelace",
                        created_by=owner,
                    )
                )
        Interview.objects.bulk_create(interviews, batch_size=2000)
        completed = interviews[0::2]
        Participant.objects.bulk_create(
            (
                Participant(interview=i, user=interviewer, role="interviewer", **i.seat_window)
                for i in completed
            ),
            batch_size=2000,
        )
        Feedback.objects.bulk_create(
            (
                Feedback(
                    interview=i,
                    author=interviewer,
                    rating=rng.randint(1, 5),
                    recommendation=rng.choice(["no", "yes", "strong_yes"]),
                    criteria=[{"name": "Communication", "score": 4, "note": ""}],
                    comment="Clear thinking, good questions.",
                )
                for i in completed
            ),
            batch_size=2000,
        )
    return workspace


def cleanup(workspace_id: str) -> None:
    """Remove what the write workloads added, so every run lists the same rows."""
    from django.db import transaction
    from django.db.models import Q

    from candidates.models import Candidate
    from interviews.models import Interview, Message
    from positions.models import Position

    added = Q(email__startswith="created-") | Q(email__startswith="load-")
    with transaction.atomic():
        people = Candidate.objects.filter(added, workspace_id=workspace_id)
        Interview.objects.filter(workspace_id=workspace_id, candidate__in=people).delete()
        people.delete()
        Message.objects.filter(
            interview__workspace_id=workspace_id, body__startswith="load "
        ).delete()
        # The openings ``peers`` creates.
        Position.objects.filter(workspace_id=workspace_id, title__startswith="Peer ").delete()
