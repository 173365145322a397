"""The question bank, questions asked in interviews, practice and spaced repetition, user skills."""

import hashlib
from typing import Any, Self

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from django.db.models import Avg, Case, Count, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from interview_tracker.fields import TagListField
from interview_tracker.models import (
    BaseModel,
    FetchModeManager,
    ScopedManager,
    WorkspaceOwned,
    WorkspaceScopedQuerySet,
)
from interviews.models import Interview, PlanStage
from positions.models import Company, Skill


def question_text_key(text: str) -> str:
    """What makes two questions of a bank the same: their text trimmed, with runs of spaces
    and line breaks made one space, case-folded. Hashed, so the unique index stays small
    whatever the text's length (PostgreSQL refuses index entries above ~2.7 kB)."""
    return hashlib.sha256(" ".join(text.split()).casefold().encode()).hexdigest()


class QuestionTextKeyField(models.CharField):
    """``question_text_key`` of the row's ``text``, computed whenever the row is written (a
    save, ``bulk_create``, the imports' COPY), so no write path can skip the bank's unique
    rule. Empty only on questions older than the rule that duplicate an earlier one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("null", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = question_text_key(model_instance.text)  # type: ignore[attr-defined]
        setattr(model_instance, self.attname, value)
        return value


def one_to_ten() -> list[MinValueValidator | MaxValueValidator]:
    return [MinValueValidator(1), MaxValueValidator(10)]


# Full-text search configuration; the GIN index of migration 0002 is built on the same
# expression (``SEARCH_VECTOR``), so PostgreSQL answers a search from the index.
SEARCH_CONFIG = "english"
SEARCH_VECTOR = SearchVector("text", "answer_summary", config=SEARCH_CONFIG)

# Difficulty sorts by rank (easy < medium < hard < expert), not alphabetically.
DIFFICULTY_RANK = {"easy": 1, "medium": 2, "hard": 3, "expert": 4}


def _count_of(queryset: models.QuerySet[Any]) -> Coalesce:
    """A correlated ``COUNT(*)`` of ``queryset`` per outer question: one scalar subquery per
    row, so counting links and sessions never multiplies the outer rows as joins would."""
    counted = queryset.order_by().values("question_id").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), Value(0))


class QuestionQuerySet(WorkspaceScopedQuerySet["Question"]):
    def with_stats(self) -> Self:
        """Annotate the derived numbers of the contract, computed by the database:

        - ``times_asked``: links to interviews with ``was_asked`` true;
        - ``times_practiced``: practice sessions of the question, by every user;
        - ``average_rating``: the mean ``answer_quality_rating`` of the question's interview
          links that carry a rating (null when none does);
        - ``difficulty_rank``: 1-4 for easy, medium, hard, expert (ordering by difficulty).
        """
        asked = InterviewQuestion.objects.filter(question_id=OuterRef("pk"), was_asked=True)
        practiced = PracticeSession.objects.filter(question_id=OuterRef("pk"))
        rated = (
            InterviewQuestion.objects.filter(
                question_id=OuterRef("pk"), answer_quality_rating__isnull=False
            )
            .order_by()
            .values("question_id")
            .annotate(avg=Avg("answer_quality_rating"))
            .values("avg")
        )
        return self.annotate(
            times_asked=_count_of(asked),
            times_practiced=_count_of(practiced),
            average_rating=Subquery(rated, output_field=models.FloatField()),
            difficulty_rank=Case(
                *(When(difficulty=key, then=Value(rank)) for key, rank in DIFFICULTY_RANK.items()),
                default=Value(0),
                output_field=models.IntegerField(),
            ),
        )

    def active(self) -> Self:
        return self.filter(is_active=True)

    def search(self, terms: str) -> Self:
        """Full-text search over text and answer summary on PostgreSQL (stemmed, every word
        must match); on SQLite every word must occur in either field (case-insensitive).
        A simple whole word finds the same questions on both."""
        terms = terms.strip()
        if not terms:
            return self
        if connections[self.db].vendor == "postgresql":
            query = SearchQuery(terms, config=SEARCH_CONFIG, search_type="plain")
            return self.annotate(search_document=SEARCH_VECTOR).filter(search_document=query)
        condition = Q()
        for word in terms.split():
            condition &= Q(text__icontains=word) | Q(answer_summary__icontains=word)
        return self.filter(condition)


QuestionManager = FetchModeManager.from_queryset(QuestionQuerySet)


class Question(WorkspaceOwned):
    class Category(models.TextChoices):
        TECHNICAL = "technical"
        BEHAVIORAL = "behavioral"
        PRODUCT = "product"
        SYSTEM_DESIGN = "system_design"
        CODING = "coding"
        CASE_STUDY = "case_study"
        HR = "hr"
        OTHER = "other"

    class Difficulty(models.TextChoices):
        EASY = "easy"
        MEDIUM = "medium"
        HARD = "hard"
        EXPERT = "expert"

    text = models.TextField()
    category = models.CharField(max_length=16, choices=Category.choices, default=Category.TECHNICAL)
    difficulty = models.CharField(
        max_length=8, choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    answer_summary = models.TextField(blank=True)
    key_concepts = TagListField()
    common_mistakes = TagListField()
    tips = TagListField()
    time_to_answer_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(600)]
    )
    tags = TagListField()
    skills = models.ManyToManyField(Skill, blank=True, related_name="questions")
    company = models.ForeignKey(
        Company, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text_key = QuestionTextKeyField()

    objects = QuestionManager()

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    category__in=[
                        "technical",
                        "behavioral",
                        "product",
                        "system_design",
                        "coding",
                        "case_study",
                        "hr",
                        "other",
                    ]
                ),
                name="question_category_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(difficulty__in=["easy", "medium", "hard", "expert"]),
                name="question_difficulty_valid",
            ),
            # One question per text in a bank: adding "by text" finds the one there (two
            # concurrent adds made duplicates before), and the find-or-create of the imports
            # and of the interview page relies on it. Its index serves that lookup.
            models.UniqueConstraint(
                "workspace", "text_key", name="question_text_unique_per_workspace"
            ),
        ]
        indexes = [
            # The bank: a workspace's active questions by category and difficulty.
            models.Index(
                fields=["workspace", "is_active", "category", "difficulty"],
                name="question_bank_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class InterviewQuestion(WorkspaceOwned):
    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="questions_asked"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="asked_in")
    was_asked = models.BooleanField(default=True)
    order_asked = models.PositiveSmallIntegerField(null=True, blank=True)
    candidate_answer = models.TextField(blank=True)
    answer_quality_rating = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=one_to_ten()
    )
    time_taken_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    was_prepared = models.BooleanField(default=False)
    confidence_level = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=one_to_ten()
    )
    what_went_well = models.TextField(blank=True)
    what_could_improve = models.TextField(blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["interview_id", "order_asked", "created_at", "id"]
        constraints = [
            models.UniqueConstraint("interview", "question", name="interview_question_unique"),
            models.CheckConstraint(
                condition=models.Q(answer_quality_rating__isnull=True)
                | models.Q(answer_quality_rating__gte=1, answer_quality_rating__lte=10),
                name="interview_question_rating_1_10",
            ),
            models.CheckConstraint(
                condition=models.Q(confidence_level__isnull=True)
                | models.Q(confidence_level__gte=1, confidence_level__lte=10),
                name="interview_question_confidence_1_10",
            ),
        ]
        indexes = [
            # times_asked and average_rating per question.
            models.Index(fields=["question", "was_asked"], name="interview_question_stats_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.question} @ {self.interview}"


class KitQuestion(BaseModel):
    """A bank question in the kit of an interview plan's stage, in the order it is asked."""

    plan_stage = models.ForeignKey(
        PlanStage, on_delete=models.CASCADE, related_name="kit_questions"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="in_kits")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan_stage_id", "order", "id"]
        constraints = [
            models.UniqueConstraint("plan_stage", "question", name="kit_question_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_stage_id} #{self.order}"


class PracticeSession(WorkspaceOwned):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="practice_sessions"
    )
    answer = models.TextField(blank=True)
    self_rating = models.PositiveSmallIntegerField(validators=one_to_ten())
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(self_rating__gte=1, self_rating__lte=10),
                name="practice_self_rating_1_10",
            ),
        ]
        indexes = [
            # A user's history, and times_practiced per question.
            models.Index(fields=["user", "-created_at"], name="practice_user_idx"),
            models.Index(fields=["question"], name="practice_question_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} practised {self.question} ({self.self_rating}/10)"


class ReviewSchedule(BaseModel):
    """Spaced-repetition state of one question for one user (SM-2: ease, interval, repetitions)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="schedules")
    ease = models.FloatField(default=2.5)
    interval_days = models.PositiveIntegerField(default=0)
    repetitions = models.PositiveIntegerField(default=0)
    due_at = models.DateTimeField()

    objects = FetchModeManager()

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint("user", "question", name="review_schedule_unique"),
        ]
        indexes = [
            # The due queue: a user's schedules in due order.
            models.Index(fields=["user", "due_at"], name="review_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.question} due {self.due_at:%Y-%m-%d}"


class UserSkill(WorkspaceOwned):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="user_skills")
    proficiency = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    objects = ScopedManager()

    class Meta:
        ordering = ["skill__name", "id"]
        constraints = [
            models.UniqueConstraint("user", "skill", name="user_skill_unique"),
            models.CheckConstraint(
                condition=models.Q(proficiency__gte=1, proficiency__lte=5),
                name="user_skill_proficiency_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.proficiency}/5)"
