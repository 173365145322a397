"""Positions (applications or openings) in and out of CSV/JSON, for the import engine.

Natural key (so that a second run of the same file creates nothing): company name
(case-insensitive) + title (case-insensitive) + application date.
A company named in a row is found, or created, by name.
"""

from collections.abc import Hashable
from datetime import date
from typing import Any

from django.db.models.functions import Lower

from interview_tracker.importing import Importer, SerializerRules, as_text, clean_fields
from interview_tracker.models import WorkspaceKind

from . import services
from .api.serializers import POSITION_FIELDS, PositionWriteSerializer
from .models import Position

# Relations a file cannot name by id (the company comes by name).
RELATIONS = {"company", "role", "required_skills", "cv_version", "hiring_manager"}

PositionKey = tuple[str, str, date | None]


class PositionImporter(Importer[Position]):
    entity = "positions"
    labels = {WorkspaceKind.HIRING: "Openings", WorkspaceKind.JOB_SEARCH: "Applications"}
    model = Position
    pipeline = True
    columns = {
        "title": ("job title", "position", "position title", "role title", "job position"),
        "company_name": ("company", "company name", "employer", "organisation", "organization"),
        "application_date": ("applied on", "applied", "date applied", "applied at", "date"),
        "status": ("stage", "pipeline status", "application status", "list"),
        "location": ("city", "place"),
        "is_remote": ("remote",),
        "seniority": ("level",),
        "salary_min": ("min salary", "salary from"),
        "salary_max": ("max salary", "salary to"),
        "currency": (),
        "salary_range": ("salary", "compensation"),
        "required_experience_years": ("experience years", "years of experience", "experience"),
        "source": ("channel", "found via"),
        "url": ("link", "job url", "posting", "job link"),
        "description": ("job description",),
        "preparation_notes": ("preparation", "prep notes"),
        "rejection_reason": ("rejection",),
        "next_follow_up": ("follow up", "follow-up date", "next follow-up"),
        "tags": ("labels",),
    }
    required = ("title", "company_name")
    # The API's writable scalar fields, less the natural key, the status (it moves through
    # the pipeline service) and the relations a file cannot name.
    update_fields = tuple(
        name
        for name in POSITION_FIELDS
        if name not in {"title", "application_date", "status", *RELATIONS}
    )
    model_fields = ("title", "application_date", "status", *update_fields)
    export_lookups = {"company_name": "company__name"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The API's write serializer validates every row (built once, not per row).
        self.rules = SerializerRules(PositionWriteSerializer(context={"request": None}))

    def clean(self, raw: dict[str, Any]) -> dict[str, Any]:
        company = as_text(raw.get("company_name"))
        values = clean_fields(
            Position, raw, self.model_fields, self.rules, {"company_name": company}
        )
        values["company_name"] = company
        return values

    def natural_key(self, values: dict[str, Any]) -> PositionKey:
        return (
            values["company_name"].lower(),
            values["title"].lower(),
            values.get("application_date"),
        )

    def resolve(self, rows: list[tuple[int, dict[str, Any]]]) -> dict[int, dict[str, str]]:
        companies = services.companies_by_name(
            workspace_id=self.workspace.pk, names={v["company_name"] for _, v in rows}
        )
        for _, values in rows:
            values["company"] = companies[values["company_name"].lower()]
        return {}

    def find_existing(self, keys: set[Hashable]) -> dict[Hashable, Position]:
        titles = {key[1] for key in keys}  # type: ignore[index]
        companies = {key[0] for key in keys}  # type: ignore[index]
        candidates = (
            Position.objects.annotate(ltitle=Lower("title"), lcompany=Lower("company__name"))
            .filter(workspace=self.workspace, ltitle__in=titles, lcompany__in=companies)
            .select_related("company")
            .order_by("created_at", "id")
        )
        found: dict[Hashable, Position] = {}
        for position in candidates:
            key = (position.company.name.lower(), position.title.lower(), position.application_date)
            if key in keys:
                found.setdefault(key, position)
        return found

    def build(self, values: dict[str, Any]) -> Position:
        fields = {k: v for k, v in values.items() if k not in {"company_name", "company"}}
        return Position(workspace=self.workspace, company=values["company"], **fields)
