"""The interview plan with its kits: a stage's questions come from this app's bank, so the
writes that touch both (a stage with its questions, a copied plan) and the kit read live here,
calling ``interviews.services`` for the stage itself."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet

from interview_tracker.errors import ValidationFailed
from interview_tracker.models import User
from interviews import services as interview_services
from interviews.models import Interview, PlanStage
from positions.models import Position

from .models import KitQuestion, Question


def _kit_set(stage: PlanStage, questions: Sequence[Question]) -> None:
    strangers = [str(q.pk) for q in questions if q.workspace_id != stage.workspace_id]
    if strangers:
        raise ValidationFailed(
            {"questions": f"Not in this workspace's bank: {', '.join(strangers)}."}
        )
    if len({q.pk for q in questions}) != len(questions):
        raise ValidationFailed({"questions": "Each question appears once in a kit."})
    KitQuestion.objects.filter(plan_stage=stage).delete()
    KitQuestion.objects.bulk_create(
        KitQuestion(plan_stage=stage, question=question, order=index)
        for index, question in enumerate(questions)
    )


@transaction.atomic
def plan_stage_create(
    *, actor: User | None, position: Position, questions: Sequence[Question] = (), **fields: Any
) -> PlanStage:
    """A stage of the opening's plan with its kit's questions, in the order given."""
    stage = interview_services.plan_stage_create(actor=actor, position=position, **fields)
    _kit_set(stage, questions)
    return stage


@transaction.atomic
def plan_stage_update(
    *,
    actor: User | None,
    stage: PlanStage,
    questions: Sequence[Question] | None = None,
    **fields: Any,
) -> PlanStage:
    stage = interview_services.plan_stage_update(actor=actor, stage=stage, **fields)
    if questions is not None:
        _kit_set(stage, questions)
    return stage


@transaction.atomic
def plan_copy(*, actor: User | None, position: Position, from_position: Position) -> None:
    """Append another opening's plan, kits included."""
    pairs = interview_services.plan_copy(
        actor=actor, position=position, from_position=from_position
    )
    copy_of = {source.pk: copy for source, copy in pairs}
    KitQuestion.objects.bulk_create(
        KitQuestion(
            plan_stage=copy_of[link.plan_stage_id], question_id=link.question_id, order=link.order
        )
        for link in KitQuestion.objects.filter(plan_stage_id__in=list(copy_of))
    )


def plan_stages() -> QuerySet[PlanStage]:
    """Stages with their interviewers and kit questions (3 queries for any number)."""
    return PlanStage.objects.prefetch_related(
        Prefetch("default_interviewers", queryset=User.objects.order_by("email", "id")),
        Prefetch(
            "kit_questions",
            queryset=KitQuestion.objects.select_related("question").order_by("order", "id"),
        ),
    ).order_by("order", "id")


def plan_of(position_id: Any) -> QuerySet[PlanStage]:
    """An opening's plan in order."""
    return plan_stages().filter(position_id=position_id)


def kit(interview: Interview) -> dict[str, Any]:
    """What an interviewer brings to the room: the stage's briefing, scorecard template and
    questions, the candidate, and earlier rounds (when, what, how it went, no one's scores)."""
    stage = (
        plan_of(interview.position_id).filter(pk=interview.plan_stage_id).first()
        if interview.plan_stage_id
        else None
    )
    candidate = interview.candidate
    previous: Iterable[Interview] = (
        Interview.objects.filter(candidate_id=candidate.pk, scheduled_at__lt=interview.scheduled_at)
        .exclude(pk=interview.pk)
        .only("id", "title", "kind", "scheduled_at", "status", "outcome")
        .order_by("scheduled_at", "id")
        if candidate is not None
        else []
    )
    return {
        "interview": interview,
        "stage": stage,
        "instructions": stage.instructions if stage else "",
        "criteria": stage.criteria if stage else [],
        "questions": [link.question for link in stage.kit_questions.all()] if stage else [],
        "candidate": candidate,
        "previous_interviews": list(previous),
    }
