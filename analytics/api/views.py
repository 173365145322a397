"""``/api/v1/statistics/…``: validate the filters, call the selector, render its dict."""

from collections.abc import Callable
from typing import Any, ClassVar

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema
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
    """``statistics_<name>`` operation ids (``extend_schema`` cannot set one on a class)."""

    def get_operation_id(self) -> str:
        return f"statistics_{type(self.view).__name__.removesuffix('View').lower()}"


@extend_schema(tags=["statistics"])
class StatisticsView(APIView):
    """One statistics endpoint; subclasses name the selector and the response shape."""

    schema = StatisticsSchema()

    selector: ClassVar[Callable[..., dict[str, Any]]]
    response_serializer: ClassVar[type[s.serializers.Serializer[Any]]]
    filter_serializer: ClassVar[type[s.StatisticsFilterSerializer]] = s.StatisticsFilterSerializer

    def get(self, request: AuthedRequest) -> Response:
        params = self.filter_serializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        figures = type(self).selector(request.user, parse_filters(params), **self.extra(params))
        return Response(self.response_serializer(figures).data)

    def extra(self, params: s.StatisticsFilterSerializer) -> dict[str, Any]:
        return {}


@extend_schema(
    parameters=[s.StatisticsFilterSerializer],
    responses={200: s.OverviewSerializer},
    summary="Totals, the three rates and breakdowns",
)
class OverviewView(StatisticsView):
    selector = staticmethod(selectors.overview)
    response_serializer = s.OverviewSerializer


@extend_schema(
    parameters=[s.StatisticsFilterSerializer],
    responses={200: s.TimelineSerializer},
    summary="Applications and interviews per month, response times",
)
class TimelineView(StatisticsView):
    selector = staticmethod(selectors.timeline)
    response_serializer = s.TimelineSerializer


@extend_schema(
    parameters=[s.StatisticsFilterSerializer],
    responses={200: s.CompaniesSerializer},
    summary="Per company: applications, interviews, success rate",
)
class CompaniesView(StatisticsView):
    selector = staticmethod(selectors.companies)
    response_serializer = s.CompaniesSerializer


@extend_schema(
    parameters=[s.StatisticsFilterSerializer],
    responses={200: s.FunnelSerializer},
    summary="Pipeline funnel of positions and candidates",
)
class FunnelView(StatisticsView):
    selector = staticmethod(selectors.funnel)
    response_serializer = s.FunnelSerializer


@extend_schema(
    parameters=[s.StatisticsFilterSerializer],
    responses={200: s.SourcesSerializer},
    summary="Per source: count, interview and offer rates",
)
class SourcesView(StatisticsView):
    selector = staticmethod(selectors.sources)
    response_serializer = s.SourcesSerializer


@extend_schema(
    parameters=[s.StatisticsFilterSerializer],
    responses={200: s.InterviewersSerializer},
    summary="Per interviewer: interviews, feedback, ratings given",
)
class InterviewersView(StatisticsView):
    selector = staticmethod(selectors.interviewers)
    response_serializer = s.InterviewersSerializer


@extend_schema(
    parameters=[s.StatisticsFilterSerializer],
    responses={200: s.SkillGapsSerializer},
    summary="Skills active positions require that you lack",
)
class SkillGapsView(StatisticsView):
    selector = staticmethod(selectors.skill_gaps)
    response_serializer = s.SkillGapsSerializer


@extend_schema(
    parameters=[s.StaleFilterSerializer],
    responses={200: s.StaleSerializer},
    summary="Active positions and candidates idle for `days`",
)
class StaleView(StatisticsView):
    selector = staticmethod(selectors.stale)
    response_serializer = s.StaleSerializer
    filter_serializer = s.StaleFilterSerializer

    def extra(self, params: s.StatisticsFilterSerializer) -> dict[str, Any]:
        return {"days": params.validated_data["days"]}
