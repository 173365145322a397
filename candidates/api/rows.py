"""The candidate list read with ``values()`` (see ``interview_tracker.api.rows``), in the
shapes of ``CandidateSerializer`` (staff) and ``CandidatePortalSerializer`` (a candidate
member's own record), with the embeds ``?expand=`` names."""

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from interview_tracker.api.embeds import embedded_rows
from interview_tracker.api.rows import current_datetime_text, strings
from interview_tracker.extensions import ApiEmbed
from interview_tracker.models import Role

from ..models import Candidate
from ..selectors import possible_duplicates_of

COLUMNS = [
    "id",
    "workspace_id",
    "name",
    "email",
    "phone",
    "links",
    "position_id",
    "source",
    "notes",
    "resume",
    "user_id",
    "status",
    "rejection_reason",
    "tags",
    "consent_given_at",
    "consent_note",
    "anonymised_at",
    "created_at",
    "updated_at",
]


def page_values(queryset: QuerySet[Candidate]) -> QuerySet[Any]:
    """The list's queryset (filtered, ordered) read as the columns of ``COLUMNS``."""
    return queryset.prefetch_related(None).values_list(*COLUMNS)


def candidate_rows(
    page: list[tuple[Any, ...]], request: Any, embeds: dict[str, ApiEmbed], full: bool
) -> list[dict[str, Any]]:
    rows = [dict(zip(COLUMNS, values, strict=True)) for values in page]
    user = request.user
    portal = {
        row["workspace_id"] for row in rows if user.role_in(row["workspace_id"]) == Role.CANDIDATE
    }
    staff = [row for row in rows if row["workspace_id"] not in portal]
    duplicates = possible_duplicates_of(
        [
            (
                row["id"],
                row["workspace_id"],
                row["email"],
                row["phone"],
                row["name"],
                row["position_id"],
            )
            for row in staff
        ]
    )
    embedded = embedded_rows(embeds, request, [row["id"] for row in staff], full)
    text = current_datetime_text()
    out = []
    for row in rows:
        pk = row["id"]
        if row["workspace_id"] in portal:  # their own record: status and name only
            out.append(
                {
                    "id": pk,
                    "name": row["name"],
                    "status": row["status"],
                    "updated_at": text(row["updated_at"]),
                }
            )
            continue
        resume = row["resume"]
        shown = {
            "id": pk,
            "workspace": row["workspace_id"],
            "name": row["name"],
            "email": row["email"],
            "phone": row["phone"],
            "links": strings(row["links"]),
            "position": row["position_id"],
            "source": row["source"],
            "notes": row["notes"],
            "resume": request.build_absolute_uri(reverse("api:candidate-resume", args=[pk]))
            if resume
            else None,
            "user": row["user_id"],
            "status": row["status"],
            "rejection_reason": row["rejection_reason"],
            "tags": strings(row["tags"]),
            "consent_given_at": text(row["consent_given_at"]),
            "consent_note": row["consent_note"],
            "anonymised_at": text(row["anonymised_at"]),
            "possible_duplicates": [str(other) for other in duplicates.get(pk, [])],
            "created_at": text(row["created_at"]),
            "updated_at": text(row["updated_at"]),
        }
        for name, by_parent in embedded.items():
            shown[name] = by_parent.get(pk, [])
        out.append(shown)
    return out
