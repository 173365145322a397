from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import InterviewQuestion, PracticeSession, Question, ReviewSchedule, UserSkill


class InterviewQuestionInline(admin.TabularInline[InterviewQuestion, Question]):
    model = InterviewQuestion
    extra = 0
    fk_name = "question"
    raw_id_fields = ["interview", "workspace"]
    fields = ["interview", "workspace", "was_asked", "answer_quality_rating", "confidence_level"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[InterviewQuestion]:
        return super().get_queryset(request).select_related("interview", "workspace")


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin[Question]):
    list_display = [
        "text",
        "category",
        "difficulty",
        "workspace",
        "company",
        "times_asked",
        "times_practiced",
        "is_active",
        "created_at",
    ]
    list_filter = ["category", "difficulty", "is_active", "workspace"]
    search_fields = ["text", "answer_summary"]
    list_select_related = ["workspace", "company"]
    raw_id_fields = ["workspace", "company", "created_by"]
    filter_horizontal = ["skills"]
    date_hierarchy = "created_at"
    inlines = [InterviewQuestionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Question]:
        return super().get_queryset(request).with_stats()  # type: ignore[attr-defined]

    @admin.display(ordering="times_asked")
    def times_asked(self, obj: Any) -> int:
        return int(obj.times_asked)

    @admin.display(ordering="times_practiced")
    def times_practiced(self, obj: Any) -> int:
        return int(obj.times_practiced)


@admin.register(InterviewQuestion)
class InterviewQuestionAdmin(admin.ModelAdmin[InterviewQuestion]):
    list_display = [
        "question",
        "interview",
        "workspace",
        "was_asked",
        "answer_quality_rating",
        "confidence_level",
        "created_at",
    ]
    list_filter = ["was_asked", "was_prepared", "answer_quality_rating", "workspace"]
    search_fields = ["question__text", "candidate_answer", "interview__title"]
    list_select_related = ["question", "interview", "workspace"]
    raw_id_fields = ["question", "interview", "workspace"]


@admin.register(PracticeSession)
class PracticeSessionAdmin(admin.ModelAdmin[PracticeSession]):
    list_display = ["question", "user", "self_rating", "duration_seconds", "created_at"]
    list_filter = ["self_rating", "workspace"]
    search_fields = ["question__text", "user__email", "answer"]
    list_select_related = ["question", "user"]
    raw_id_fields = ["question", "user", "workspace"]
    date_hierarchy = "created_at"


@admin.register(ReviewSchedule)
class ReviewScheduleAdmin(admin.ModelAdmin[ReviewSchedule]):
    list_display = ["question", "user", "due_at", "interval_days", "repetitions", "ease"]
    list_filter = ["repetitions"]
    search_fields = ["question__text", "user__email"]
    list_select_related = ["question", "user"]
    raw_id_fields = ["question", "user"]
    date_hierarchy = "due_at"


@admin.register(UserSkill)
class UserSkillAdmin(admin.ModelAdmin[UserSkill]):
    list_display = ["skill", "user", "proficiency", "workspace", "updated_at"]
    list_filter = ["proficiency", "workspace"]
    search_fields = ["skill__name", "user__email"]
    list_select_related = ["skill", "user", "workspace"]
    raw_id_fields = ["skill", "user", "workspace"]
