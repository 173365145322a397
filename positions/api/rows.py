"""The position list read with ``values()`` (see ``interview_tracker.api.rows``), in the shape
of ``PositionSerializer``, with the embeds ``?expand=`` names."""

from typing import Any

from django.db.models import QuerySet

from interview_tracker.api.embeds import embedded_rows
from interview_tracker.api.rows import current_datetime_text, date_text, strings
from interview_tracker.extensions import ApiEmbed

from ..models import Position
from .serializers import POSITION_FIELDS

RELATIONS = {"workspace", "company", "role", "cv_version", "hiring_manager"}
FIELDS = [
    "id",
    "workspace",
    *POSITION_FIELDS,
    "company_name",
    "interview_count",
    "last_activity_at",
    "created_at",
    "updated_at",
]
# Each field's column: relations as their ids; ``required_skills`` is read apart (``skill_ids``).
COLUMN_OF = {name: f"{name}_id" if name in RELATIONS else name for name in FIELDS}
COLUMNS = [COLUMN_OF[name] for name in FIELDS if name != "required_skills"]
DATES = {"application_date", "next_follow_up", "offer_deadline"}
TIMES = {"last_activity_at", "created_at", "updated_at"}


def page_values(queryset: QuerySet[Position]) -> QuerySet[Any]:
    """The list's queryset (filtered, ordered, with its figures) read as ``COLUMNS``."""
    return queryset.prefetch_related(None).values_list(*COLUMNS)


def skill_ids(position_ids: list[Any]) -> dict[Any, list[Any]]:
    """Each position's required skills, in the skills' order (name, id)."""
    through = Position.required_skills.through.objects.filter(position_id__in=position_ids)
    found: dict[Any, list[Any]] = {}
    for position_id, skill_id in through.order_by("skill__name", "skill_id").values_list(
        "position_id", "skill_id"
    ):
        found.setdefault(position_id, []).append(skill_id)
    return found


def position_rows(
    page: list[tuple[Any, ...]], request: Any, embeds: dict[str, ApiEmbed], full: bool
) -> list[dict[str, Any]]:
    rows = [dict(zip(COLUMNS, values, strict=True)) for values in page]
    ids = [row["id"] for row in rows]
    skills = skill_ids(ids) if ids else {}
    embedded = embedded_rows(embeds, request, ids, full)
    text = current_datetime_text()
    out = []
    for row in rows:
        shown: dict[str, Any] = {}
        for name, column in COLUMN_OF.items():
            if name == "required_skills":
                shown[name] = skills.get(row["id"], [])
            elif name in TIMES:
                shown[name] = text(row[column])
            elif name in DATES:
                shown[name] = date_text(row[column])
            elif name == "tags":
                shown[name] = strings(row[column])
            else:
                shown[name] = row[column]
        for name, by_parent in embedded.items():
            shown[name] = by_parent.get(row["id"], [])
        out.append(shown)
    return out
