"""Stored assistant conversations, per user."""

from typing import Any, Self

from django.conf import settings
from django.db import models

from interview_tracker.models import FetchModeManager, WorkspaceOwned

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
