import django_filters

from interview_tracker.api.filters import RoleAwareFilterSet

from ..models import Interview


class InterviewFilter(RoleAwareFilterSet):
    # What the candidate view shows; the outcome is hidden from candidate members.
    candidate_filters = frozenset(
        {"status", "kind", "mode", "format", "position", "candidate", "date_from", "date_to"}
    )

    # Dates are calendar days in the requesting user's time zone (activated per request).
    date_from = django_filters.DateFilter(field_name="scheduled_at", lookup_expr="date__gte")
    date_to = django_filters.DateFilter(field_name="scheduled_at", lookup_expr="date__lte")

    class Meta:
        model = Interview
        fields = ["status", "outcome", "kind", "mode", "format", "position", "candidate"]
