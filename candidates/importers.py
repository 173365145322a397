"""Candidates in and out of CSV/JSON, for the import engine.

Natural key (so that a second run of the same file creates nothing): the e-mail address,
case-insensitive, within the workspace.
A row may name the opening by its title (and company, when titles repeat). A JSON row may
carry its ``interviews``, each with its ``feedback`` (P1's candidate list): they are created
with a new candidate (a re-import, which finds the candidate, leaves them alone).
"""

from collections.abc import Hashable
from datetime import datetime
from typing import Any

from django.db.models.functions import Lower
from django.utils import timezone

from interview_tracker.importing import Importer, RowInvalid, as_text, clean_fields
from interviews.models import Feedback, Interview
from positions.models import Position

from .api.serializers import CandidateWriteSerializer
from .models import Candidate


class CandidateImporter(Importer[Candidate]):
    entity = "candidates"
    label = "Candidates"
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
    nested = ("interviews",)
    required = ("name", "email")
    update_fields = ("name", "phone", "links", "source", "rejection_reason", "notes", "tags")
    model_fields = ("email", "status", *update_fields)
    reference_fields = ("position",)
    export_lookups = {"position": "position__title", "company_name": "position__company__name"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The API's write serializer validates every row (built once, not per row).
        self.serializer = CandidateWriteSerializer(context={"request": None})
        # New candidates of the batch being written, with their nested interviews.
        self._interviews: list[tuple[Candidate, list[dict[str, Any]]]] = []

    def clean(self, raw: dict[str, Any]) -> dict[str, Any]:
        values = clean_fields(Candidate, raw, self.model_fields, self.serializer)
        values["email"] = values["email"].strip()
        values["position_title"] = as_text(raw.get("position"))
        values["company_name"] = as_text(raw.get("company_name"))
        values["interviews"] = nested_interviews(raw.get("interviews"))
        return values

    def natural_key(self, values: dict[str, Any]) -> str:
        return str(values["email"]).lower()

    def resolve(self, rows: list[tuple[int, dict[str, Any]]]) -> dict[int, dict[str, str]]:
        titles = {v["position_title"].lower() for _, v in rows if v["position_title"]}
        if not titles:
            return {}
        by_title: dict[str, list[Position]] = {}
        positions = (
            Position.objects.annotate(ltitle=Lower("title"))
            .filter(workspace=self.workspace, ltitle__in=titles)
            .select_related("company")
            .order_by("-application_date", "-created_at", "id")
        )
        for position in positions:
            by_title.setdefault(position.title.lower(), []).append(position)
        errors: dict[int, dict[str, str]] = {}
        for number, values in rows:
            title, company = values["position_title"], values["company_name"]
            if not title:
                continue
            matches = [
                p
                for p in by_title.get(title.lower(), [])
                if not company or p.company.name.lower() == company.lower()
            ]
            if len({p.company_id for p in matches}) > 1:
                errors[number] = {"company_name": f"Several companies have “{title}”: name one."}
            elif not matches:
                where = f" at {company}" if company else ""
                errors[number] = {"position": f"No position “{title}”{where} in this workspace."}
            else:
                values["position_id"] = matches[0].pk
        return errors

    def find_existing(self, keys: set[Hashable]) -> dict[Hashable, Candidate]:
        candidates = Candidate.objects.annotate(lemail=Lower("email")).filter(
            workspace=self.workspace, lemail__in=keys
        )
        return {candidate.email.lower(): candidate for candidate in candidates}

    def assign(self, obj: Candidate, values: dict[str, Any]) -> bool:
        changed = super().assign(obj, values)
        if "position_id" in values and obj.position_id != values["position_id"]:
            obj.position_id = values["position_id"]
            changed = True
        return changed

    def build(self, values: dict[str, Any]) -> Candidate:
        fields = {k: v for k, v in values.items() if k in self.model_fields}
        candidate = Candidate(
            workspace=self.workspace, position_id=values.get("position_id"), **fields
        )
        if values["interviews"]:
            self._interviews.append((candidate, values["interviews"]))
        return candidate

    def after_write(self, created: list[Candidate], updated: list[Candidate]) -> None:
        """The new candidates' nested interviews and their feedback, in two inserts a batch."""
        super().after_write(created, updated)
        interviews: list[Interview] = []
        feedback: list[Feedback] = []
        for candidate, rows in self._interviews:
            for row in rows:
                interview = Interview(
                    workspace=self.workspace,
                    candidate=candidate,
                    position_id=candidate.position_id,
                    interviewer_name=row["interviewer"],
                    scheduled_at=row["scheduled_at"],
                    status=Interview.Status.COMPLETED if row["feedback"] else row["status"],
                    outcome=row["outcome"],
                    created_by=self.actor,
                )
                interviews.append(interview)
                feedback += [Feedback(interview=interview, **item) for item in row["feedback"]]
        self._interviews.clear()
        Interview.objects.bulk_create(interviews)
        Feedback.objects.bulk_create(feedback)


# P1's interview results, read as our outcomes.
INTERVIEW_RESULTS = {
    "pass": Interview.Outcome.PASSED,
    "passed": Interview.Outcome.PASSED,
    "hired": Interview.Outcome.PASSED,
    "fail": Interview.Outcome.FAILED,
    "failed": Interview.Outcome.FAILED,
    "rejected": Interview.Outcome.FAILED,
    "cancelled": Interview.Outcome.CANCELLED,
}


def nested_interviews(value: Any) -> list[dict[str, Any]]:
    """A row's nested interviews (``interviewer``, ``scheduled_at``, ``result``, ``feedback``
    of ``rating`` 1-5 and ``comment``), checked; RowInvalid names the interview by its place."""
    if not value or not isinstance(value, list):
        return []
    interviews = []
    for place, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            raise RowInvalid({"interviews": f"Interview {place} is not an object."})
        try:
            scheduled = datetime.fromisoformat(as_text(item.get("scheduled_at")))
        except ValueError:
            raise RowInvalid(
                {"interviews": f"Interview {place}: scheduled_at is not an ISO 8601 date-time."}
            ) from None
        if timezone.is_naive(scheduled):
            scheduled = timezone.make_aware(scheduled)
        result = as_text(item.get("result")).lower()
        outcome = INTERVIEW_RESULTS.get(result, Interview.Outcome.PENDING)
        feedback = []
        for entry in item.get("feedback") or []:
            rating = entry.get("rating") if isinstance(entry, dict) else None
            if not isinstance(rating, int) or not 1 <= rating <= 5:
                raise RowInvalid({"interviews": f"Interview {place}: a rating must be 1 to 5."})
            feedback.append({"rating": rating, "comment": as_text(entry.get("comment"))})
        interviews.append(
            {
                "interviewer": as_text(item.get("interviewer"))[:200],
                "scheduled_at": scheduled,
                "status": Interview.Status.COMPLETED if result else Interview.Status.SCHEDULED,
                "outcome": outcome,
                "feedback": feedback,
            }
        )
    return interviews
