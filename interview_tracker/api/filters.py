"""List filters every API list shares: stable ordering and the ``?tags=`` filter."""

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request

from interview_tracker.fields import clean_tags


class StableOrderingFilter(OrderingFilter):
    """DRF ordering with ``id`` as the last key, so equal values never shuffle across pages."""

    def get_ordering(self, request: Request, queryset: QuerySet[Any], view: Any) -> list[str]:
        ordering = list(super().get_ordering(request, queryset, view) or [])
        if not any(key.lstrip("-") in {"id", "pk"} for key in ordering):
            ordering.append("id")
        return ordering


class TagValuesField(forms.Field):
    """``?tags=a&tags=b`` and ``?tags=a,b`` (and both mixed) → ["a", "b"]."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        return clean_tags(part for item in values for part in str(item).split(","))


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class TagsFilter(django_filters.Filter):
    """Rows having ANY of the given tags (``tags__overlap``), on every list that has tags: a
    tag is a label to gather by, so naming two widens the list rather than narrowing it."""

    field_class = TagValuesField

    def filter(self, qs: QuerySet[Any], value: list[str]) -> QuerySet[Any]:
        return qs.filter(tags__overlap=value) if value else qs
