"""Reads of positions that pages and services share: querysets, so callers may narrow them."""

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import BooleanField, Case, F, Min, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Greatest, Lower
from django.utils import timezone

from interview_tracker.models import Workspace

from .models import Company, Position


def active_applications(workspace: Workspace) -> QuerySet[Position]:
    """A job search's open applications for its home page, in the order they need attention:
    the next interview first, then the next follow-up, then the rest, longest quiet first.

    Each carries ``with_stats()``'s figures plus ``next_interview_at`` (the earliest scheduled
    interview still ahead) and ``is_quiet`` (no change and no activity for the workspace's
    ``quiet_days``). One query; callers check the user's role in ``workspace`` first.
    """
    now = timezone.now()
    cutoff = now - dt.timedelta(days=workspace.quiet_days)
    return (
        Position.objects.filter(workspace=workspace)
        .active()
        .with_stats()
        .select_related("company")
        .annotate(
            next_interview_at=Min(
                "interviews__scheduled_at",
                filter=Q(interviews__status="scheduled", interviews__scheduled_at__gte=now),
            ),
            # The later of the last edit and the newest timeline event.
            last_touch_at=Greatest(
                F("updated_at"), Coalesce(F("last_activity_at"), F("updated_at"))
            ),
        )
        .annotate(
            # An interview ahead is activity enough: that application is not waiting on anyone.
            is_quiet=Case(
                When(next_interview_at__isnull=True, last_touch_at__lt=cutoff, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by(
            F("next_interview_at").asc(nulls_last=True),
            F("next_follow_up").asc(nulls_last=True),
            "last_touch_at",
            "id",
        )
    )


def earlier_applications(
    *, workspace_id: uuid.UUID, company_name: str, title: str
) -> QuerySet[Position]:
    """The workspace's positions at the same company with the same title (any case): applying
    again is allowed, but the user should know."""
    return (
        Position.objects.filter(
            workspace_id=workspace_id,
            company__name__iexact=company_name.strip(),
            title__iexact=title.strip(),
        )
        .only("id", "title", "status", "application_date")
        .order_by("-application_date", "-created_at", "id")
    )


def companies_named(workspace_id: Any, names: Iterable[str]) -> dict[str, Company]:
    """The workspace's companies with these names, case aside: {lower-case name: company}, in
    one query (none for no names)."""
    wanted = {name.lower() for name in names if name}
    if not wanted:
        return {}
    return {
        company.name.lower(): company
        for company in Company.objects.annotate(lname=Lower("name")).filter(
            workspace_id=workspace_id, lname__in=list(wanted)
        )
    }
