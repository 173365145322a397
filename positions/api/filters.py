"""List filters of the positions API."""

import django_filters

from interview_tracker.api.filters import RoleAwareFilterSet, TagsFilter
from interview_tracker.models import PipelineStatus

from ..models import OpeningStatus, Position, Seniority


class PositionFilter(RoleAwareFilterSet):
    # Candidate members read no position (``for_user``): every filter here is staff-only.
    status = django_filters.ChoiceFilter(choices=PipelineStatus.choices)
    company = django_filters.CharFilter(field_name="company__name", lookup_expr="icontains")
    date_from = django_filters.DateFilter(field_name="application_date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="application_date", lookup_expr="lte")
    is_remote = django_filters.BooleanFilter()
    seniority = django_filters.ChoiceFilter(choices=Seniority.choices)
    tags = TagsFilter()
    opening_status = django_filters.ChoiceFilter(choices=OpeningStatus.choices)

    class Meta:
        model = Position
        fields = [
            "status",
            "company",
            "date_from",
            "date_to",
            "is_remote",
            "seniority",
            "tags",
            "opening_status",
        ]
