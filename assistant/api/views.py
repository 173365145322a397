"""The assistant's API. ``answer-stream`` and ``answer`` are async views: authentication,
throttling and validation run through the DRF view they mirror (which also documents them in
the OpenAPI schema), then the answer is generated on the event loop, holding no thread and no
database transaction while the provider works."""

from collections.abc import Awaitable, Callable
from typing import Any, cast

from asgiref.sync import async_to_sync, sync_to_async
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from assistant.agents import AGENTS
from assistant.mock import (
    mock_answer_events,
    mock_interview_answer,
    mock_interview_start,
    mock_interview_turn,
)
from assistant.models import Conversation, MockInterview, MockInterviewItem
from assistant.services import AnswerFailed, AnswerRequest, answer_collect, answer_events
from assistant.sse import sse_stream
from interview_tracker.api.exceptions import error_body
from interview_tracker.api.mixins import WorkspaceScopedMixin
from interview_tracker.models import User
from interview_tracker.typing import AuthedRequest

from .serializers import (
    AssistantAgentListSerializer,
    AssistantAnswerRequestSerializer,
    AssistantAnswerSerializer,
    AssistantStreamEventSerializer,
    ConversationDetailSerializer,
    ConversationListSerializer,
    MockEvaluationSerializer,
    MockInterviewAnswerSerializer,
    MockInterviewSerializer,
    MockInterviewStartSerializer,
)

ERROR_RESPONSES = {
    401: OpenApiResponse(description="Not authenticated (error envelope)."),
    422: OpenApiResponse(description="Invalid request (error envelope with field_errors)."),
    429: OpenApiResponse(description="Rate limit exceeded (error envelope)."),
}


class AssistantAnswerView(APIView):
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "assistant"

    def validated(self, request: Request) -> AnswerRequest:
        serializer = AssistantAnswerRequestSerializer(
            data=request.data, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        return serializer.answer_request()


def stream_response(user: User, answer_request: AnswerRequest) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        sse_stream(answer_events(user=user, request=answer_request)),
        content_type="text/event-stream",
    )
    response["Cache-Control"] = "no-cache"
    # Tells nginx-style proxies not to buffer the stream.
    response["X-Accel-Buffering"] = "no"
    return response


async def collected_response(user: User, answer_request: AnswerRequest) -> JsonResponse:
    try:
        body = await answer_collect(user=user, request=answer_request)
    except AnswerFailed as exc:
        # A provider failure is never dressed up as an answer.
        return JsonResponse(
            error_body(
                "SERVICE_UNAVAILABLE",
                exc.message,
                details={"service_name": "assistant_provider", "reason": exc.code},
            ),
            status=503,
        )
    return JsonResponse(body)


class AnswerStreamView(AssistantAnswerView):
    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # Clients ask for `Accept: text/event-stream`; errors before the stream are JSON.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        operation_id="assistant_answer_stream",
        summary="Answer a question as Server-Sent Events",
        description=(
            "A `text/event-stream` of `data: {event_type, timestamp, data}` lines: `start`, "
            "`routing` {selected_agent, reasoning, confidence, fallback?}, `processing`, "
            "`content` {chunk, is_final} (many), `answer_complete` {full_answer, word_count, "
            "character_count}, `follow_ups` {questions}, `complete` {agent_used, success, "
            "conversation}; or an `error` {message, code} that ends the stream. `: ping` "
            "comment lines keep an idle stream open."
        ),
        request=AssistantAnswerRequestSerializer,
        responses={
            (200, "text/event-stream"): OpenApiResponse(
                response=AssistantStreamEventSerializer,
                description="One event per `data:` line.",
            ),
            **ERROR_RESPONSES,
        },
        tags=["assistant"],
    )
    def post(self, request: AuthedRequest) -> StreamingHttpResponse:
        return stream_response(request.user, self.validated(request))


class AnswerView(AssistantAnswerView):
    @extend_schema(
        operation_id="assistant_answer",
        summary="Answer a question (the whole answer at once)",
        request=AssistantAnswerRequestSerializer,
        responses={
            200: AssistantAnswerSerializer,
            **ERROR_RESPONSES,
            503: OpenApiResponse(description="The provider failed or timed out (envelope)."),
        },
        tags=["assistant"],
    )
    def post(self, request: AuthedRequest) -> JsonResponse:
        # Under WSGI only; under ASGI the async view below serves this path.
        return async_to_sync(collected_response)(request.user, self.validated(request))


def _preflight(
    view_class: type[AssistantAnswerView], django_request: HttpRequest
) -> tuple[User, AnswerRequest] | HttpResponseBase:
    """What ``APIView.dispatch`` does before the handler: authentication (JWT or session with
    CSRF), throttling, then validation; a failure → the error envelope response."""
    view = view_class()
    view.args, view.kwargs = (), {}
    view.headers = view.default_response_headers
    request = view.initialize_request(django_request)
    view.request = request
    try:
        view.initial(request)
        if request.method != "POST":
            raise MethodNotAllowed(request.method or "")
        answer_request = view.validated(request)
    except Exception as exc:
        return view.finalize_response(request, view.handle_exception(exc))
    return cast(User, request.user), answer_request


AsyncView = Callable[[HttpRequest], Awaitable[HttpResponseBase]]


