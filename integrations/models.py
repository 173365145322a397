"""Personal access tokens and webhooks: how scripts, AI agents and other systems reach a user's
data (the API and MCP with a token) and are told about changes (signed webhook deliveries)."""

import secrets
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.utils import timezone

from interview_tracker.models import BaseModel, Role, WorkspaceOwned

TOKEN_PREFIX = "itk_"


class TokenScope(models.TextChoices):
    READ = "read"
    WRITE = "write"


class PersonalAccessTokenQuerySet(models.QuerySet["PersonalAccessToken"]):
    def for_user(self, user: Any) -> Self:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user, revoked_at__isnull=True)

    def usable(self) -> Self:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class PersonalAccessToken(BaseModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens"
    )
    name = models.CharField(max_length=100)
    # The first characters of the secret, shown in lists so a user can tell tokens apart.
    prefix = models.CharField(max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = PersonalAccessTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def can_write(self) -> bool:
        return TokenScope.WRITE in self.scopes

    @staticmethod
    def new_secret() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)


class WebhookEvent(models.TextChoices):
    CANDIDATE_CREATED = "candidate.created"
    CANDIDATE_STATUS_CHANGED = "candidate.status_changed"
    INTERVIEW_SCHEDULED = "interview.scheduled"
    INTERVIEW_RESCHEDULED = "interview.rescheduled"
    INTERVIEW_CANCELLED = "interview.cancelled"
    INTERVIEW_COMPLETED = "interview.completed"
    FEEDBACK_SUBMITTED = "feedback.submitted"
    OFFER_ACCEPTED = "offer.accepted"


class WebhookQuerySet(models.QuerySet["Webhook"]):
    def for_user(self, user: Any) -> Self:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        # Endpoints and their payloads are workspace settings: owners only.
        owned = [pk for pk, role in user.workspace_roles.items() if role == Role.OWNER]
        return self.filter(workspace_id__in=owned)


class Webhook(WorkspaceOwned):
    url = models.URLField(max_length=500)
    events = models.JSONField(default=list)
    # Standard Webhooks signing secret (``whsec_`` + base64); shown once at creation.
    secret = models.CharField(max_length=100)
    is_active = models.BooleanField(default=True)
    description = models.CharField(max_length=200, blank=True)

    objects = WebhookQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # The dispatcher's lookup: a workspace's active endpoints.
            models.Index(fields=["workspace", "is_active"], name="webhook_active_idx"),
        ]

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class WebhookDelivery(BaseModel):
    """One event sent to one endpoint: its message id stays the same on every attempt, so a
    receiver that got it twice can tell."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event_type = models.CharField(max_length=40, choices=WebhookEvent.choices)
    message_id = models.CharField(max_length=40, unique=True)
    payload = models.JSONField()
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempt_count = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The delivery log of one endpoint, newest first.
            models.Index(fields=["webhook", "-created_at"], name="delivery_log_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=DeliveryStatus.values),
                name="webhook_delivery_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.webhook_id}"


class WebhookAttempt(BaseModel):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=255, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["delivery_id", "number", "id"]
        constraints = [
            models.UniqueConstraint("delivery", "number", name="webhook_attempt_unique_number"),
        ]

    def __str__(self) -> str:
        return f"#{self.number}: {self.response_code or self.error}"

    @property
    def succeeded(self) -> bool:
        return self.response_code is not None and 200 <= self.response_code < 300


class CalendarConnectionQuerySet(models.QuerySet["CalendarConnection"]):
    def for_user(self, user: Any) -> Self:
        # A connection is its member's own, whatever their role: nobody else reads it.
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)


class CalendarConnection(BaseModel):
    """A member's CalDAV calendar: their interviews are written to it and its busy times
    feed their free slots (integrations/calendar_sync.py)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_connection"
    )
    # The calendar collection itself, found from the address the member gave.
    calendar_url = models.URLField(max_length=500)
    calendar_name = models.CharField(max_length=200, blank=True)
    username = models.CharField(max_length=200)
    # Fernet token of the app password (integrations/encryption.py), never the password.
    password_encrypted = models.TextField()
    last_synced_at = models.DateTimeField(null=True, blank=True)
    # The last failure talking to the calendar, shown on the settings page until a success.
    last_error = models.CharField(max_length=300, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)

    objects = CalendarConnectionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.username} at {self.calendar_url}"


class CalendarEvent(BaseModel):
    """One interview seat written to its member's calendar. Deleting the row (the seat or the
    interview is gone, the interview is cancelled) removes the event from the calendar."""

    connection = models.ForeignKey(
        CalendarConnection, on_delete=models.CASCADE, related_name="events"
    )
    participant = models.OneToOneField(
        "interviews.Participant", on_delete=models.CASCADE, related_name="calendar_event"
    )
    # Where the calendar keeps the event (the server may choose it).
    href = models.URLField(max_length=1000)
    # The SEQUENCE written there: a sync holding an older view of the interview skips.
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.href
