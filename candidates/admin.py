from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from interview_tracker.admin import StatusHistoryInline

from .models import Candidate


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin[Candidate]):
    list_display = ["name", "email", "status", "position", "source", "workspace", "created_at"]
    list_filter = ["status", "source", "workspace", "created_at"]
    search_fields = ["name", "email", "phone", "notes"]
    list_select_related = ["position", "position__company", "workspace"]
    raw_id_fields = ["position", "user"]
    # Status moves go through the pipeline service (history, activity); read-only here.
    readonly_fields = ["status", "created_at", "updated_at"]
    inlines = [StatusHistoryInline]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("position__company", "workspace")
