"""``/api/v1/statistics/…``: validate the filters, call the selector, render its dict."""

from collections.abc import Callable
from typing import Any, ClassVar

from drf_spectacular.openapi import AutoSchema
from rest_framework.response import Response
from rest_framework.views import APIView

from analytics import selectors
from analytics.selectors import StatsFilters
from interview_tracker.typing import AuthedRequest

from . import serializers as s


def parse_filters(serializer: s.StatisticsFilterSerializer) -> StatsFilters:
    data = serializer.validated_data
    return StatsFilters(
        start_date=data.get("start_date"),
        end_date=data.get("end_date"),
        company=data.get("company", "").strip(),
        status=data.get("status", ""),
        workspace=data.get("workspace"),
    )


class StatisticsSchema(AutoSchema):
    """Documents a statistics view from what it declares: its filters, its response shape, its
    summary, and a ``statistics_<name>`` operation id."""

    @property
    def statistics_view(self) -> "StatisticsView":
        assert isinstance(self.view, StatisticsView)
        return self.view

    def get_operation_id(self) -> str:
        return f"statistics_{type(self.view).__name__.removesuffix('View').lower()}"

    def get_override_parameters(self) -> list[Any]:
        return [self.statistics_view.filter_serializer]

    def get_response_serializers(self) -> Any:
        return {200: self.statistics_view.response_serializer}

    def get_summary(self) -> str | None:
        return self.statistics_view.summary

    def get_tags(self) -> list[str]:
        return ["statistics"]


class StatisticsView(APIView):
    """One statistics endpoint; subclasses name the selector and the response shape."""

    schema = StatisticsSchema()

    selector: ClassVar[Callable[..., dict[str, Any]]]
    response_serializer: ClassVar[type[s.serializers.Serializer[Any]]]
    summary: ClassVar[str]
    filter_serializer: ClassVar[type[s.StatisticsFilterSerializer]] = s.StatisticsFilterSerializer

    def get(self, request: AuthedRequest) -> Response:
        params = self.filter_serializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        figures = type(self).selector(request.user, parse_filters(params), **self.extra(params))
        return Response(self.response_serializer(figures).data)

    def extra(self, params: s.StatisticsFilterSerializer) -> dict[str, Any]:
        return {}


class OverviewView(StatisticsView):
    summary = "Totals, the three rates and breakdowns"
    selector = staticmethod(selectors.overview)
    response_serializer = s.OverviewSerializer


class TimelineView(StatisticsView):
    summary = "Applications and interviews per month, response times"
    selector = staticmethod(selectors.timeline)
    response_serializer = s.TimelineSerializer


class CompaniesView(StatisticsView):
    summary = "Per company: applications, interviews, success rate"
    selector = staticmethod(selectors.companies)
    response_serializer = s.CompaniesSerializer


class FunnelView(StatisticsView):
    summary = "Pipeline funnel of positions and candidates"
    selector = staticmethod(selectors.funnel)
    response_serializer = s.FunnelSerializer


class SourcesView(StatisticsView):
    summary = "Per source: count, interview and offer rates"
    selector = staticmethod(selectors.sources)
    response_serializer = s.SourcesSerializer


class InterviewersView(StatisticsView):
    summary = "Per interviewer: interviews, feedback, ratings given"
    selector = staticmethod(selectors.interviewers)
    response_serializer = s.InterviewersSerializer


class SkillGapsView(StatisticsView):
    summary = "Skills active positions require that you lack"
    selector = staticmethod(selectors.skill_gaps)
    response_serializer = s.SkillGapsSerializer


class PrepView(StatisticsView):
    summary = "Questions asked in completed rounds that had been practised"
    selector = staticmethod(selectors.prep)
    response_serializer = s.PrepSerializer


class StaleView(StatisticsView):
    summary = "Active applications idle for `days`"
    selector = staticmethod(selectors.stale)
    response_serializer = s.StaleSerializer
    filter_serializer = s.StaleFilterSerializer

    def extra(self, params: s.StatisticsFilterSerializer) -> dict[str, Any]:
        return {"days": params.validated_data.get("days")}
