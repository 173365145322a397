"""Interview plans and kits in the API: ``positions/{id}/plan-stages`` (and ``copy``),
``plan-stages/{id}`` and ``interviews/{id}/kit``. They live in the questions app because a
stage's kit is made of the bank's questions (see ``questions.plans``)."""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from interview_tracker.api.mixins import MemberField
from interview_tracker.api.permissions import IsWorkspaceManager
from interview_tracker.models import MANAGER_ROLES, staff_workspace_ids
from interview_tracker.typing import AuthedRequest
from interviews import services as interview_services
from interviews.models import Interview, PlanStage
from interviews.permissions import can_take_part, is_candidate_view
from positions.models import Position

from .. import plans
from ..models import Question


class CriterionTemplateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=120)
    guidance = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema_field(OpenApiTypes.UUID)
class BankQuestionField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self) -> Any:
        return Question.objects.for_user(self.context["request"].user)


class PlanStageSerializer(serializers.ModelSerializer[PlanStage]):
    default_interviewers = serializers.SerializerMethodField()
    criteria = CriterionTemplateSerializer(many=True, read_only=True)
    questions = serializers.SerializerMethodField()

    class Meta:
        model = PlanStage
        fields = [
            "id",
            "position",
            "name",
            "order",
            "kind",
            "duration_minutes",
            "instructions",
            "default_interviewers",
            "criteria",
            "questions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_default_interviewers(self, stage: PlanStage) -> list[str]:
        return [str(user.pk) for user in stage.default_interviewers.all()]

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_questions(self, stage: PlanStage) -> list[str]:
        return [str(link.question_id) for link in stage.kit_questions.all()]


class PlanStageWriteSerializer(serializers.Serializer[PlanStage]):
    name = serializers.CharField(max_length=120)
    order = serializers.IntegerField(min_value=0, max_value=100, required=False)
    kind = serializers.ChoiceField(choices=Interview.Kind.choices, required=False)
    duration_minutes = serializers.IntegerField(min_value=1, max_value=600, required=False)
    instructions = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    default_interviewers = MemberField(many=True, required=False)
    criteria = CriterionTemplateSerializer(many=True, required=False)
    questions = BankQuestionField(many=True, required=False)


class PlanCopySerializer(serializers.Serializer[Any]):
    from_position = serializers.UUIDField()


class KitQuestionSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    text = serializers.CharField()
    key_concepts = serializers.ListField(child=serializers.CharField())
    tips = serializers.ListField(child=serializers.CharField())


class KitCandidateSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    name = serializers.CharField()
    links = serializers.JSONField()
    resume_url = serializers.SerializerMethodField()

    def get_resume_url(self, candidate: Any) -> str | None:
        if not candidate.resume:
            return None
        return self.context["request"].build_absolute_uri(candidate.resume.url)


class KitPreviousSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    title = serializers.CharField(source="__str__")
    kind = serializers.CharField()
    scheduled_at = serializers.DateTimeField()
    status = serializers.CharField()
    outcome = serializers.CharField()


class KitSerializer(serializers.Serializer[Any]):
    interview = serializers.UUIDField(source="interview.pk")
    stage = serializers.CharField(source="stage.name", allow_null=True, default=None)
    instructions = serializers.CharField()
    criteria = CriterionTemplateSerializer(many=True)
    questions = KitQuestionSerializer(many=True)
    candidate = KitCandidateSerializer(allow_null=True)
    previous_interviews = KitPreviousSerializer(many=True)


def _respond(request: Request, stage: PlanStage, code: int = status.HTTP_200_OK) -> Response:
    fresh = plans.plan_of(stage.position_id).get(pk=stage.pk)
    return Response(PlanStageSerializer(fresh, context={"request": request}).data, status=code)


def _managed_position(request: AuthedRequest, pk: Any) -> Position:
    position = get_object_or_404(Position.objects.for_user(request.user), pk=pk)
    if request.user.role_in(position.workspace_id) not in MANAGER_ROLES:
        raise PermissionDenied("Only owners and recruiters edit an interview plan.")
    return position


@extend_schema(tags=["hiring"])
class PositionPlanStagesView(generics.ListCreateAPIView[PlanStage]):
    """``positions/{id}/plan-stages``: the opening's plan in order; POST appends a stage."""

    request: AuthedRequest
    serializer_class = PlanStageSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[PlanStage]:
        if getattr(self, "swagger_fake_view", False):
            return PlanStage.objects.none()
        position = get_object_or_404(
            Position.objects.for_user(self.request.user), pk=self.kwargs["pk"]
        )
        return plans.plan_of(position.pk)

    @extend_schema(request=PlanStageWriteSerializer, responses={201: PlanStageSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        position = _managed_position(self.request, kwargs["pk"])
        serializer = PlanStageWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        stage = plans.plan_stage_create(
            actor=self.request.user, position=position, **serializer.validated_data
        )
        return _respond(request, stage, status.HTTP_201_CREATED)


@extend_schema(tags=["hiring"])
class PlanCopyView(APIView):
    """``POST positions/{id}/plan-stages/copy`` {from_position}: append another opening's plan."""

    request: AuthedRequest

    @extend_schema(request=PlanCopySerializer, responses={201: PlanStageSerializer(many=True)})
    def post(self, request: AuthedRequest, pk: str) -> Response:
        position = _managed_position(request, pk)
        serializer = PlanCopySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        source = (
            Position.objects.for_user(request.user)
            .filter(pk=serializer.validated_data["from_position"])
            .first()
        )
        if source is None:
            raise NotFound()
        plans.plan_copy(actor=request.user, position=position, from_position=source)
        stages = plans.plan_of(position.pk)
        return Response(
            PlanStageSerializer(stages, many=True, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema(tags=["hiring"])
class PlanStageViewSet(
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """``plan-stages/{id}``: read, edit (a new ``order`` moves it), delete."""

    request: AuthedRequest
    serializer_class = PlanStageSerializer
    permission_classes = [IsAuthenticated, IsWorkspaceManager]
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[PlanStage]:
        if getattr(self, "swagger_fake_view", False):
            return PlanStage.objects.none()
        return plans.plan_stages().filter(workspace_id__in=staff_workspace_ids(self.request.user))

    @extend_schema(request=PlanStageWriteSerializer, responses=PlanStageSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        stage = self.get_object()
        serializer = PlanStageWriteSerializer(
            data=request.data, partial=True, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        stage = plans.plan_stage_update(
            actor=self.request.user, stage=stage, **serializer.validated_data
        )
        return _respond(request, stage)

    def perform_destroy(self, instance: PlanStage) -> None:
        interview_services.plan_stage_delete(actor=self.request.user, stage=instance)


@extend_schema(tags=["hiring"])
class KitView(APIView):
    """``GET interviews/{id}/kit``: for the interview's interviewers and managers."""

    request: AuthedRequest

    @extend_schema(responses=KitSerializer)
    def get(self, request: AuthedRequest, pk: str) -> Response:
        interview = get_object_or_404(
            Interview.objects.for_user(request.user).select_related("candidate"), pk=pk
        )
        if is_candidate_view(request.user, interview):
            raise NotFound()
        if not can_take_part(request.user, interview):
            raise PermissionDenied("The kit is for this interview's interviewers.")
        return Response(KitSerializer(plans.kit(interview), context={"request": request}).data)
