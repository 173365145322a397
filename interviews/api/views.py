"""The interviews API: CRUD, lifecycle, participants, messages, scorecards, calendars."""

import datetime as dt
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from candidates.models import Candidate
from interview_tracker.api.mixins import WorkspaceScopedMixin
from interview_tracker.api.pagination import LargePageNumberPagination
from interview_tracker.api.viewsets import ActivityMixin
from interview_tracker.models import MANAGER_ROLES, User
from interview_tracker.typing import AuthedRequest
from positions.models import Position

from .. import cache, selectors, services
from ..calendar import interview_ics
from ..models import Availability, Feedback, Interview, Message, Participant
from ..permissions import can_manage, can_message, can_take_part, is_candidate_view
from ..slots import availability_of, free_slots, managed_people, slot_range
from .filters import InterviewFilter
from .rows import interview_rows
from .serializers import (
    BASE_FIELDS,
    AvailabilitySerializer,
    BookingLinkCreateSerializer,
    BookingLinkSerializer,
    FeedbackSerializer,
    FeedUrlSerializer,
    InterviewDetailSerializer,
    InterviewSerializer,
    InterviewWriteSerializer,
    MessageSerializer,
    NotesSerializer,
    OutcomeSerializer,
    ParticipantCreateSerializer,
    ParticipantSerializer,
    ScheduleSerializer,
    SlotsQuerySerializer,
    SlotsSerializer,
)

FORBIDDEN = "Your role does not allow this on this interview."


class _FormatIsAFilter:
    URL_FORMAT_OVERRIDE = None


class FormatIsAFilterNegotiation(DefaultContentNegotiation):
    """``?format=onsite`` filters interviews (the contract), so it cannot pick a renderer."""

    settings = _FormatIsAFilter()  # type: ignore[assignment]


class MessageCursorPagination(CursorPagination):
    """Newest first; a cursor stays correct while new messages arrive."""

    ordering = ("-created_at", "-id")
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


def _deny_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(FORBIDDEN)


class InterviewListMixin(WorkspaceScopedMixin):
    """The list shared by ``interviews/`` and the nested candidate/position lists: filtered,
    ordered, paginated and read through the cache (per user, per workspace version)."""

    filterset_class = InterviewFilter
    content_negotiation_class = FormatIsAFilterNegotiation
    search_fields = ["title", "interviewer_name", "location"]
    ordering_fields = ["scheduled_at", "created_at", "round_number"]
    ordering = ["scheduled_at", "id"]

    def cached_list(self, compute: Any) -> Response:
        user = self.request.user
        key = cache.cache_key(
            "list",
            user=user,
            query=self.request.get_full_path(),
            workspace_ids=user.workspace_roles.keys(),
        )
        return Response(cache.read_through(key, lambda: compute().data))


