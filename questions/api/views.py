"""The question bank API: questions, questions asked per interview, practice, user skills."""

import random
from typing import Any

from django.db.models import F, FilteredRelation, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from interview_tracker.api.mixins import WorkspaceScopedMixin
from interview_tracker.api.permissions import IsWorkspaceManager
from interview_tracker.errors import ConflictError
from interview_tracker.models import STAFF_ROLES
from interview_tracker.typing import AuthedRequest
from interviews.models import Interview
from interviews.permissions import can_take_part
from positions.models import Skill
from questions import services
from questions.models import InterviewQuestion, PracticeSession, Question, UserSkill

from .filters import PracticeSessionFilter, QuestionFilter, QuestionOrderingFilter
from .serializers import (
    DueQuestionSerializer,
    InterviewQuestionCreateSerializer,
    InterviewQuestionSerializer,
    InterviewQuestionUpdateSerializer,
    PracticeInputSerializer,
    PracticeResultSerializer,
    PracticeSessionSerializer,
    QuestionSerializer,
    UserSkillSerializer,
    UserSkillUpdateSerializer,
)

UUID_PATTERN = r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"


def question_queryset(user: Any) -> QuerySet[Question]:
    """What a question response needs, in one query per page plus one for the skill ids."""
    return (
        Question.objects.for_user(user)
        .with_stats()
        .select_related("company")
        .prefetch_related(Prefetch("skills", queryset=Skill.objects.only("id")))
    )


@extend_schema(tags=["questions"])
class QuestionViewSet(WorkspaceScopedMixin, viewsets.ModelViewSet[Question]):
    request: AuthedRequest
    serializer_class = QuestionSerializer
    filter_backends = [DjangoFilterBackend, QuestionOrderingFilter]
    filterset_class = QuestionFilter
    ordering = ["-created_at"]
    lookup_value_regex = UUID_PATTERN

    def get_queryset(self) -> QuerySet[Question]:
        return question_queryset(self.request.user)

    def get_object(self) -> Question:
        # A detail is found whatever the list filters say (an inactive question included).
        obj = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, obj)
        return obj

    def filter_queryset(self, queryset: QuerySet[Question]) -> QuerySet[Question]:  # type: ignore[override]
        return self.filter_workspace(super().filter_queryset(queryset))

    def get_permissions(self) -> list[Any]:
        if self.action in {"update", "partial_update", "destroy"}:
            return [IsAuthenticated(), IsWorkspaceManager()]
        return [IsAuthenticated()]

    def _fields(self, data: dict[str, Any]) -> dict[str, Any]:
        return {name: data[name] for name in services.QUESTION_FIELDS if name in data}

    def perform_create(self, serializer: QuestionSerializer) -> None:  # type: ignore[override]
        workspace = self.target_workspace(serializer)
        data = serializer.validated_data
        fields = self._fields(data)
        question = services.question_create(
            workspace=workspace, actor=self.request.user, skills=data.get("skills"), **fields
        )
        serializer.instance = self.get_queryset().get(pk=question.pk)

    def perform_update(self, serializer: QuestionSerializer) -> None:  # type: ignore[override]
        data = serializer.validated_data
        question = services.question_update(
            question=serializer.instance,  # type: ignore[arg-type]
            actor=self.request.user,
            skills=data.get("skills"),
            **self._fields(data),
        )
        serializer.instance = self.get_queryset().get(pk=question.pk)

    def perform_destroy(self, instance: Question) -> None:
        services.question_deactivate(question=instance, actor=self.request.user)

    @extend_schema(responses={200: QuestionSerializer, 404: None})
    @action(detail=False, methods=["get"])
    def random(self, request: Request) -> Response:
        """One random question among those the filters of the list match."""
        queryset = self.filter_queryset(self.get_queryset())
        # COUNT then one row at a random offset: two queries, however large the bank.
        total = queryset.count()
        if total == 0:
            raise NotFound("No question matches these filters.")
        question = queryset[random.randrange(total)]
        return Response(self.get_serializer(question).data)

    @extend_schema(responses=DueQuestionSerializer(many=True))
    @action(detail=False, methods=["get"], filter_backends=[])
    def due(self, request: AuthedRequest) -> Response:
        """The user's review queue: active questions whose next review is due, soonest first."""
        queryset = (
            self.get_queryset()
            .filter(is_active=True)
            .annotate(
                my_schedule=FilteredRelation("schedules", condition=Q(schedules__user=request.user))
            )
            .filter(my_schedule__due_at__lte=timezone.now())
            .annotate(
                due_at=F("my_schedule__due_at"),
                interval_days=F("my_schedule__interval_days"),
                repetitions=F("my_schedule__repetitions"),
            )
            .order_by("due_at", "id")
        )
        queryset = self.filter_workspace(queryset)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(DueQuestionSerializer(page, many=True).data)

    @extend_schema(request=PracticeInputSerializer, responses={201: PracticeResultSerializer})
    @action(detail=True, methods=["post"])
    def practice(self, request: AuthedRequest, pk: str | None = None) -> Response:
        """Record a practice answer; the response carries the next review date (SM-2)."""
        question = self.get_object()
        serializer = PracticeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = services.practice_record(
            user=request.user, question=question, **serializer.validated_data
        )
        result.session.question = question
        return Response(PracticeResultSerializer(result).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "category", OpenApiTypes.STR, OpenApiParameter.PATH, enum=Question.Category.values
            )
        ],
        responses=QuestionSerializer(many=True),
    )
    @action(detail=False, methods=["get"], url_path=r"category/(?P<category>[a-z_]+)")
    def category(self, request: Request, category: str = "") -> Response:
        """The questions of one category (with the list's other filters and ordering)."""
        if category not in Question.Category.values:
            raise ValidationError({"category": f"“{category}” is not a question category."})
        queryset = self.filter_queryset(self.get_queryset()).filter(category=category)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


