"""Reads of the candidates app that pages share: querysets, so callers may narrow them."""

from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from interview_tracker.models import CLOSED_STATUSES, PipelineStatus, Workspace
from positions.models import OpeningStatus, Position

# Open openings first: the home page of a hiring team is about what is still being filled.
OPENING_ORDER = [
    OpeningStatus.OPEN,
    OpeningStatus.ON_HOLD,
    OpeningStatus.FILLED,
    OpeningStatus.CLOSED,
]


def pipeline_by_opening(workspace: Workspace | Any) -> QuerySet[Position]:
    """A hiring workspace's openings, each with its candidates counted per pipeline stage:
    ``<status>_count`` for every status (``applied_count`` … ``withdrawn_count``) and
    ``active_count`` (candidates not hired, rejected or withdrawn). Open openings first, then
    by title. One query, whatever the number of openings and candidates; the company and the
    hiring manager come with it. Callers check the user's role in ``workspace`` first."""
    per_stage = {
        f"{status}_count": Count("candidates", filter=Q(candidates__status=status))
        for status in PipelineStatus.values
    }
    return (
        Position.objects.filter(workspace=workspace)
        .select_related("company", "hiring_manager")
        .annotate(
            **per_stage,
            active_count=Count(
                "candidates", filter=~Q(candidates__status__in=list(CLOSED_STATUSES))
            ),
            opening_rank=Case(
                *(When(opening_status=s, then=Value(i)) for i, s in enumerate(OPENING_ORDER)),
                output_field=IntegerField(),
            ),
        )
        .order_by("opening_rank", "title", "id")
    )