@extend_schema(tags=["interviews"])
class InterviewViewSet(  # type: ignore[misc]  # request: AuthedRequest narrows DRF's
    ActivityMixin,
    InterviewListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    pagination_class = LargePageNumberPagination

    def get_queryset(self) -> QuerySet[Interview]:
        queryset = Interview.objects.for_user(self.request.user)
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch("participants", queryset=Participant.objects.select_related("user")),
                Prefetch(
                    "participants", queryset=selectors.feedback_overdue(), to_attr="overdue_seats"
                ),
            )
        elif self.action == "ics":
            queryset = queryset.select_related("created_by")
        return self.filter_workspace(queryset).order_by("scheduled_at", "id")

    def get_serializer_class(self) -> Any:
        if self.action in {"create", "update", "partial_update"}:
            return InterviewWriteSerializer
        if self.action == "retrieve":
            return InterviewDetailSerializer
        return InterviewSerializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        def page() -> Response:
            rows = interview_rows(
                self.filter_queryset(self.get_queryset()),
                request.user,
                BASE_FIELDS,
                paginate=self.paginate_queryset,
            )
            return self.get_paginated_response(rows)

        return self.cached_list(page)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = cache.cache_key(
            "detail",
            user=self.request.user,
            query=request.get_full_path(),
            interview_id=kwargs["pk"],
        )
        return Response(
            cache.read_through(
                key, lambda: super(InterviewViewSet, self).retrieve(request, *args, **kwargs).data
            )
        )

    def _respond(self, interview: Interview, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().filter(pk=interview.pk).first() or interview
        return Response(
            InterviewSerializer(fresh, context={"request": self.request}).data, status=code
        )

    @extend_schema(request=InterviewWriteSerializer, responses={201: InterviewSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = InterviewWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        workspace = self.target_workspace(serializer)
        data.pop("workspace", None)
        interview = services.interview_create(actor=self.request.user, workspace=workspace, **data)
        return self._respond(interview, status.HTTP_201_CREATED)

    @extend_schema(request=InterviewWriteSerializer, responses=InterviewSerializer)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        interview = self.get_object()
        _deny_unless(can_manage(self.request.user, interview))
        serializer = InterviewWriteSerializer(
            data=request.data, partial=kwargs.get("partial", False), context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("workspace", None)
        interview = services.interview_update(actor=self.request.user, interview=interview, **data)
        return self._respond(interview)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        interview = self.get_object()
        _deny_unless(can_manage(self.request.user, interview))
        services.interview_delete(actor=self.request.user, interview=interview)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=ScheduleSerializer, responses=InterviewSerializer)
    @action(detail=True, methods=["put"])
    def schedule(self, request: Request, pk: str | None = None) -> Response:
        interview = self.get_object()
        _deny_unless(can_manage(self.request.user, interview))
        serializer = ScheduleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        interview = services.interview_schedule(
            actor=self.request.user, interview=interview, **serializer.validated_data
        )
        return self._respond(interview)

    @extend_schema(
        parameters=[SlotsQuerySerializer],
        responses={200: SlotsSerializer},
        description="Start times when every named interviewer is free, in your time zone.",
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def slots(self, request: Request) -> Response:
        query = SlotsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        ids = query.validated_data["interviewers"]
        people = list(managed_people(request.user).filter(pk__in=ids).order_by("pk"))
        if len(people) != len(ids):
            raise NotFound("No such interviewer among the members you manage.")
        zone = ZoneInfo(request.user.time_zone)  # type: ignore[union-attr]
        start, end = slot_range(
            query.validated_data.get("from"),
            query.validated_data.get("to"),
            zone=zone,
            now=timezone.now(),
        )
        duration = query.validated_data["duration"]
        found = free_slots(
            people=people,
            duration=dt.timedelta(minutes=duration),
            start=start,
            end=end,
            zone=zone,
        )
        return Response(
            {
                "time_zone": str(zone),
                "duration_minutes": duration,
                "slots": [slot.isoformat() for slot in found],
            }
        )

    @extend_schema(
        request=BookingLinkCreateSerializer,
        responses={201: BookingLinkSerializer},
        description=(
            "Offer the candidate times through a link that needs no account (it replaces the "
            "interview's earlier links). The secret `token` is shown only here."
        ),
    )
    @action(detail=True, methods=["post"], url_path="booking-link", url_name="booking-link")
    def booking_link(self, request: Request, pk: str | None = None) -> Response:
        interview = self.get_object()
        _deny_unless(can_manage(self.request.user, interview))
        body = BookingLinkCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        zone = ZoneInfo(request.user.time_zone)  # type: ignore[union-attr]
        window = None
        if "slots" not in data:
            window = slot_range(data.get("from"), data.get("to"), zone=zone, now=timezone.now())
        link, token = services.booking_link_create(
            actor=self.request.user,
            interview=interview,
            zone=zone,
            slots=data.get("slots"),
            window=window,
            notify_candidate=data["notify_candidate"],
        )
        answer = {
            "url": services.booking_url(token),
            "token": token,
            "expires_at": link.expires_at.astimezone(zone).isoformat(),
            "slots": [slot.astimezone(zone).isoformat() for slot in link.offered],
        }
        return Response(answer, status=status.HTTP_201_CREATED)

    @extend_schema(request=NotesSerializer, responses=InterviewSerializer)
    @action(detail=True, methods=["put"])
    def notes(self, request: Request, pk: str | None = None) -> Response:
        interview = self.get_object()
        _deny_unless(can_manage(self.request.user, interview))
        serializer = NotesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        interview = services.interview_set_notes(
            actor=self.request.user, interview=interview, **serializer.validated_data
        )
        return self._respond(interview)

    @extend_schema(request=OutcomeSerializer, responses=InterviewSerializer)
    @action(detail=True, methods=["put"])
    def outcome(self, request: Request, pk: str | None = None) -> Response:
        interview = self.get_object()
        _deny_unless(can_take_part(self.request.user, interview))
        serializer = OutcomeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        interview = services.interview_set_outcome(
            actor=self.request.user, interview=interview, **serializer.validated_data
        )
        return self._respond(interview)

    def _transition(self, service: Any) -> Response:
        interview = self.get_object()
        _deny_unless(can_take_part(self.request.user, interview))
        return self._respond(service(actor=self.request.user, interview=interview))

    @extend_schema(request=None, responses=InterviewSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str | None = None) -> Response:
        return self._transition(services.interview_start)

    @extend_schema(request=None, responses=InterviewSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        return self._transition(services.interview_complete)

    @extend_schema(request=None, responses=InterviewSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        return self._transition(services.interview_cancel)

    @extend_schema(methods=["GET"], request=None, responses=ParticipantSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=ParticipantCreateSerializer,
        responses={201: ParticipantSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def participants(self, request: Request, pk: str | None = None) -> Response:
        interview = self.get_object()
        if request.method == "POST":
            _deny_unless(can_manage(self.request.user, interview))
            serializer = ParticipantCreateSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
            user = None
            if data.get("user"):
                user = get_object_or_404(User, pk=data["user"])
            participant = services.participant_add(
                actor=self.request.user,
                interview=interview,
                role=data["role"],
                user=user,
                email=data.get("email", ""),
            )
            participant = Participant.objects.select_related("user").get(pk=participant.pk)
            return Response(ParticipantSerializer(participant).data, status=status.HTTP_201_CREATED)
        rows = Participant.objects.filter(interview=interview).select_related("user")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(ParticipantSerializer(page, many=True).data)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"participants/(?P<pid>[0-9a-f-]{36})")
    def participant(self, request: Request, pk: str | None = None, pid: str = "") -> Response:
        interview = self.get_object()
        participant = get_object_or_404(Participant, interview=interview, pk=pid)
        _deny_unless(can_manage(self.request.user, interview))
        services.participant_remove(actor=self.request.user, participant=participant)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(methods=["GET"], request=None, responses=MessageSerializer(many=True))
    @extend_schema(methods=["POST"], request=MessageSerializer, responses={201: MessageSerializer})
    @action(
        detail=True,
        methods=["get", "post"],
        pagination_class=MessageCursorPagination,
        filter_backends=[],
    )
    def messages(self, request: Request, pk: str | None = None) -> Response:
        interview = self.get_object()
        _deny_unless(can_message(self.request.user, interview))
        if request.method == "POST":
            serializer = MessageSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            message = services.message_post(
                actor=self.request.user, interview=interview, body=serializer.validated_data["body"]
            )
            message = Message.objects.select_related("author").get(pk=message.pk)
            return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)

        # Not cached: a cursor page of messages is one indexed query (bench/README.md).
        rows = Message.objects.filter(interview=interview).select_related("author")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(MessageSerializer(page, many=True).data)

    def _visible_feedback(self, interview: Interview) -> QuerySet[Feedback]:
        return (
            Feedback.objects.visible_to(self.request.user)
            .filter(interview=interview)
            .select_related("author")
            .order_by("created_at", "id")
        )

    @extend_schema(methods=["GET"], request=None, responses=FeedbackSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=FeedbackSerializer, responses={201: FeedbackSerializer}
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def feedback(self, request: Request, pk: str | None = None) -> Response:
        interview = self.get_object()
        _deny_unless(can_take_part(self.request.user, interview))
        if request.method == "POST":
            serializer = FeedbackSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            feedback = services.feedback_submit(
                actor=self.request.user, interview=interview, **serializer.validated_data
            )
            feedback = Feedback.objects.select_related("author").get(pk=feedback.pk)
            return Response(FeedbackSerializer(feedback).data, status=status.HTTP_201_CREATED)
        page = self.paginate_queryset(self._visible_feedback(interview))
        return self.get_paginated_response(FeedbackSerializer(page, many=True).data)

    @extend_schema(request=FeedbackSerializer, responses=FeedbackSerializer)
    @action(detail=True, methods=["patch"], url_path=r"feedback/(?P<fid>[0-9a-f-]{36})")
    def feedback_detail(self, request: Request, pk: str | None = None, fid: str = "") -> Response:
        interview = self.get_object()
        _deny_unless(can_take_part(self.request.user, interview))
        feedback = get_object_or_404(self._visible_feedback(interview), pk=fid)
        if feedback.author_id != self.request.user.pk:
            raise PermissionDenied("Only the author edits a scorecard.")
        serializer = FeedbackSerializer(feedback, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        feedback = services.feedback_update(
            actor=self.request.user, feedback=feedback, **serializer.validated_data
        )
        feedback = Feedback.objects.select_related("author").get(pk=feedback.pk)
        return Response(FeedbackSerializer(feedback).data)

    @extend_schema(
        request=None,
        responses={(200, "text/calendar"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    @action(detail=True, methods=["get"])
    def ics(self, request: Request, pk: str | None = None) -> HttpResponse:
        interview = self.get_object()
        response = HttpResponse(
            interview_ics(interview), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="interview-{interview.pk}.ics"'
        return response

    def check_activity_access(self, interview: Interview) -> None:
        # Event summaries mention scorecards and notes: staff only.
        _deny_unless(not is_candidate_view(self.request.user, interview))


class NestedInterviewsView(InterviewListMixin, generics.ListCreateAPIView):  # type: ignore[misc]
    """``candidates/{id}/interviews`` and ``positions/{id}/interviews``: the parent must be
    visible to the user (404 otherwise); creates are tied to it."""

    queryset = Interview.objects.none()
    parent_model: Any = None
    parent_field = ""

    def get_parent(self) -> Any:
        if not hasattr(self, "_parent"):
            self._parent = get_object_or_404(
                self.parent_model.objects.for_user(self.request.user),
                pk=self.kwargs["parent_id"],
            )
        return self._parent

    def get_queryset(self) -> QuerySet[Interview]:
        if getattr(self, "swagger_fake_view", False):
            return Interview.objects.none()
        parent = self.get_parent()
        return (
            Interview.objects.for_user(self.request.user)
            .filter(**{self.parent_field: parent})
            .order_by("scheduled_at", "id")
        )

    def get_serializer_class(self) -> Any:
        return InterviewWriteSerializer if self.request.method == "POST" else InterviewSerializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.get_parent()
        return self.cached_list(lambda: super(NestedInterviewsView, self).list(request))

    @extend_schema(request=InterviewWriteSerializer, responses={201: InterviewSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        parent = self.get_parent()
        if self.request.user.role_in(parent.workspace_id) not in MANAGER_ROLES:
            raise PermissionDenied(FORBIDDEN)
        serializer = InterviewWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("workspace", None)
        data[self.parent_field] = parent
        interview = services.interview_create(
            actor=self.request.user, workspace=parent.workspace, **data
        )
        interview = Interview.objects.get(pk=interview.pk)
        return Response(
            InterviewSerializer(interview, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema(tags=["interviews"])
class CandidateInterviewsView(NestedInterviewsView):
    parent_model = Candidate
    parent_field = "candidate"

    def get_parent(self) -> Any:
        if not hasattr(self, "_parent"):
            self._parent = get_object_or_404(
                Candidate.objects.for_user(self.request.user).select_related("workspace"),
                pk=self.kwargs["parent_id"],
            )
        return self._parent


@extend_schema(tags=["interviews"])
class PositionInterviewsView(NestedInterviewsView):
    parent_model = Position
    parent_field = "position"

    def get_parent(self) -> Any:
        if not hasattr(self, "_parent"):
            self._parent = get_object_or_404(
                Position.objects.for_user(self.request.user).select_related("workspace"),
                pk=self.kwargs["parent_id"],
            )
        return self._parent


def feed_url(request: Request) -> str:
    token = request.user.calendar_token  # type: ignore[union-attr]
    return request.build_absolute_uri(reverse("interviews:feed", args=[token]))


@extend_schema(tags=["interviews"])
class CalendarFeedUrlView(APIView):
    """The user's private calendar feed; POST rotates the secret (old URLs stop working)."""

    @extend_schema(responses=FeedUrlSerializer)
    def get(self, request: AuthedRequest) -> Response:
        return Response({"url": feed_url(request)})

    @extend_schema(request=None, responses=FeedUrlSerializer)
    def post(self, request: AuthedRequest) -> Response:
        services.calendar_token_rotate(user=request.user)
        return Response({"url": feed_url(request)})


def _availability_body(availability: Availability) -> dict[str, Any]:
    return dict(AvailabilitySerializer(availability).data)


@extend_schema(tags=["interviews"])
class MyAvailabilityView(APIView):
    """Your weekly hours (in your time zone), caps and busy calendar."""

    @extend_schema(responses=AvailabilitySerializer)
    def get(self, request: AuthedRequest) -> Response:
        return Response(_availability_body(availability_of(request.user)))

    @extend_schema(request=AvailabilitySerializer, responses=AvailabilitySerializer)
    def put(self, request: AuthedRequest) -> Response:
        serializer = AvailabilitySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        availability = services.availability_update(user=request.user, **serializer.validated_data)
        return Response(_availability_body(availability))


@extend_schema(tags=["interviews"])
class MemberAvailabilityView(APIView):
    """A member's availability, for the owners and recruiters of their workspaces."""

    @extend_schema(responses=AvailabilitySerializer)
    def get(self, request: AuthedRequest, user_id: uuid.UUID) -> Response:
        person = get_object_or_404(managed_people(request.user), pk=user_id)
        return Response(_availability_body(availability_of(person)))
