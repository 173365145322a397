"""Mock interviews: the assistant asks questions from the bank, follows up once on each answer,
scores each answer against the question's key concepts, records a practice session (so the
spaced-repetition queue moves) and ends with a summary.

An answer is handled in three steps so that no transaction spans the provider's evaluation:
``mock_interview_turn`` reads what is being answered, ``evaluate`` scores it (the configured
provider, with the offline scorer as its floor), and ``mock_interview_record`` writes the result
under a lock that refuses a second answer to the same turn.
"""

import math
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from asgiref.sync import sync_to_async
from django.db import transaction
from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from interview_tracker.errors import (
    BusinessRuleError,
    ConflictError,
    DomainError,
    ValidationFailed,
)
from interview_tracker.models import User
from positions.models import Position
from questions.models import Question, ReviewSchedule
from questions.services import practice_record

from .models import MockInterview, MockInterviewItem
from .providers import BankQuestion, ProviderError, get_provider
from .services import Event
from .text import tokens

MAX_QUESTIONS = 20
# The bank categories a round of each kind asks from (any category for the others).
ROUND_CATEGORIES = {
    "phone_screen": ["behavioral", "hr", "technical"],
    "technical": ["technical", "coding"],
    "coding": ["coding", "technical"],
    "system_design": ["system_design", "technical"],
    "behavioral": ["behavioral"],
    "hr": ["hr", "behavioral"],
}
Verdict = str


def verdict_of(score: int) -> Verdict:
    return "strong" if score >= 8 else "adequate" if score >= 5 else "weak"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _concept_covered(concept: str, said: set[str]) -> bool:
    words = set(tokens(concept))
    if not words:
        return False
    needed = max(1, round(len(words) * 0.6))
    return len(words & said) >= needed


def bank_question(question: Question) -> BankQuestion:
    return BankQuestion(
        id=str(question.pk),
        text=question.text,
        category=question.category,
        answer_summary=question.answer_summary,
        key_concepts=tuple(question.key_concepts or ()),
        common_mistakes=tuple(question.common_mistakes or ()),
        tips=tuple(question.tips or ()),
        score=1.0,
    )


