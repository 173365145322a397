"""Reads other pages use: the agenda, scorecards owed and overdue, a candidate's debrief."""

import datetime as dt
import statistics
import uuid
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from candidates.models import Candidate
from interview_tracker.models import CLOSED_STATUSES, PipelineStatus, Workspace

# The event the calendar sync (integrations) writes (the .ics's, as a calendar server keeps
# it), and the fields whose edit changes it.
from .calendar import EVENT_FIELDS as EVENT_FIELDS
from .calendar import interview_stored_ics as interview_stored_ics
from .models import Feedback, Interview, Participant

DISAGREEMENT_SPREAD = 2
# The opening's progress table shows this many candidates (the candidates page has them all).
PROGRESS_LIMIT = 50


def feedback_overdue(
    *,
    interviews: QuerySet[Interview] | None = None,
    workspace: Workspace | None = None,
    user: Any = None,
) -> QuerySet[Participant]:
    """Feedback owed, the one definition: an interviewer seat on a completed interview whose
    user has submitted no scorecard for it. Reminders, pages, the API and the statistics all
    read it (narrowed by ``interviews``, ``workspace`` or ``user``)."""
    submitted = Feedback.objects.filter(
        interview_id=OuterRef("interview_id"), author_id=OuterRef("user_id")
    )
    rows = Participant.objects.filter(
        role=Participant.Role.INTERVIEWER, interview__status=Interview.Status.COMPLETED
    ).filter(~Exists(submitted))
    # Only people still in the workspace owe anything (a removed member's seat grants nothing).
    rows = rows.of_members()
    if interviews is not None:
        rows = rows.filter(interview__in=interviews)
    if workspace is not None:
        rows = rows.filter(interview__workspace=workspace)
    if user is not None:
        rows = rows.filter(user=user)
    # Within one interview, the seats' own order (Participant.Meta.ordering).
    return rows.select_related("user", "interview").order_by(
        "interview__scheduled_at", "interview_id", "created_at", "id"
    )


def feedback_owed_by(user: Any) -> QuerySet[Interview]:
    """The interviews, among those ``user`` sees, where they owe a scorecard."""
    owed = feedback_overdue(user=user).values("interview_id")
    return (
        Interview.objects.for_user(user)
        .filter(pk__in=owed)
        .select_related("candidate", "position")
        .order_by("scheduled_at", "id")
    )


def upcoming_for(user: Any, workspace_id: uuid.UUID | None) -> QuerySet[Interview]:
    """Interviews still to happen (scheduled or under way) in the workspace (any of the
    user's when None), soonest first."""
    queryset = Interview.objects.for_user(user).filter(
        status__in=[Interview.Status.SCHEDULED, Interview.Status.ONGOING],
        scheduled_at__gte=timezone.now() - dt.timedelta(hours=12),
    )
    if workspace_id is not None:
        queryset = queryset.filter(workspace_id=workspace_id)
    return queryset.select_related("candidate", "position").order_by("scheduled_at", "id")


def _criterion_row(name: str, scores: list[dict[str, Any]]) -> dict[str, Any]:
    values = [row["score"] for row in scores]
    spread = max(values) - min(values) if values else None
    return {
        "name": name,
        "scores": scores,
        "mean": round(statistics.fmean(values), 2) if values else None,
        "spread": spread,
        # Two interviewers two or more points apart on one criterion: talk about it.
        "disagreement": spread is not None and spread >= DISAGREEMENT_SPREAD,
    }


def debrief(candidate_id: uuid.UUID, reader: Any) -> dict[str, Any]:
    """A candidate's scorecards side by side: per interview and criterion the scores with their
    author, mean, spread and disagreement; the recommendations tally; the scorecards missing.
    Only the scorecards ``reader`` may read count (``Feedback.visible_to``: an interviewer of a
    workspace that keeps them blind reads an interview's once they submitted their own).

    Three queries whatever the size (interviews with their stages, scorecards with authors,
    missing scorecards); the arithmetic runs over one candidate's few scorecards.
    """
    interviews = list(
        Interview.objects.filter(candidate_id=candidate_id)
        .exclude(status=Interview.Status.CANCELLED)
        .select_related("plan_stage")
        .prefetch_related(
            Prefetch(
                "feedback",
                queryset=Feedback.objects.visible_to(reader)
                .select_related("author")
                .order_by("created_at", "id"),
            )
        )
        .order_by("scheduled_at", "id")
    )
    totals = dict.fromkeys(Feedback.Recommendation.values, 0)
    rows = []
    for interview in interviews:
        cards = list(interview.feedback.all())
        template = interview.plan_stage.criterion_names if interview.plan_stage else []
        names = template + sorted(
            {item["name"] for card in cards for item in card.criteria} - set(template)
        )
        tally = dict.fromkeys(Feedback.Recommendation.values, 0)
        for card in cards:
            if card.recommendation:
                tally[card.recommendation] += 1
                totals[card.recommendation] += 1
        criteria = [
            _criterion_row(
                name,
                [
                    {"author": card.author, "score": item["score"]}
                    for card in cards
                    for item in card.criteria
                    if item["name"] == name
                ],
            )
            for name in names
        ]
        rows.append(
            {
                "interview": interview,
                "criteria": criteria,
                "ratings": [{"author": card.author, "score": card.rating} for card in cards],
                "recommendations": tally,
            }
        )
    missing = feedback_overdue(
        interviews=Interview.objects.filter(candidate_id=candidate_id)
    ).order_by("interview__scheduled_at", "user__email", "id")
    return {
        "candidate_id": candidate_id,
        "interviews": rows,
        "recommendations": totals,
        "missing": list(missing),
    }


def owes_feedback_on(user: Any, candidate_id: uuid.UUID) -> bool:
    """Whether ``user`` still owes a scorecard on one of the candidate's interviews."""
    return (
        feedback_overdue(interviews=Interview.objects.filter(candidate_id=candidate_id))
        .filter(user=user)
        .exists()
    )


def plan_progress(position_id: uuid.UUID, stage_ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    """Each active candidate of the opening with, per plan stage, where their round of it
    stands (``None`` when not scheduled yet): two queries for any size."""
    candidates = list(
        Candidate.objects.filter(position_id=position_id)
        .exclude(status__in=list(CLOSED_STATUSES - {PipelineStatus.HIRED}))
        .only("id", "name", "status")
        .order_by("name", "id")[:PROGRESS_LIMIT]
    )
    rounds: dict[tuple[Any, Any], Interview] = {}
    for interview in (
        Interview.objects.filter(
            candidate__in=[c.pk for c in candidates], plan_stage_id__in=stage_ids
        )
        .exclude(status=Interview.Status.CANCELLED)
        .only("id", "candidate_id", "plan_stage_id", "status", "outcome", "scheduled_at")
        .order_by("scheduled_at", "id")
    ):
        rounds[(interview.candidate_id, interview.plan_stage_id)] = interview
    return [
        {
            "candidate": candidate,
            "stages": [rounds.get((candidate.pk, stage_id)) for stage_id in stage_ids],
        }
        for candidate in candidates
    ]
