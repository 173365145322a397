from typing import Any

from django.contrib import admin

from .models import (
    CalendarConnection,
    CalendarEvent,
    PersonalAccessToken,
    Webhook,
    WebhookAttempt,
    WebhookDelivery,
)


@admin.register(PersonalAccessToken)
class PersonalAccessTokenAdmin(admin.ModelAdmin[PersonalAccessToken]):
    list_display = ["name", "user", "prefix", "scopes", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__email"]
    list_select_related = ["user"]
    readonly_fields = ["prefix", "digest", "last_used_at", "created_at"]


class WebhookAttemptInline(admin.TabularInline[WebhookAttempt, WebhookDelivery]):
    model = WebhookAttempt
    extra = 0
    readonly_fields = ["number", "response_code", "error", "duration_ms", "created_at"]


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin[Webhook]):
    list_display = ["url", "workspace", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["url", "workspace__name"]
    list_select_related = ["workspace"]
    exclude = ["secret"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin[WebhookDelivery]):
    list_display = ["event_type", "webhook", "status", "attempt_count", "created_at"]
    list_filter = ["status", "event_type"]
    search_fields = ["message_id", "webhook__url"]
    list_select_related = ["webhook"]
    inlines = [WebhookAttemptInline]


class CalendarEventInline(admin.TabularInline[CalendarEvent, CalendarConnection]):
    model = CalendarEvent
    extra = 0
    fields = ("participant", "href", "sequence", "updated_at")
    readonly_fields = ("participant", "href", "sequence", "updated_at")

    def get_queryset(self, request: Any) -> Any:
        return super().get_queryset(request).select_related("participant__user")


@admin.register(CalendarConnection)
class CalendarConnectionAdmin(admin.ModelAdmin[CalendarConnection]):
    list_display = ["user", "calendar_name", "calendar_url", "last_synced_at", "last_error_at"]
    search_fields = ["user__email", "calendar_url", "username"]
    list_select_related = ["user"]
    # The encrypted password stays out of the admin: staff have no use for it.
    exclude = ["password_encrypted"]
    readonly_fields = ["last_synced_at", "last_error", "last_error_at", "created_at"]
    inlines = [CalendarEventInline]
