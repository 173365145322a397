from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import Feedback, Interview, Message, Participant, SentReminder


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    autocomplete_fields = ["user"]


class MessageInline(admin.TabularInline):
    """Messages are append-only: shown, never edited or deleted here."""

    model = Message
    extra = 0
    fields = ["author", "body", "created_at"]
    readonly_fields = ["author", "body", "created_at"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class FeedbackInline(admin.StackedInline):
    model = Feedback
    extra = 0
    autocomplete_fields = ["author"]


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin[Interview]):
    list_display = [
        "__str__",
        "workspace",
        "candidate",
        "position",
        "scheduled_at",
        "kind",
        "status",
        "outcome",
    ]
    list_filter = ["status", "outcome", "kind", "mode", "format", "workspace"]
    search_fields = ["title", "interviewer_name", "candidate__name", "position__title", "location"]
    date_hierarchy = "scheduled_at"
    # Raw ids: the candidates and positions admins live in their own apps.
    raw_id_fields = ["candidate", "position"]
    autocomplete_fields = ["created_by"]
    readonly_fields = ["sequence", "created_at", "updated_at"]
    inlines = [ParticipantInline, MessageInline, FeedbackInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Interview]:
        return (
            super()
            .get_queryset(request)
            .select_related("workspace", "candidate", "position", "position__company")
        )


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin[Feedback]):
    list_display = ["interview", "author", "rating", "recommendation", "created_at"]
    list_filter = ["rating", "recommendation"]
    search_fields = ["comment", "author__email", "interview__title"]
    autocomplete_fields = ["interview", "author"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Feedback]:
        return super().get_queryset(request).select_related("interview", "author")


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin[SentReminder]):
    list_display = ["kind", "object_id", "user", "email", "key", "created_at"]
    list_filter = ["kind"]
    search_fields = ["user__email", "email", "object_id"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SentReminder]:
        return super().get_queryset(request).select_related("user")
