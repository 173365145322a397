import uuid
from collections.abc import Mapping
from typing import Any

import django_filters
from django.db.models import F, OrderBy, QuerySet
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request

from interview_tracker.api.filters import TagsFilter
from questions.models import PracticeSession, Question


def filter_company(queryset: QuerySet[Any], value: str) -> QuerySet[Any]:
    """A company id, or else a part of the company's name (case-insensitive)."""
    try:
        return queryset.filter(company_id=uuid.UUID(value))
    except ValueError:
        return queryset.filter(company__name__icontains=value)


class QuestionFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(choices=Question.Category.choices)
    difficulty = django_filters.ChoiceFilter(choices=Question.Difficulty.choices)
    tags = TagsFilter()
    is_active = django_filters.BooleanFilter(
        help_text="Lists show active questions unless is_active=false."
    )
    company = django_filters.CharFilter(
        method="filter_company", help_text="A company id, or part of a company's name."
    )
    search = django_filters.CharFilter(
        method="filter_search",
        help_text="Full-text search over the text and the answer summary.",
    )

    class Meta:
        model = Question
        fields = ["category", "difficulty", "tags", "is_active", "company", "search"]

    def filter_queryset(self, queryset: QuerySet[Question]) -> QuerySet[Question]:
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("is_active") is None:
            queryset = queryset.filter(is_active=True)
        return queryset

    def filter_company(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return filter_company(queryset, value)

    def filter_search(self, queryset: QuerySet[Question], name: str, value: str) -> Any:
        return queryset.search(value)  # type: ignore[attr-defined]


class PracticeSessionFilter(django_filters.FilterSet):
    class Meta:
        model = PracticeSession
        fields = ["question"]


# Public ordering names → the annotation or column that orders them.
QUESTION_ORDERING = {
    "created_at": "created_at",
    "times_asked": "times_asked",
    "times_practiced": "times_practiced",
    "average_rating": "average_rating",
    "difficulty": "difficulty_rank",
}


def question_order_by(terms: list[str]) -> list[OrderBy | str]:
    """Order expressions for public ordering terms: questions without a rating sort last
    both ways (on both databases), and the id breaks ties so pages never shuffle."""
    expressions: list[OrderBy | str] = []
    for term in terms:
        descending = term.startswith("-")
        column = QUESTION_ORDERING[term.lstrip("-")]
        expression = F(column)
        expressions.append(
            expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
        )
    return [*expressions, "id"]


class QuestionOrderingFilter(OrderingFilter):
    ordering_fields = list(QUESTION_ORDERING)

    def get_valid_fields(
        self, queryset: QuerySet[Any], view: Any, context: Mapping[str, Any] | None = None
    ) -> list[tuple[str, str]]:
        return [(name, name) for name in QUESTION_ORDERING]

    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: Any) -> Any:
        ordering = self.get_ordering(request, queryset, view) or ["-created_at"]
        return queryset.order_by(*question_order_by(list(ordering)))
