"""Reads other pages use: the agenda, scorecards owed and overdue."""

import datetime as dt
import uuid
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from interview_tracker.models import Workspace

from .models import Feedback, Interview, Participant


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
