"""Questions of the bank in and out of CSV/JSON, for the import engine.

Natural key (so that a second run of the same file creates nothing): the question text,
compared as the bank's unique rule compares it (``question_text_key``: trimmed, spaces
collapsed, any case). A row may name the company where the question was asked (found or
created).
"""

from collections.abc import Hashable
from typing import Any

from interview_tracker.importing import Importer, RowInvalid, SerializerRules, as_text, clean_fields
from interview_tracker.models import WorkspaceKind
from positions.services import companies_by_name

from .api.serializers import QuestionSerializer
from .models import Question, question_text_key
from .services import QUESTION_FIELDS


class QuestionImporter(Importer[Question]):
    entity = "questions"
    labels = {WorkspaceKind.HIRING: "Questions", WorkspaceKind.JOB_SEARCH: "Questions"}
    model = Question
    columns = {
        "text": ("question", "question text", "prompt"),
        "category": ("type", "question category"),
        # P4's spellings: question_difficulty, tips_and_tricks.
        "difficulty": ("level", "question difficulty"),
        "answer_summary": ("answer", "model answer", "summary"),
        "key_concepts": ("concepts", "key concept"),
        "common_mistakes": ("mistakes", "pitfalls"),
        "tips": ("tip", "hints", "tips and tricks"),
        "time_to_answer_minutes": ("time to answer", "minutes", "duration"),
        "tags": ("labels",),
        "company_name": ("company", "company name", "asked at"),
        "is_active": ("active",),
    }
    required = ("text",)
    # The service's editable fields, less the natural key and the company (a name here).
    update_fields = tuple(name for name in QUESTION_FIELDS if name not in {"text", "company"})
    model_fields = ("text", *update_fields)
    export_lookups = {"company_name": "company__name"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One serializer validates every row: its fields are built once, not per row.
        self.rules = SerializerRules(QuestionSerializer(context={"request": None}))

    def clean(self, raw: dict[str, Any]) -> dict[str, Any]:
        values = clean_fields(Question, raw, self.model_fields, self.rules)
        values["text"] = values["text"].strip()
        company = as_text(raw.get("company_name"))
        if len(company) > 200:
            raise RowInvalid({"company_name": "At most 200 characters."})
        values["company_name"] = company
        return values

    def natural_key(self, values: dict[str, Any]) -> str:
        return question_text_key(str(values["text"]))

    def resolve(self, rows: list[tuple[int, dict[str, Any]]]) -> dict[int, dict[str, str]]:
        names = {v["company_name"] for _, v in rows if v["company_name"]}
        companies = companies_by_name(workspace_id=self.workspace.pk, names=names) if names else {}
        for _, values in rows:
            company = companies.get(values["company_name"].lower())
            values["company_id"] = company.pk if company else None
        return {}

    def find_existing(self, keys: set[Hashable]) -> dict[Hashable, Question]:
        questions = Question.objects.filter(workspace=self.workspace, text_key__in=keys)
        return {question.text_key: question for question in questions}

    def assign(self, obj: Question, values: dict[str, Any]) -> set[str]:
        changed = super().assign(obj, values)
        if values["company_name"] and obj.company_id != values["company_id"]:
            obj.company_id = values["company_id"]
            changed.add("company")
        return changed

    def build(self, values: dict[str, Any]) -> Question:
        fields = {k: v for k, v in values.items() if k in self.model_fields}
        return Question(
            workspace=self.workspace,
            company_id=values["company_id"],
            created_by=self.actor,
            **fields,
        )
