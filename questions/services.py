"""Writes of the question bank: questions, questions asked in interviews, practice with spaced
repetition, and the user's skills. The API, the dashboard and the commands all call these."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from interview_tracker.errors import ConflictError, ValidationFailed
from interview_tracker.fields import clean_tags
from interview_tracker.models import User, Workspace
from interview_tracker.services import activity_record
from interviews.models import Interview
from positions.models import Company, Skill

from .models import (
    InterviewQuestion,
    PracticeSession,
    Question,
    ReviewSchedule,
    UserSkill,
    question_text_key,
)

# A question answered with an ``answer_quality_rating`` at or below this (out of 10) in an
# interview enters the due queue of the user who recorded the rating, due at once.
LOW_RATING_THRESHOLD = 5

# SM-2 constants: the ease factor starts at 2.5 and never falls below 1.3.
INITIAL_EASE = 2.5
MINIMUM_EASE = 1.3

QUESTION_FIELDS = (
    "text",
    "category",
    "difficulty",
    "answer_summary",
    "key_concepts",
    "common_mistakes",
    "tips",
    "time_to_answer_minutes",
    "tags",
    "company",
    "is_active",
)
LIST_FIELDS = ("key_concepts", "common_mistakes", "tips", "tags")
INTERVIEW_QUESTION_FIELDS = (
    "was_asked",
    "order_asked",
    "candidate_answer",
    "answer_quality_rating",
    "time_taken_minutes",
    "was_prepared",
    "confidence_level",
    "what_went_well",
    "what_could_improve",
)


# --- questions -------------------------------------------------------------------------------


def _check_company(workspace_id: Any, company: Company | None) -> None:
    if company is not None and company.workspace_id != workspace_id:
        raise ValidationFailed({"company": "This company belongs to another workspace."})


def _check_skills(workspace_id: Any, skills: list[Skill]) -> None:
    if any(skill.workspace_id != workspace_id for skill in skills):
        raise ValidationFailed({"skills": "Every skill must belong to the question's workspace."})


def _same_text_conflict() -> ConflictError:
    return ConflictError(
        "The bank already holds a question with this text.",
        details={"resource_type": "Question"},
    )


def question_by_text(*, workspace_id: Any, text: str) -> Question | None:
    """The bank's question with this text (compared as ``question_text_key`` does)."""
    return Question.objects.filter(
        workspace_id=workspace_id, text_key=question_text_key(text)
    ).first()


