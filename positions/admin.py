from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from interview_tracker.admin import StatusHistoryInline

from .models import Company, Contact, CVVersion, JobRole, Position, Skill


class ContactInline(admin.TabularInline[Contact, Position]):
    model = Contact
    fields = ["name", "title", "email", "phone", "notes"]
    extra = 0


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin[Company]):
    list_display = ["name", "industry", "size", "headquarters", "workspace", "created_at"]
    list_filter = ["industry", "workspace"]
    search_fields = ["name", "industry", "headquarters"]
    list_select_related = ["workspace"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin[Skill]):
    list_display = ["name", "category", "skill_type", "market_demand", "is_trending", "workspace"]
    list_filter = ["skill_type", "market_demand", "is_trending", "workspace"]
    search_fields = ["name", "category"]
    list_select_related = ["workspace"]


@admin.register(JobRole)
class JobRoleAdmin(admin.ModelAdmin[JobRole]):
    list_display = ["name", "category", "workspace", "created_at"]
    list_filter = ["category", "workspace"]
    search_fields = ["name", "category", "description"]
    filter_horizontal = ["typical_skills"]
    list_select_related = ["workspace"]


@admin.register(CVVersion)
class CVVersionAdmin(admin.ModelAdmin[CVVersion]):
    list_display = ["label", "file", "workspace", "created_at"]
    list_filter = ["workspace"]
    search_fields = ["label", "notes"]
    list_select_related = ["workspace"]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin[Position]):
    list_display = [
        "title",
        "company",
        "status",
        "seniority",
        "is_remote",
        "application_date",
        "next_follow_up",
        "workspace",
    ]
    list_filter = ["status", "seniority", "is_remote", "application_date", "workspace"]
    search_fields = ["title", "company__name", "description", "source"]
    date_hierarchy = "application_date"
    list_select_related = ["company", "workspace"]
    autocomplete_fields = ["company"]
    raw_id_fields = ["role", "cv_version"]
    filter_horizontal = ["required_skills"]
    readonly_fields = ["status", "created_at", "updated_at"]
    inlines = [ContactInline, StatusHistoryInline]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("company", "workspace")


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin[Contact]):
    list_display = ["name", "title", "email", "phone", "position", "workspace"]
    list_filter = ["workspace"]
    search_fields = ["name", "email", "position__title", "position__company__name"]
    list_select_related = ["position", "position__company", "workspace"]
    raw_id_fields = ["position"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("position__company", "workspace")
