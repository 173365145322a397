"""List filters every API list shares: stable ordering, the ``?tags=`` filter and the
role-aware filter set."""

from typing import Any, ClassVar

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.utils import extend_schema_field
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request

from interview_tracker.fields import clean_tags
from interview_tracker.models import STAFF_ROLES, Role


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


class RoleAwareFilterSet(django_filters.FilterSet):
    """List filters that mind what each role reads.

    A filter is a question about a field: "does my record carry the tag weak-hire?" answered
    by a count. A candidate member must not learn that way what the candidate view hides (their
    record's tags or source, a round's outcome), so in the workspaces where the requester is a
    candidate member a filter not named in ``candidate_filters`` is ignored: those rows are
    listed as if it were absent. Rows of the requester's staff workspaces are filtered as usual.
    """

    # Filters over fields the candidate view shows; every other filter is staff-only.
    candidate_filters: ClassVar[frozenset[str]] = frozenset()

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        staff_only = [
            name
            for name, value in self.form.cleaned_data.items()
            if name not in self.candidate_filters and value not in EMPTY_VALUES
        ]
        # The roles are read only when a staff-only filter is used (detail reads pass here too).
        user = getattr(self.request, "user", None)
        roles = getattr(user, "workspace_roles", {}) if staff_only else {}
        hidden = [ws for ws, role in roles.items() if role == Role.CANDIDATE]
        if not hidden:
            return super().filter_queryset(queryset)
        staff = any(role in STAFF_ROLES for role in roles.values())
        for name, value in self.form.cleaned_data.items():
            if name not in staff_only:
                queryset = self.filters[name].filter(queryset, value)
            elif staff:
                # The filter narrows the staff workspaces' rows only.
                matching = self.filters[name].filter(queryset.model._default_manager.all(), value)
                queryset = queryset.filter(
                    Q(pk__in=matching.values("pk")) | Q(workspace_id__in=hidden)
                )
        return queryset