def evaluate_offline(question: BankQuestion, answer: str, *, follow_up: bool) -> dict[str, Any]:
    """Score ``answer`` by the key concepts it names (1-10); without key concepts, by how much
    it says. The follow-up asks about the first concept missed (or for an example)."""
    said = set(tokens(answer))
    concepts = list(question.key_concepts)
    covered = [concept for concept in concepts if _concept_covered(concept, said)]
    missed = [concept for concept in concepts if concept not in covered]
    if concepts:
        score = 1 + math.floor(9 * len(covered) / len(concepts))
    else:
        score = max(1, min(10, 2 + len(said) // 10))
    verdict = verdict_of(score)
    parts = [
        {
            "strong": "A complete answer.",
            "adequate": "A good start: name the missing concepts explicitly next time.",
            "weak": "Build the answer around the key concepts before the details.",
        }[verdict]
        if concepts
        else "Structure the answer: the context, what you did, the result."
    ]
    if question.common_mistakes:
        parts.append(f"Avoid: {_sentence(question.common_mistakes[0])}")
    if question.tips:
        parts.append(f"Tip: {_sentence(question.tips[0])}")
    next_question = None
    if not follow_up:
        next_question = (
            f"You did not mention {missed[0]}. How does it apply here?"
            if missed
            else "Can you give a concrete example from your own work, and its result?"
        )
    return {
        "score": score,
        "verdict": verdict,
        "covered_concepts": covered,
        "missed_concepts": missed,
        "feedback": " ".join(parts),
        "follow_up": next_question,
    }


def _clean_model_evaluation(raw: Any, floor: dict[str, Any], *, follow_up: bool) -> dict[str, Any]:
    """The model's evaluation where it is well formed, the offline one's fields elsewhere."""
    if not isinstance(raw, dict):
        return floor
    result = dict(floor)
    score = raw.get("score")
    if isinstance(score, int | float) and 1 <= score <= 10:
        result["score"] = round(score)
        result["verdict"] = verdict_of(result["score"])
    for key in ("covered_concepts", "missed_concepts"):
        value = raw.get(key)
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            result[key] = value
    if isinstance(raw.get("feedback"), str) and raw["feedback"].strip():
        result["feedback"] = raw["feedback"].strip()
    if not follow_up and isinstance(raw.get("follow_up"), str) and raw["follow_up"].strip():
        result["follow_up"] = raw["follow_up"].strip()
    return result


async def evaluate(question: BankQuestion, answer: str, *, follow_up: bool) -> dict[str, Any]:
    """The configured provider's evaluation, or the offline one when it is offline or fails
    (a rehearsal never stops for a provider outage; the offline scorer is deterministic)."""
    floor = evaluate_offline(question, answer, follow_up=follow_up)
    provider = get_provider()
    if not provider.evaluates:
        return floor
    try:
        raw = await provider.evaluate(question, answer, follow_up=follow_up)
    except ProviderError:
        return floor
    return _clean_model_evaluation(raw, floor, follow_up=follow_up)


def _queue_order(user: User) -> Any:
    """When each question is next due for ``user`` (never practised: now)."""
    due = ReviewSchedule.objects.filter(user=user, question=OuterRef("pk")).values("due_at")[:1]
    return Coalesce(Subquery(due), Value(timezone.now()))


def pick_questions(
    *,
    user: User,
    position: Position | None,
    round_kind: str,
    ids: list[Any],
    count: int,
) -> list[Question]:
    """The questions to ask: the given ones, else the bank's for the round's kind, the
    position's company first, then those due soonest in the practice queue."""
    active = Question.objects.for_user(user).filter(is_active=True)
    if ids:
        found = {question.pk: question for question in active.filter(pk__in=ids)}
        missing = [str(pk) for pk in ids if pk not in found]
        if missing:
            raise ValidationFailed({"questions": f"Not in your bank: {', '.join(missing)}."})
        return [found[pk] for pk in ids]
    chosen = active
    if round_kind in ROUND_CATEGORIES:
        chosen = chosen.filter(category__in=ROUND_CATEGORIES[round_kind])
    if position is not None:
        chosen = chosen.filter(workspace_id=position.workspace_id)
    same_company = (
        Case(
            When(company_id=position.company_id, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        if position is not None
        else Value(0)
    )
    questions = list(
        chosen.annotate(same_company=same_company, next_due=_queue_order(user)).order_by(
            "same_company", "next_due", "created_at", "id"
        )[:count]
    )
    if not questions:
        raise ValidationFailed(
            {"questions": "No active question of your bank fits; add questions or pick others."}
        )
    return questions


@transaction.atomic
def mock_interview_start(
    *,
    user: User,
    position: Position | None = None,
    round_kind: str = "",
    question_ids: list[Any] | None = None,
    count: int = 5,
) -> MockInterview:
    if not 1 <= count <= MAX_QUESTIONS:
        raise ValidationFailed({"count": f"Ask between 1 and {MAX_QUESTIONS} questions."})
    questions = pick_questions(
        user=user, position=position, round_kind=round_kind, ids=question_ids or [], count=count
    )
    workspace_id = position.workspace_id if position is not None else questions[0].workspace_id
    mock = MockInterview.objects.create(
        workspace_id=workspace_id, user=user, position=position, round_kind=round_kind
    )
    MockInterviewItem.objects.bulk_create(
        MockInterviewItem(mock_interview=mock, order=index, question=question)
        for index, question in enumerate(questions, start=1)
    )
    return mock


@dataclass(frozen=True)
class Turn:
    """What an answer is about to answer: item ``order``'s question or its follow-up."""

    order: int
    follow_up: bool
    question: BankQuestion
    asked: str
    # For a follow-up, the first answer (the two are scored together).
    earlier_answer: str


def current_item(mock: MockInterview, items: list[MockInterviewItem]) -> MockInterviewItem | None:
    return next((item for item in items if not item.done), None)


def mock_interview_turn(*, mock: MockInterview) -> Turn:
    """The turn an answer to ``mock`` answers now; 400 once the rehearsal is finished."""
    if mock.status == MockInterview.Status.FINISHED:
        raise BusinessRuleError("This mock interview is finished; start another one.")
    items = list(mock.items.select_related("question").order_by("order"))
    item = current_item(mock, items)
    if item is None:  # pragma: no cover - a finished rehearsal is marked so
        raise BusinessRuleError("This mock interview has no question left.")
    follow_up = item.awaiting_follow_up
    return Turn(
        order=item.order,
        follow_up=follow_up,
        question=bank_question(item.question),
        asked=item.follow_up if follow_up else item.question.text,
        earlier_answer=item.answer if follow_up else "",
    )


def _summary(items: list[MockInterviewItem]) -> dict[str, Any]:
    evaluations = [
        (item.question.text, item.follow_up_evaluation)
        for item in items
        if item.follow_up_evaluation is not None
    ]
    scores = [evaluation["score"] for _text, evaluation in evaluations]
    verdicts = Counter(verdict_of(score) for score in scores)
    return {
        "questions": len(items),
        "average_score": round(sum(scores) / len(scores), 1) if scores else None,
        "verdicts": {key: verdicts.get(key, 0) for key in ("strong", "adequate", "weak")},
        "to_review": [
            {
                "question": text,
                "score": evaluation["score"],
                "missed_concepts": evaluation["missed_concepts"],
            }
            for text, evaluation in sorted(evaluations, key=lambda pair: pair[1]["score"])
            if evaluation["score"] < 8
        ],
    }


@transaction.atomic
def mock_interview_record(
    *, mock: MockInterview, turn: Turn, answer: str, evaluation: dict[str, Any]
) -> tuple[MockInterviewItem, MockInterview]:
    """Store ``answer`` and its ``evaluation`` for ``turn``; a turn already answered (a second
    tab, a retried request) is a conflict, never a second practice session."""
    locked = (
        MockInterview.objects.select_for_update(of=("self",)).select_related("user").get(pk=mock.pk)
    )
    items = list(locked.items.select_related("question").order_by("order"))
    item = current_item(locked, items)
    if (
        locked.status == MockInterview.Status.FINISHED
        or item is None
        or item.order != turn.order
        or item.awaiting_follow_up != turn.follow_up
    ):
        raise ConflictError("This question was answered already; reload the mock interview.")
    if not turn.follow_up:
        item.answer = answer
        item.evaluation = evaluation
        item.follow_up = evaluation["follow_up"]
        item.save(update_fields=["answer", "evaluation", "follow_up"])
        return item, locked
    item.follow_up_answer = answer
    item.follow_up_evaluation = evaluation
    item.practice_session = practice_record(
        user=locked.user,
        question=item.question,
        self_rating=evaluation["score"],
        answer=f"{item.answer}\n\nFollow-up ({item.follow_up}): {answer}",
    ).session
    item.save(update_fields=["follow_up_answer", "follow_up_evaluation", "practice_session"])
    if all(other.done for other in items):
        locked.status = MockInterview.Status.FINISHED
        locked.summary = _summary(items)
        locked.save(update_fields=["status", "summary", "updated_at"])
    return item, locked


def answer_result(
    item: MockInterviewItem, mock: MockInterview, turn: Turn, evaluation: dict[str, Any]
) -> dict[str, Any]:
    """The answer's response: the evaluation, the follow-up to answer next (or null), the next
    question once this one is done (or null), and the practice session recorded (or null)."""
    next_question = None
    if turn.follow_up and mock.status == MockInterview.Status.IN_PROGRESS:
        upcoming = (
            MockInterviewItem.objects.filter(mock_interview=mock, order__gt=item.order)
            .select_related("question")
            .order_by("order")
            .first()
        )
        if upcoming is not None:
            next_question = {"id": str(upcoming.question_id), "text": upcoming.question.text}
    return {
        "question": {"id": turn.question.id, "text": turn.asked},
        "score": evaluation["score"],
        "verdict": evaluation["verdict"],
        "covered_concepts": evaluation["covered_concepts"],
        "missed_concepts": evaluation["missed_concepts"],
        "feedback": evaluation["feedback"],
        "follow_up": None if turn.follow_up else {"text": evaluation["follow_up"]},
        "next": next_question,
        "practice_session": str(item.practice_session_id) if item.practice_session_id else None,
        "finished": mock.status == MockInterview.Status.FINISHED,
    }


async def mock_interview_answer(*, mock: MockInterview, answer: str) -> dict[str, Any]:
    """Answer the current turn of ``mock``: read the turn, evaluate (no transaction open while
    the provider works), record. A follow-up is scored together with the first answer."""
    turn = await sync_to_async(mock_interview_turn)(mock=mock)
    said = f"{turn.earlier_answer}\n\n{answer}" if turn.follow_up else answer
    evaluation = await evaluate(turn.question, said, follow_up=turn.follow_up)
    item, recorded = await sync_to_async(mock_interview_record)(
        mock=mock, turn=turn, answer=answer, evaluation=evaluation
    )
    return await sync_to_async(answer_result)(item, recorded, turn, evaluation)


async def mock_answer_events(*, mock: MockInterview, answer: str) -> AsyncIterator[Event]:
    """The answer as the assistant's SSE events: ``start``, ``evaluation`` (the same object as
    the JSON answer), ``complete``; a refusal is an ``error`` event that ends the stream."""
    yield Event("start", {"mock_interview": str(mock.pk)})
    try:
        result = await mock_interview_answer(mock=mock, answer=answer)
    except DomainError as exc:
        code = "RESOURCE_CONFLICT" if isinstance(exc, ConflictError) else "BUSINESS_LOGIC_ERROR"
        yield Event("error", {"message": exc.message, "code": code})
        return
    yield Event("evaluation", result)
    yield Event("complete", {"success": True, "finished": result["finished"]})
