import django_filters

from interview_tracker.api.filters import RoleAwareFilterSet, TagsFilter
from interview_tracker.models import PipelineStatus

from ..models import Candidate


class CandidateFilter(RoleAwareFilterSet):
    # A candidate member reads their record's status; its position, source and tags are staff's.
    candidate_filters = frozenset({"status"})
    status = django_filters.ChoiceFilter(choices=PipelineStatus.choices)
    # An id, not a lookup among all positions: another workspace's id simply matches nothing.
    position = django_filters.UUIDFilter(field_name="position_id")
    source = django_filters.CharFilter(lookup_expr="iexact")
    tags = TagsFilter()

    class Meta:
        model = Candidate
        fields = ["status", "position", "source", "tags"]
