"""Reads of positions that pages and services share."""

import uuid

from django.db.models import QuerySet

from .models import Position


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
