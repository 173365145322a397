"""Stored assistant conversations, per user."""

from typing import Any, Self

from django.conf import settings
from django.db import models

from interview_tracker.models import FetchModeManager, WorkspaceOwned
from interviews.models import Interview

from .agents import AGENTS


class ConversationQuerySet(models.QuerySet["Conversation"]):
    def for_user(self, user: Any) -> Self:
        """Conversations are private: only their author reads them, whatever the workspace."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)


ConversationManager = FetchModeManager.from_queryset(ConversationQuerySet)


class Conversation(WorkspaceOwned):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversations"
    )
    title = models.CharField(max_length=200)

    objects = ConversationManager()

    class Meta:
        ordering = ["-updated_at", "id"]
        indexes = [
            # A user's conversations, most recent first.
            models.Index(fields=["user", "-updated_at"], name="conversation_user_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class Turn(models.Model):
    """One question and the answer the assistant gave, with how it was routed."""

    id = models.BigAutoField(primary_key=True)
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="turns")
    question = models.TextField()
    context = models.TextField(blank=True)
    answer = models.TextField(blank=True)
    agent = models.CharField(max_length=32)
    routing = models.JSONField(default=dict)
    follow_up_questions = models.JSONField(default=list)
    provider = models.CharField(max_length=16)
    success = models.BooleanField(default=True)
    error = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FetchModeManager["Turn"]()

    class Meta:
        ordering = ["conversation_id", "created_at", "id"]

    def __str__(self) -> str:
        return self.question[:80]

    @property
    def agent_name(self) -> str:
        agent = AGENTS.get(self.agent)
        return agent.name if agent else self.agent


class MockInterviewQuerySet(models.QuerySet["MockInterview"]):
    def for_user(self, user: Any) -> Self:
        """A rehearsal is private to the person rehearsing."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)


class MockInterview(WorkspaceOwned):
    """A rehearsal: the assistant asks questions from the bank, follows up once on each answer,
    scores it against the question's key concepts and records a practice session."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        FINISHED = "finished"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mock_interviews"
    )
    position = models.ForeignKey(
        "positions.Position", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    round_kind = models.CharField(max_length=16, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.IN_PROGRESS)
    summary = models.JSONField(default=dict, blank=True)

    objects = FetchModeManager.from_queryset(MockInterviewQuerySet)()

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [
            # A user's rehearsals, newest first.
            models.Index(fields=["user", "-created_at"], name="mock_interview_user_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["in_progress", "finished"]),
                name="mock_interview_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Mock interview of {self.created_at:%Y-%m-%d}"

    @property
    def round_label(self) -> str:
        return str(dict(Interview.Kind.choices).get(self.round_kind, ""))


class MockInterviewItem(models.Model):
    """One question of a rehearsal: the answer, the follow-up and its answer, their evaluations,
    and the practice session recorded once the question is done."""

    id = models.BigAutoField(primary_key=True)
    mock_interview = models.ForeignKey(
        MockInterview, on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField()
    question = models.ForeignKey("questions.Question", on_delete=models.CASCADE, related_name="+")
    answer = models.TextField(blank=True)
    evaluation = models.JSONField(null=True, blank=True)
    follow_up = models.TextField(blank=True)
    follow_up_answer = models.TextField(blank=True)
    follow_up_evaluation = models.JSONField(null=True, blank=True)
    practice_session = models.ForeignKey(
        "questions.PracticeSession",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = FetchModeManager["MockInterviewItem"]()

    class Meta:
        ordering = ["mock_interview_id", "order"]
        constraints = [
            models.UniqueConstraint("mock_interview", "order", name="mock_item_unique_order"),
        ]

    def __str__(self) -> str:
        return f"#{self.order}"

    @property
    def done(self) -> bool:
        return self.follow_up_evaluation is not None

    @property
    def awaiting_follow_up(self) -> bool:
        return self.evaluation is not None and self.follow_up_evaluation is None