@transaction.atomic
def question_create(
    *,
    workspace: Workspace,
    actor: User | None,
    text: str,
    skills: list[Skill] | None = None,
    **fields: Any,
) -> Question:
    unknown = set(fields) - set(QUESTION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown question fields: {sorted(unknown)}")
    if not text.strip():
        raise ValidationFailed({"text": "A question needs its text."})
    _check_company(workspace.pk, fields.get("company"))
    for name in LIST_FIELDS:
        if name in fields:
            fields[name] = clean_tags(fields[name])
    try:
        with transaction.atomic():
            question = Question.objects.create(
                workspace=workspace,
                text=text.strip(),
                created_by=actor if actor is not None and actor.is_authenticated else None,
                **fields,
            )
    except IntegrityError as exc:
        raise _same_text_conflict() from exc
    if skills:
        _check_skills(workspace.pk, skills)
        question.skills.set(skills)
    activity_record(
        actor=actor, verb="question_created", target=question, summary=f"Added “{question}”"
    )
    return question


@transaction.atomic
def question_update(
    *, question: Question, actor: User | None, skills: list[Skill] | None = None, **fields: Any
) -> Question:
    unknown = set(fields) - set(QUESTION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown question fields: {sorted(unknown)}")
    if "text" in fields:
        fields["text"] = fields["text"].strip()
        if not fields["text"]:
            raise ValidationFailed({"text": "A question needs its text."})
    if "company" in fields:
        _check_company(question.workspace_id, fields["company"])
    for name in LIST_FIELDS:
        if name in fields:
            fields[name] = clean_tags(fields[name])
    changed = [name for name, value in fields.items() if getattr(question, name) != value]
    for name in changed:
        setattr(question, name, fields[name])
    if changed:
        # The text key follows the text (computed when the row is written).
        derived = ["text_key"] if "text" in changed else []
        try:
            with transaction.atomic():
                question.save(update_fields=[*changed, *derived, "updated_at"])
        except IntegrityError as exc:
            raise _same_text_conflict() from exc
    if skills is not None:
        _check_skills(question.workspace_id, skills)
        question.skills.set(skills)
    if changed or skills is not None:
        activity_record(
            actor=actor,
            verb="question_updated",
            target=question,
            summary=f"Edited “{question}”",
            details={"fields": changed + (["skills"] if skills is not None else [])},
        )
    return question


def question_deactivate(*, question: Question, actor: User | None) -> Question:
    """Soft delete: the question leaves lists and practice, its history stays."""
    return question_update(question=question, actor=actor, is_active=False)


def question_reactivate(*, question: Question, actor: User | None) -> Question:
    return question_update(question=question, actor=actor, is_active=True)


# --- spaced repetition -----------------------------------------------------------------------


def sm2_quality(self_rating: int) -> int:
    """Map a self-rating 1-10 to SM-2's answer quality 0-5: ``quality = self_rating // 2``.

    1 → 0, 2-3 → 1, 4-5 → 2, 6-7 → 3, 8-9 → 4, 10 → 5. Qualities 3 and above (a rating of 6
    or more) count as a successful recall.
    """
    if not 1 <= self_rating <= 10:
        raise ValidationFailed({"self_rating": "Must be between 1 and 10."})
    return self_rating // 2


@dataclass(frozen=True)
class Review:
    ease: float
    interval_days: int
    repetitions: int


def sm2_next(*, ease: float, interval_days: int, repetitions: int, quality: int) -> Review:
    """One SM-2 step (SuperMemo 2, P. Wozniak, 1990).

    - A successful recall (quality ≥ 3) lengthens the interval: 1 day after the first success,
      6 days after the second, then the previous interval times the ease (before this review
      changes it), rounded to whole days; ``repetitions`` counts the successes in a row.
    - A failed recall (quality < 3) starts over: ``repetitions`` = 0 and the interval is 1 day.
    - Either way the ease moves by ``0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)`` (+0.1 for q=5,
      0 for q=4, -0.14 for q=3, -0.32 for q=2, -0.54 for q=1, -0.8 for q=0), never below 1.3;
      it is stored rounded to two decimals.

    From a new schedule (ease 2.5), self-ratings 10, 10, 10, 6, 2, 8 give intervals of 1, 6, 16,
    45, 1 and 1 days and eases 2.6, 2.7, 2.8, 2.66, 2.12, 2.12.
    """
    if quality >= 3:
        if repetitions == 0:
            interval = 1
        elif repetitions == 1:
            interval = 6
        else:
            interval = round(interval_days * ease)
        repetitions += 1
    else:
        repetitions = 0
        interval = 1
    miss = 5 - quality
    ease = max(MINIMUM_EASE, round(ease + 0.1 - miss * (0.08 + miss * 0.02), 2))
    return Review(ease=ease, interval_days=interval, repetitions=repetitions)


@dataclass(frozen=True)
class PracticeResult:
    session: PracticeSession
    schedule: ReviewSchedule


@transaction.atomic
def practice_record(
    *,
    user: User,
    question: Question,
    self_rating: int,
    answer: str = "",
    duration_seconds: int | None = None,
    now: dt.datetime | None = None,
) -> PracticeResult:
    """Record one practice answer and schedule the question's next review for ``user``.

    The schedule follows SM-2 (see ``sm2_next``) with the self-rating mapped to a quality by
    ``sm2_quality``; the next review is due ``interval_days`` after this practice.
    """
    quality = sm2_quality(self_rating)
    if duration_seconds is not None and duration_seconds < 0:
        raise ValidationFailed({"duration_seconds": "Must be zero or more."})
    now = now or timezone.now()
    session = PracticeSession.objects.create(
        workspace_id=question.workspace_id,
        user=user,
        question=question,
        answer=answer,
        self_rating=self_rating,
        duration_seconds=duration_seconds,
    )
    # The row lock serialises two practices of one question by one user (two tabs).
    schedule = (
        ReviewSchedule.objects.select_for_update().filter(user=user, question=question).first()
    )
    if schedule is None:
        schedule = _schedule_create(user=user, question=question, due_at=now)
    review = sm2_next(
        ease=schedule.ease,
        interval_days=schedule.interval_days,
        repetitions=schedule.repetitions,
        quality=quality,
    )
    schedule.ease = review.ease
    schedule.interval_days = review.interval_days
    schedule.repetitions = review.repetitions
    schedule.due_at = now + dt.timedelta(days=review.interval_days)
    schedule.save(update_fields=["ease", "interval_days", "repetitions", "due_at", "updated_at"])
    return PracticeResult(session=session, schedule=schedule)


def _schedule_create(*, user: User, question: Question, due_at: dt.datetime) -> ReviewSchedule:
    try:
        with transaction.atomic():
            return ReviewSchedule.objects.create(
                user=user, question=question, ease=INITIAL_EASE, due_at=due_at
            )
    except IntegrityError:  # a concurrent first practice created it: use theirs, locked
        return ReviewSchedule.objects.select_for_update().get(user=user, question=question)


def practice_delete(*, session: PracticeSession) -> None:
    """Remove a mistaken practice entry. The review schedule keeps its state: the next review
    stays where the later practices put it."""
    session.delete()


def review_due_now(*, user: User, question: Question, now: dt.datetime | None = None) -> None:
    """Put ``question`` at the front of ``user``'s due queue and restart its repetitions
    (a badly answered question must be relearnt); the ease is kept."""
    now = now or timezone.now()
    schedule = (
        ReviewSchedule.objects.select_for_update().filter(user=user, question=question).first()
    )
    if schedule is None:
        _schedule_create(user=user, question=question, due_at=now)
        return
    schedule.due_at = min(schedule.due_at, now)
    schedule.repetitions = 0
    schedule.interval_days = 0
    schedule.save(update_fields=["due_at", "repetitions", "interval_days", "updated_at"])


# --- questions asked in interviews -----------------------------------------------------------


def _validate_ratings(fields: dict[str, Any]) -> None:
    errors = {
        name: "Must be between 1 and 10."
        for name in ("answer_quality_rating", "confidence_level")
        if fields.get(name) is not None and not 1 <= fields[name] <= 10
    }
    if errors:
        raise ValidationFailed(errors)


def _queue_if_low(*, actor: User | None, link: InterviewQuestion) -> None:
    rating = link.answer_quality_rating
    if actor is not None and rating is not None and rating <= LOW_RATING_THRESHOLD:
        review_due_now(user=actor, question=link.question)


@transaction.atomic
def interview_question_add(
    *,
    interview: Interview,
    actor: User | None,
    question: Question | None = None,
    text: str = "",
    category: str = Question.Category.OTHER,
    difficulty: str = Question.Difficulty.MEDIUM,
    **fields: Any,
) -> InterviewQuestion:
    """Link ``question`` to ``interview``, or add a question to the bank from ``text`` on the
    spot (in the interview's workspace; the bank's question with the same text, compared as
    ``question_text_key`` does, is linked instead of a duplicate, even when a concurrent
    request adds it first). One link per interview and question (409).

    A rating at or below ``LOW_RATING_THRESHOLD`` puts the question in ``actor``'s due queue.
    """
    unknown = set(fields) - set(INTERVIEW_QUESTION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown interview question fields: {sorted(unknown)}")
    _validate_ratings(fields)
    if question is None:
        text = text.strip()
        if not text:
            raise ValidationFailed({"question": "Choose a question or type a new one."})
        question = question_by_text(workspace_id=interview.workspace_id, text=text)
        if question is None:
            try:
                question = question_create(
                    workspace=Workspace(pk=interview.workspace_id),
                    actor=actor,
                    text=text,
                    category=category,
                    difficulty=difficulty,
                )
            except ConflictError:
                # Added by a concurrent request since the lookup (the unique rule waited for
                # it to commit): link that one.
                question = question_by_text(workspace_id=interview.workspace_id, text=text)
                if question is None:
                    raise
    elif question.workspace_id != interview.workspace_id:
        raise ValidationFailed({"question": "This question belongs to another workspace."})
    if InterviewQuestion.objects.filter(interview=interview, question=question).exists():
        raise ConflictError(
            "This question is already linked to the interview.",
            details={"resource_type": "InterviewQuestion"},
        )
    try:
        with transaction.atomic():
            link = InterviewQuestion.objects.create(
                workspace_id=interview.workspace_id,
                interview=interview,
                question=question,
                **fields,
            )
    except IntegrityError as exc:  # a concurrent request linked it first
        raise ConflictError(
            "This question is already linked to the interview.",
            details={"resource_type": "InterviewQuestion"},
        ) from exc
    _queue_if_low(actor=actor, link=link)
    activity_record(
        actor=actor,
        verb="interview_question_added",
        target=interview,
        summary=f"Question asked: “{question}”",
        details={"question": str(question.pk)},
    )
    return link


@transaction.atomic
def interview_question_update(
    *, link: InterviewQuestion, actor: User | None, **fields: Any
) -> InterviewQuestion:
    unknown = set(fields) - set(INTERVIEW_QUESTION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown interview question fields: {sorted(unknown)}")
    _validate_ratings(fields)
    changed = [name for name, value in fields.items() if getattr(link, name) != value]
    for name in changed:
        setattr(link, name, fields[name])
    if changed:
        link.save(update_fields=[*changed, "updated_at"])
        if "answer_quality_rating" in changed:
            _queue_if_low(actor=actor, link=link)
        activity_record(
            actor=actor,
            verb="interview_question_updated",
            target=link.interview,
            summary=f"Updated the notes on “{link.question}”",
            details={"question": str(link.question_id), "fields": changed},
        )
    return link


@transaction.atomic
def interview_question_remove(*, link: InterviewQuestion, actor: User | None) -> None:
    interview, question = link.interview, link.question
    link.delete()
    activity_record(
        actor=actor,
        verb="interview_question_removed",
        target=interview,
        summary=f"Removed the question “{question}”",
        details={"question": str(question.pk)},
    )


# --- skills ----------------------------------------------------------------------------------


@transaction.atomic
def user_skill_set(*, user: User, skill: Skill, proficiency: int) -> UserSkill:
    """Create or change the user's proficiency (1-5) in ``skill``."""
    if not 1 <= proficiency <= 5:
        raise ValidationFailed({"proficiency": "Must be between 1 and 5."})
    user_skill = UserSkill.objects.select_for_update().filter(user=user, skill=skill).first()
    if user_skill is None:
        try:
            with transaction.atomic():
                return UserSkill.objects.create(
                    workspace_id=skill.workspace_id, user=user, skill=skill, proficiency=proficiency
                )
        except IntegrityError:  # created concurrently: update that one
            user_skill = UserSkill.objects.select_for_update().get(user=user, skill=skill)
    user_skill.skill = skill
    if user_skill.proficiency != proficiency:
        user_skill.proficiency = proficiency
        user_skill.save(update_fields=["proficiency", "updated_at"])
    return user_skill


def user_skill_remove(*, user_skill: UserSkill) -> None:
    user_skill.delete()
