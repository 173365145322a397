from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.http import HttpRequest

from .forms import AdminPasswordChangeForm
from .models import (
    ActivityEvent,
    ImportRun,
    Membership,
    OutboundMail,
    StatusChange,
    User,
    Workspace,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "workspace"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "time_zone",
        "is_staff",
        "is_active",
        "date_joined",
    ]
    list_filter = ["is_staff", "is_superuser", "is_active", "time_zone"]
    search_fields = ["email", "first_name", "last_name"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            "Personal info",
            {"fields": ("first_name", "last_name", "time_zone", "default_workspace")},
        ),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    inlines = [MembershipInline]
    raw_id_fields = ["default_workspace"]
    change_password_form = AdminPasswordChangeForm


@admin.register(Workspace)
class WorkspaceAdmin(admin.ModelAdmin[Workspace]):
    list_display = ["name", "is_personal", "created_at"]
    list_filter = ["is_personal"]
    search_fields = ["name", "memberships__user__email"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "workspace", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "workspace__name"]
    autocomplete_fields = ["user", "workspace"]
    list_select_related = ["user", "workspace"]


@admin.register(ActivityEvent)
class ActivityEventAdmin(admin.ModelAdmin[ActivityEvent]):
    list_display = ["created_at", "workspace", "actor", "verb", "summary"]
    list_filter = ["verb", "content_type"]
    search_fields = ["summary", "actor__email"]
    list_select_related = ["workspace", "actor"]
    readonly_fields = [f.name for f in ActivityEvent._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin[StatusChange]):
    list_display = [
        "created_at",
        "workspace",
        "content_type",
        "from_status",
        "to_status",
        "changed_by",
    ]
    list_filter = ["to_status", "content_type"]
    list_select_related = ["workspace", "changed_by", "content_type"]
    readonly_fields = [f.name for f in StatusChange._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False


class StatusHistoryInline(GenericTabularInline):
    """The pipeline history of a candidate or position, read-only: only the pipeline service
    writes StatusChange rows."""

    model = StatusChange
    ct_field = "content_type"
    ct_fk_field = "object_id"
    fields = ("created_at", "from_status", "to_status", "changed_by")
    readonly_fields = fields
    ordering = ["created_at", "id"]
    extra = 0
    can_delete = False
    verbose_name_plural = "status history"

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("changed_by")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(OutboundMail)
class OutboundMailAdmin(admin.ModelAdmin[OutboundMail]):
    """What waits in the outbox and why (the last error of the mail server); the task results
    of ``mail_deliver`` are under "Task results"."""

    list_display = ["subject", "to", "created_at", "sent_at", "attempts", "last_error"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["to", "subject", "key"]
    readonly_fields = [f.name for f in OutboundMail._meta.fields]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin[ImportRun]):
    list_display = [
        "name",
        "entity",
        "workspace",
        "created_by",
        "status",
        "rows_done",
        "created_at",
    ]
    list_filter = ["status", "entity"]
    list_select_related = ["workspace", "created_by"]
    readonly_fields = [f.name for f in ImportRun._meta.fields]
