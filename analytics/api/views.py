"""``/api/v1/statistics/…``: validate the filters, call the selector, render its dict."""

from collections.abc import Callable
from typing import Any, ClassVar

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


class StatisticsView(APIView):
    """One statistics endpoint; subclasses name the selector and the response shape."""

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


def documented(
    response: type[s.serializers.Serializer[Any]],
    summary: str,
    filters: type[s.StatisticsFilterSerializer] = s.StatisticsFilterSerializer,
) -> Callable[[type[StatisticsView]], type[StatisticsView]]:
    def decorate(view: type[StatisticsView]) -> type[StatisticsView]:
        view.response_serializer = response
        view.filter_serializer = filters

        def get(self: StatisticsView, request: AuthedRequest) -> Response:
            return StatisticsView.get(self, request)

        # A function of its own per view: extend_schema annotates the function it decorates.
        view.get = extend_schema(  # type: ignore[method-assign]
            parameters=[filters],
            responses={200: response},
            tags=["statistics"],
            summary=summary,
            operation_id=f"statistics_{view.__name__.removesuffix('View').lower()}",
        )(get)
        return view

    return decorate


@documented(s.OverviewSerializer, "Totals, the three rates and breakdowns")
class OverviewView(StatisticsView):
    selector = staticmethod(selectors.overview)


@documented(s.TimelineSerializer, "Applications and interviews per month, response times")
class TimelineView(StatisticsView):
    selector = staticmethod(selectors.timeline)


@documented(s.CompaniesSerializer, "Per company: applications, interviews, success rate")
class CompaniesView(StatisticsView):
    selector = staticmethod(selectors.companies)


@documented(s.FunnelSerializer, "Pipeline funnel of positions and candidates")
class FunnelView(StatisticsView):
    selector = staticmethod(selectors.funnel)


@documented(s.SourcesSerializer, "Per source: count, interview and offer rates")
class SourcesView(StatisticsView):
    selector = staticmethod(selectors.sources)


@documented(s.InterviewersSerializer, "Per interviewer: interviews, feedback, ratings given")
class InterviewersView(StatisticsView):
    selector = staticmethod(selectors.interviewers)


@documented(s.SkillGapsSerializer, "Skills active positions require that you lack")
class SkillGapsView(StatisticsView):
    selector = staticmethod(selectors.skill_gaps)


@documented(s.PrepSerializer, "Questions asked in completed rounds that had been practised")
class PrepView(StatisticsView):
    selector = staticmethod(selectors.prep)


@documented(
    s.StaleSerializer, "Active positions and candidates idle for `days`", s.StaleFilterSerializer
)
class StaleView(StatisticsView):
    selector = staticmethod(selectors.stale)

    def extra(self, params: s.StatisticsFilterSerializer) -> dict[str, Any]:
        return {"days": params.validated_data["days"]}
