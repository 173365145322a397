import django_filters

from ..models import Interview


class InterviewFilter(django_filters.FilterSet):
    # Dates are calendar days in the requesting user's time zone (activated per request).
    date_from = django_filters.DateFilter(field_name="scheduled_at", lookup_expr="date__gte")
    date_to = django_filters.DateFilter(field_name="scheduled_at", lookup_expr="date__lte")

    class Meta:
        model = Interview
        fields = ["status", "outcome", "kind", "mode", "format", "position", "candidate"]