# --- questions asked in an interview ---------------------------------------------------------


class InterviewQuestionMixin:
    """Questions asked are staff notes: candidate members never see them (404); who may write
    is who may act on the interview (``can_take_part``), other staff read (403 on a write)."""

    request: Any  # an AuthedRequest once the view runs
    kwargs: dict[str, Any]

    def get_interview(self) -> Interview:
        user = self.request.user
        interview = get_object_or_404(
            Interview.objects.for_user(user), pk=self.kwargs["interview_id"]
        )
        if user.role_in(interview.workspace_id) not in STAFF_ROLES:
            raise NotFound("Resource not found.")
        return interview

    def check_can_write(self, interview: Interview) -> None:
        if not can_take_part(self.request.user, interview):
            raise PermissionDenied(
                "Only managers and the interview's participants may change this."
            )

    def links(self, interview: Interview) -> QuerySet[InterviewQuestion]:
        return InterviewQuestion.objects.filter(interview=interview).select_related("question")


@extend_schema(tags=["questions"])
class InterviewQuestionListView(InterviewQuestionMixin, generics.GenericAPIView[InterviewQuestion]):
    serializer_class = InterviewQuestionSerializer
    filter_backends: list[Any] = []

    @extend_schema(responses=InterviewQuestionSerializer(many=True))
    def get(self, request: AuthedRequest, interview_id: str) -> Response:
        interview = self.get_interview()
        page = self.paginate_queryset(self.links(interview))
        return self.get_paginated_response(InterviewQuestionSerializer(page, many=True).data)

    @extend_schema(
        request=InterviewQuestionCreateSerializer, responses={201: InterviewQuestionSerializer}
    )
    def post(self, request: AuthedRequest, interview_id: str) -> Response:
        interview = self.get_interview()
        self.check_can_write(interview)
        serializer = InterviewQuestionCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        link = services.interview_question_add(
            interview=interview, actor=request.user, **serializer.validated_data
        )
        return Response(InterviewQuestionSerializer(link).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["questions"])
