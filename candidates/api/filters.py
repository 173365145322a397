import django_filters

from interview_tracker.api.filters import TagsFilter
from interview_tracker.models import PipelineStatus

from ..models import Candidate


class CandidateFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=PipelineStatus.choices)
    # An id, not a lookup among all positions: another workspace's id simply matches nothing.
    position = django_filters.UUIDFilter(field_name="position_id")
    source = django_filters.CharFilter(lookup_expr="iexact")
    tags = TagsFilter()

    class Meta:
        model = Candidate
        fields = ["status", "position", "source", "tags"]
