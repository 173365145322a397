"""Reads other pages use: the agenda, scorecards owed and overdue."""

import datetime as dt
import uuid
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from interview_tracker.models import Workspace

from .models import Feedback, Interview, Participant


def _without_feedback() -> Any:
    return ~Exists(
        Feedback.objects.filter(
            interview_id=OuterRef("interview_id"), author_id=OuterRef("user_id")
        )
    )


def feedback_overdue(
    *, interviews: QuerySet[Interview] | None = None, workspace: Workspace | None = None
) -> QuerySet[Participant]:
    """Interviewer participants of completed interviews who have not submitted a scorecard."""
    rows = Participant.objects.filter(
        role=Participant.Role.INTERVIEWER, interview__status=Interview.Status.COMPLETED
    ).filter(_without_feedback())
    if interviews is not None:
        rows = rows.filter(interview__in=interviews)
    if workspace is not None:
        rows = rows.filter(interview__workspace=workspace)
    return rows.select_related("user", "interview").order_by("interview__scheduled_at", "id")


def feedback_owed_by(user: Any) -> QuerySet[Interview]:
    """Completed interviews where ``user`` took part as interviewer and owes a scorecard."""
    owed = Participant.objects.filter(
        user=user,
        role=Participant.Role.INTERVIEWER,
        interview_id=OuterRef("pk"),
    )
    return (
        Interview.objects.for_user(user)
        .filter(status=Interview.Status.COMPLETED)
        .filter(Exists(owed))
        .exclude(Exists(Feedback.objects.filter(interview_id=OuterRef("pk"), author=user)))
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