class InterviewQuestionDetailView(
    InterviewQuestionMixin, generics.GenericAPIView[InterviewQuestion]
):
    serializer_class = InterviewQuestionSerializer

    def get_link(self, interview: Interview) -> InterviewQuestion:
        link = get_object_or_404(self.links(interview), pk=self.kwargs["iqid"])
        link.interview = interview
        return link

    @extend_schema(responses=InterviewQuestionSerializer)
    def get(self, request: AuthedRequest, interview_id: str, iqid: str) -> Response:
        return Response(InterviewQuestionSerializer(self.get_link(self.get_interview())).data)

    @extend_schema(request=InterviewQuestionUpdateSerializer, responses=InterviewQuestionSerializer)
    def patch(self, request: AuthedRequest, interview_id: str, iqid: str) -> Response:
        interview = self.get_interview()
        link = self.get_link(interview)
        self.check_can_write(interview)
        serializer = InterviewQuestionUpdateSerializer(link, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.interview_question_update(
            link=link, actor=request.user, **serializer.validated_data
        )
        return Response(InterviewQuestionSerializer(link).data)

    @extend_schema(responses={204: None})
    def delete(self, request: AuthedRequest, interview_id: str, iqid: str) -> Response:
        interview = self.get_interview()
        link = self.get_link(interview)
        self.check_can_write(interview)
        services.interview_question_remove(link=link, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- practice history and skills -------------------------------------------------------------


@extend_schema(tags=["questions"])
class PracticeSessionViewSet(
    WorkspaceScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[PracticeSession],
):
    """The requesting user's own practice history, newest first."""

    request: AuthedRequest
    serializer_class = PracticeSessionSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = PracticeSessionFilter
    lookup_value_regex = UUID_PATTERN

    def get_queryset(self) -> QuerySet[PracticeSession]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return PracticeSession.objects.none()
        return (
            PracticeSession.objects.for_user(self.request.user)
            .filter(user=self.request.user)
            .select_related("question")
            .order_by("-created_at", "id")
        )

    def filter_queryset(self, queryset: QuerySet[PracticeSession]) -> QuerySet[PracticeSession]:  # type: ignore[override]
        return self.filter_workspace(super().filter_queryset(queryset))

    def perform_destroy(self, instance: PracticeSession) -> None:
        services.practice_delete(session=instance)


@extend_schema(tags=["questions"])
class UserSkillViewSet(WorkspaceScopedMixin, viewsets.ModelViewSet[UserSkill]):
    """The requesting user's own skills and proficiency (1-5)."""

    request: AuthedRequest
    serializer_class = UserSkillSerializer
    filter_backends: list[Any] = []
    lookup_value_regex = UUID_PATTERN

    def get_queryset(self) -> QuerySet[UserSkill]:
        return (
            UserSkill.objects.for_user(self.request.user)
            .filter(user=self.request.user)
            .select_related("skill")
            .order_by("skill__name", "id")
        )

    def filter_queryset(self, queryset: QuerySet[UserSkill]) -> QuerySet[UserSkill]:  # type: ignore[override]
        return self.filter_workspace(queryset)

    def get_serializer_class(self) -> type[Any]:
        if self.action in {"update", "partial_update"}:
            return UserSkillUpdateSerializer
        return UserSkillSerializer

    def perform_create(self, serializer: UserSkillSerializer) -> None:  # type: ignore[override]
        skill = serializer.validated_data["skill"]
        if UserSkill.objects.filter(user=self.request.user, skill=skill).exists():
            raise ConflictError(
                "You already rated this skill; change it with PATCH.",
                details={"resource_type": "UserSkill"},
            )
        serializer.instance = services.user_skill_set(
            user=self.request.user,
            skill=skill,
            proficiency=serializer.validated_data["proficiency"],
        )

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user_skill = self.get_object()
        serializer = UserSkillUpdateSerializer(
            user_skill, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        user_skill = services.user_skill_set(
            user=self.request.user,
            skill=user_skill.skill,
            proficiency=serializer.validated_data.get("proficiency", user_skill.proficiency),
        )
        return Response(UserSkillSerializer(user_skill, context=self.get_serializer_context()).data)

    def perform_destroy(self, instance: UserSkill) -> None:
        services.user_skill_remove(user_skill=instance)
