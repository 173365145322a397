"""Candidates in and out of CSV/JSON, for the import engine.

Natural key (so that a second run of the same file creates nothing): the e-mail address,
case-insensitive, within the workspace.
A row may name the opening by its title and company in plain text, as other tools' exports
do: they are found case-insensitively, or created. A JSON row's
nested ``interviews`` are the interviews app's (``interviews.importers``).
"""

from collections.abc import Hashable
from typing import Any

from django.db.models.functions import Lower

from interview_tracker.bulk import insert_rows, new_record
from interview_tracker.importing import (
    Importer,
    RowInvalid,
    SerializerRules,
    as_text,
    clean_fields,
    imported_events,
)
from interview_tracker.models import WorkspaceKind
from positions.models import Company, Position
from positions.selectors import companies_named
from positions.services import companies_by_name

from .api.serializers import CandidateWriteSerializer
from .models import Candidate
from .selectors import Person, by_email, existing_duplicates, new_duplicates
from .services import candidates_note_duplicates

# (column, cleaned key, most characters) of what a row names to find or create.
NAMED_LIMITS = [
    ("position", "position_title", Position._meta.get_field("title").max_length or 0),
    ("company_name", "company_name", Company._meta.get_field("name").max_length or 0),
]


class CandidateImporter(Importer[Candidate]):
    entity = "candidates"
    labels = {WorkspaceKind.HIRING: "Candidates"}
    model = Candidate
    pipeline = True
    columns = {
        "name": ("full name", "candidate", "candidate name", "fullname"),
        "email": ("e-mail", "email address", "e-mail address", "mail", "email addresses"),
        "phone": ("phone number", "telephone", "mobile", "tel"),
        "links": ("link", "url", "urls", "profiles", "linkedin", "profile url"),
        "source": ("channel", "sourced from"),
        "status": ("stage", "pipeline status", "list", "current stage", "candidate status"),
        "rejection_reason": ("rejection",),
        "notes": ("note", "comments"),
        "tags": ("labels",),
        "position": ("position title", "opening", "job", "job title", "applied for"),
        "company_name": ("company", "company name"),
    }
    required = ("name", "email")
    update_fields = ("name", "phone", "links", "source", "rejection_reason", "notes", "tags")
    model_fields = ("email", "status", *update_fields)
    built_from = frozenset(model_fields)  # the values a record is built from
    export_lookups = {"position": "position__title", "company_name": "position__company__name"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The API's write serializer validates every row (built once, not per row).
        self.rules = SerializerRules(CandidateWriteSerializer(context={"request": None}))
        # {position id: its company's id} of the positions rows were given (``resolve``): the
        # duplicate rule compares names at a company.
        self.companies: dict[Any, Any] = {}

    def clean(self, raw: dict[str, Any]) -> dict[str, Any]:
        values = clean_fields(Candidate, raw, self.model_fields, self.rules)
        values["email"] = values["email"].strip()
        values["position_title"] = as_text(raw.get("position"))
        values["company_name"] = as_text(raw.get("company_name"))
        # They may name a position or company to create: held to those fields' lengths.
        too_long = {
            column: f"At most {limit} characters."
            for column, key, limit in NAMED_LIMITS
            if len(values[key]) > limit
        }
        if too_long:
            raise RowInvalid(too_long)
        return values

    def natural_key(self, values: dict[str, Any]) -> str:
        return str(values["email"]).lower()

    def resolve(self, rows: list[tuple[int, dict[str, Any]]]) -> dict[int, dict[str, str]]:
        """A position named by its title (and company, as other tools' exports name a
        person's current job) is found case-insensitively; a title at a company the workspace
        does not have yet creates the company and the position. A company named without a
        title is found or created. A title alone that several companies have is refused (name
        one); a title alone that no position has (P1's ``position``, a tracker's free-text job)
        cannot make one, as a position needs its company: the person is imported without a
        position and the title is kept in their notes."""
        titles = {v["position_title"].lower() for _, v in rows if v["position_title"]}
        by_title: dict[str, list[Position]] = {}
        positions = (
            Position.objects.annotate(ltitle=Lower("title"))
            .filter(workspace=self.workspace, ltitle__in=titles)
            .select_related("company")
            .order_by("-application_date", "-created_at", "id")
        )
        for position in positions if titles else ():
            by_title.setdefault(position.title.lower(), []).append(position)
        errors: dict[int, dict[str, str]] = {}
        to_create: dict[tuple[str, str], list[dict[str, Any]]] = {}
        # The first spelling of each company in the file names a company created for it.
        companies: dict[str, str] = {}
        for number, values in rows:
            title, company = values["position_title"], values["company_name"]
            if not title:
                if company:
                    companies.setdefault(company.lower(), company)
                continue
            matches = [
                p
                for p in by_title.get(title.lower(), [])
                if not company or p.company.name.lower() == company.lower()
            ]
            if len({p.company_id for p in matches}) > 1:
                errors[number] = {"company_name": f"Several companies have “{title}”: name one."}
            elif matches:
                values["position_id"] = matches[0].pk
                self.companies[matches[0].pk] = matches[0].company_id
            elif company:
                companies.setdefault(company.lower(), company)
                to_create.setdefault((title.lower(), company.lower()), []).append(values)
            else:
                kept = f"Position named in the import: {title}"
                values["notes"] = "\n\n".join(filter(None, [values.get("notes", ""), kept]))
        if companies:
            self._create_positions(set(companies.values()), to_create)
        return errors

    def _create_positions(
        self, names: set[str], to_create: dict[tuple[str, str], list[dict[str, Any]]]
    ) -> None:
        """The companies named (found or created), then the positions the rows need."""
        found = companies_by_name(workspace_id=self.workspace.pk, names=names)
        created = []
        for (_, company), rows in to_create.items():
            position = new_record(
                Position,
                {
                    "workspace_id": self.workspace.pk,
                    "company_id": found[company].pk,
                    "title": rows[0]["position_title"],
                },
            )
            created.append(position)
            self.companies[position.pk] = position.company_id
            for values in rows:
                values["position_id"] = position.pk
        if created:
            insert_rows(Position, created, then=imported_events(self, Position, created))

    def flag_duplicates(self, created: list[Candidate]) -> dict[Any, list[Any]]:
        # New people who look like others are flagged as the single create flags them.
        people = {
            c.pk: Person(c.email, c.phone, c.name, self.companies.get(c.position_id))
            for c in created
        }
        found = new_duplicates(self.workspace.pk, people)
        return candidates_note_duplicates(candidates=created, found=found, actor=self.actor)

    def existing_duplicates(
        self, rows: list[tuple[int, dict[str, Any]]]
    ) -> dict[int, list[tuple[Any, str]]]:
        # The write compares names at the company of the row's position: a company named
        # without a title gives the person none, so no name match either. A company the
        # workspace does not have yet has no candidates, so nobody matches a name there.
        named = {number: v["company_name"].lower() for number, v in rows if v["position_title"]}
        companies = companies_named(self.workspace.pk, named.values())
        people = {
            number: Person(
                email=values["email"],
                phone=values.get("phone") or "",
                name=values["name"],
                company=company.pk if (company := companies.get(named.get(number, ""))) else None,
            )
            for number, values in rows
        }
        return dict(existing_duplicates(self.workspace.pk, people))

    def find_existing(self, keys: set[Hashable]) -> dict[Hashable, Candidate]:
        emails = {str(key) for key in keys}
        return {c.email.lower(): c for c in by_email(self.workspace.pk, emails)}

    def assign(self, obj: Candidate, values: dict[str, Any]) -> set[str]:
        changed = super().assign(obj, values)
        if "position_id" in values and obj.position_id != values["position_id"]:
            obj.position_id = values["position_id"]
            changed.add("position")
        return changed

    def build(self, values: dict[str, Any]) -> Candidate:
        fields = {k: v for k, v in values.items() if k in self.built_from}
        fields.update(workspace_id=self.workspace.pk, position_id=values.get("position_id"))
        return new_record(Candidate, fields)