def async_answer_view(
    view_class: type[AssistantAnswerView],
    respond: Callable[[User, AnswerRequest], Awaitable[HttpResponseBase]],
) -> AsyncView:
    async def view(request: HttpRequest) -> HttpResponseBase:
        outcome = await sync_to_async(_preflight)(view_class, request)
        if isinstance(outcome, HttpResponseBase):
            return outcome
        return await respond(*outcome)

    # drf-spectacular documents the DRF view this one mirrors.
    view.cls = view_class  # type: ignore[attr-defined]
    view.initkwargs = {}  # type: ignore[attr-defined]
    return csrf_exempt(view)


async def _stream(user: User, answer_request: AnswerRequest) -> HttpResponseBase:
    return stream_response(user, answer_request)


answer_stream = async_answer_view(AnswerStreamView, _stream)
answer = async_answer_view(AnswerView, collected_response)


class AgentListView(APIView):
    @extend_schema(
        operation_id="assistant_agents", responses=AssistantAgentListSerializer, tags=["assistant"]
    )
    def get(self, request: Request) -> Response:
        return Response(
            {
                "total_agents": len(AGENTS),
                "agents": [agent.as_dict() for agent in AGENTS.values()],
            }
        )


@extend_schema(tags=["assistant"])
@extend_schema(
    methods=["GET"],
    parameters=[
        OpenApiParameter("workspace", OpenApiTypes.UUID, description="Only this workspace.")
    ],
)
class ConversationViewSet(WorkspaceScopedMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[misc]
    """The requesting user's own conversations; anyone else's answer 404."""

    search_fields = ["title"]
    ordering_fields = ["updated_at", "created_at", "title"]
    ordering = ["-updated_at", "id"]

    def get_queryset(self) -> QuerySet[Conversation]:
        queryset = Conversation.objects.for_user(self.request.user).annotate(
            turn_count=Count("turns")
        )
        if self.action == "retrieve":
            return queryset.prefetch_related("turns")
        return self.filter_workspace(queryset)

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        if self.action == "retrieve":
            return ConversationDetailSerializer
        return ConversationListSerializer


def _mock_queryset(user: Any) -> QuerySet[MockInterview]:
    items = MockInterviewItem.objects.select_related("question").order_by("order")
    return MockInterview.objects.for_user(user).prefetch_related(Prefetch("items", queryset=items))


@extend_schema(tags=["assistant"])
class MockInterviewViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The requesting user's mock interviews: start one, answer its questions, read it back."""

    request: AuthedRequest
    serializer_class = MockInterviewSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[MockInterview]:
        return _mock_queryset(self.request.user).order_by("-created_at", "id")

    def get_throttles(self) -> list[Any]:
        if self.action in {"create", "answer"}:
            self.throttle_scope = "assistant"
            return [ScopedRateThrottle()]
        return super().get_throttles()

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # `answer` streams to clients that ask for `text/event-stream`; errors stay JSON.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        request=MockInterviewStartSerializer,
        responses={201: MockInterviewSerializer, **ERROR_RESPONSES},
        description=(
            "Start a mock interview: `questions` (ids) or the bank's questions for the "
            "`round_kind` (and the `position`'s company first, then those due soonest in your "
            "practice queue), `count` of them (default 5, at most 20)."
        ),
    )
    def create(self, request: AuthedRequest) -> Response:
        serializer = MockInterviewStartSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        mock = mock_interview_start(
            user=request.user,
            position=data["position"],
            round_kind=data["round_kind"],
            question_ids=data["questions"],
            count=data["count"],
        )
        fresh = _mock_queryset(request.user).get(pk=mock.pk)
        return Response(MockInterviewSerializer(fresh).data, status=201)

    @extend_schema(
        request=MockInterviewAnswerSerializer,
        responses={
            200: MockEvaluationSerializer,
            (200, "text/event-stream"): OpenApiResponse(
                response=AssistantStreamEventSerializer,
                description=(
                    "With `Accept: text/event-stream`: `start`, then `evaluation` carrying the "
                    "same object as the JSON answer, then `complete` {success, finished}; or an "
                    "`error` {message, code} that ends the stream."
                ),
            ),
            400: OpenApiResponse(description="The mock interview is finished (envelope)."),
            **ERROR_RESPONSES,
        },
        description=(
            "Answer the current question. The first answer to a question is scored against its "
            "key concepts and answered with one `follow_up`; the answer to the follow-up is "
            "scored with the first, records a practice session (your review queue moves) and "
            "brings the `next` question, or, after the last, the summary (`finished`)."
        ),
    )
    @action(detail=True, methods=["post"])
    def answer(self, request: AuthedRequest, pk: str | None = None) -> HttpResponseBase:
        mock = self.get_object()
        serializer = MockInterviewAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        mock_interview_turn(mock=mock)  # a finished rehearsal answers 400 before any stream
        answer = serializer.validated_data["answer"]
        if "text/event-stream" in request.headers.get("Accept", ""):
            response = StreamingHttpResponse(
                sse_stream(mock_answer_events(mock=mock, answer=answer)),
                content_type="text/event-stream",
            )
            response["Cache-Control"] = "no-cache"
            response["X-Accel-Buffering"] = "no"
            return response
        return Response(async_to_sync(mock_interview_answer)(mock=mock, answer=answer))
