from typing import Any

from rest_framework import serializers

from interview_tracker.api.mixins import WorkspaceField

from ..models import (
    PersonalAccessToken,
    TokenScope,
    Webhook,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEvent,
)


class AccessTokenSerializer(serializers.ModelSerializer[PersonalAccessToken]):
    class Meta:
        model = PersonalAccessToken
        fields = ["id", "name", "prefix", "scopes", "expires_at", "last_used_at", "created_at"]
        read_only_fields = fields


class AccessTokenCreateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=100)
    scopes = serializers.ListField(
        child=serializers.ChoiceField(choices=TokenScope.choices), min_length=1
    )
    expires_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class AccessTokenCreatedSerializer(AccessTokenSerializer):
    token = serializers.CharField(help_text="The secret, shown this once.")

    class Meta(AccessTokenSerializer.Meta):
        fields = [*AccessTokenSerializer.Meta.fields, "token"]
        read_only_fields = fields


class WebhookSerializer(serializers.ModelSerializer[Webhook]):
    class Meta:
        model = Webhook
        fields = [
            "id",
            "workspace",
            "url",
            "events",
            "description",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class WebhookCreatedSerializer(WebhookSerializer):
    secret = serializers.CharField(help_text="The signing secret, shown this once.")

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class WebhookWriteSerializer(serializers.Serializer[Webhook]):
    workspace = WorkspaceField(required=False)
    url = serializers.URLField(max_length=500)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEvent.choices), min_length=1
    )
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


class WebhookAttemptSerializer(serializers.ModelSerializer[WebhookAttempt]):
    class Meta:
        model = WebhookAttempt
        fields = ["number", "response_code", "error", "duration_ms", "created_at"]
        read_only_fields = fields


class WebhookDeliverySerializer(serializers.ModelSerializer[WebhookDelivery]):
    attempts = WebhookAttemptSerializer(many=True, read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event_type",
            "message_id",
            "status",
            "attempt_count",
            "next_attempt_at",
            "attempts",
            "payload",
            "created_at",
        ]
        read_only_fields = fields
