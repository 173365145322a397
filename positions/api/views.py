"""Companies, roles, skills, CV versions, positions and their contacts and activity."""

from typing import Any, ClassVar

from django.db.models import Model, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import SearchFilter
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from interview_tracker.api.mixins import WorkspaceScopedMixin
from interview_tracker.api.permissions import IsWorkspaceManager
from interview_tracker.models import ActivityEvent, User, Workspace
from interview_tracker.typing import AuthedRequest

from .. import services
from ..models import Company, Contact, CVVersion, JobRole, Position, Skill
from .filters import PositionFilter, StableOrderingFilter
from .serializers import (
    REQUIRED_SKILLS,
    ActivityEventSerializer,
    CompanySerializer,
    ContactSerializer,
    CVVersionSerializer,
    JobRoleSerializer,
    PositionSerializer,
    PositionStatusSerializer,
    PositionWriteSerializer,
    SkillSerializer,
)


class WorkspaceModelViewSet(WorkspaceScopedMixin, viewsets.ModelViewSet):
    """CRUD over a workspace-owned model whose writes go through services.

    Subclasses provide ``base_queryset()`` and the three write hooks; responses use
    ``read_serializer_class`` (re-read through ``get_queryset`` so annotations are present).
    """

    request: AuthedRequest
    permission_classes = [IsAuthenticated, IsWorkspaceManager]
    filter_backends = [DjangoFilterBackend, SearchFilter, StableOrderingFilter]
    read_serializer_class: ClassVar[type[serializers.BaseSerializer[Any]] | None] = None
    write_serializer_class: ClassVar[type[serializers.BaseSerializer[Any]] | None] = None

    def base_queryset(self) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        return self.filter_workspace(self.base_queryset())

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action in {"create", "update", "partial_update"} and self.write_serializer_class:
            return self.write_serializer_class
        return self.read_serializer_class or super().get_serializer_class()

    def read_response(self, instance: Model, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = self.base_queryset().get(pk=instance.pk)
        serializer_class = self.read_serializer_class or self.get_serializer_class()
        data = serializer_class(fresh, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("workspace", None)
        instance = self.create_object(self.target_workspace(serializer), data)
        return self.read_response(instance, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        serializer = self.get_serializer(
            instance, data=request.data, partial=kwargs.pop("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("workspace", None)
        return self.read_response(self.update_object(instance, data))

    def perform_destroy(self, instance: Model) -> None:
        self.delete_object(instance)

    def create_object(self, workspace: Workspace, data: dict[str, Any]) -> Model:
        raise NotImplementedError

    def update_object(self, instance: Any, data: dict[str, Any]) -> Model:
        raise NotImplementedError

    def delete_object(self, instance: Any) -> None:
        raise NotImplementedError

    @property
    def actor(self) -> User:
        return self.request.user


class ActivityMixin:
    """``GET …/{id}/activity``: the object's timeline, newest first, paginated."""

    def check_activity_access(self, obj: Any) -> None:
        """Everyone who sees the object reads its timeline unless a subclass says otherwise."""

    @extend_schema(responses=ActivityEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def activity(self, request: Request, pk: str | None = None) -> Response:
        obj = self.get_object()  # type: ignore[attr-defined]
        self.check_activity_access(obj)
        events = (
            ActivityEvent.objects.filter(
                content_type__app_label=obj._meta.app_label,
                content_type__model=obj._meta.model_name,
                object_id=obj.pk,
            )
            .select_related("actor")
            .order_by("-created_at", "-id")
        )
        page = self.paginate_queryset(events)  # type: ignore[attr-defined]
        data = ActivityEventSerializer(page, many=True).data
        return self.get_paginated_response(data)  # type: ignore[attr-defined]


@extend_schema(tags=["companies"])
class CompanyViewSet(WorkspaceModelViewSet):
    serializer_class = CompanySerializer
    search_fields = ["name", "industry", "headquarters"]
    filterset_fields = ["industry", "size"]
    ordering_fields = ["name", "created_at"]
    ordering = ["name"]

    def base_queryset(self) -> QuerySet[Company]:
        return Company.objects.for_user(self.request.user)

    def create_object(self, workspace: Workspace, data: dict[str, Any]) -> Company:
        return services.company_create(workspace=workspace, actor=self.actor, **data)

    def update_object(self, instance: Company, data: dict[str, Any]) -> Company:
        return services.company_update(company=instance, actor=self.actor, **data)

    def delete_object(self, instance: Company) -> None:
        services.company_delete(company=instance, actor=self.actor)


@extend_schema(tags=["skills"])
class SkillViewSet(WorkspaceModelViewSet):
    serializer_class = SkillSerializer
    search_fields = ["name", "category", "description"]
    filterset_fields = ["skill_type", "market_demand", "is_trending", "category"]
    ordering_fields = ["name", "created_at", "market_demand"]
    ordering = ["name"]

    def base_queryset(self) -> QuerySet[Skill]:
        return Skill.objects.for_user(self.request.user)

    def create_object(self, workspace: Workspace, data: dict[str, Any]) -> Skill:
        return services.skill_create(workspace=workspace, actor=self.actor, **data)

    def update_object(self, instance: Skill, data: dict[str, Any]) -> Skill:
        return services.skill_update(skill=instance, actor=self.actor, **data)

    def delete_object(self, instance: Skill) -> None:
        services.skill_delete(skill=instance, actor=self.actor)


@extend_schema(tags=["roles"])
class JobRoleViewSet(WorkspaceModelViewSet):
    serializer_class = JobRoleSerializer
    search_fields = ["name", "category", "description"]
    filterset_fields = ["category"]
    ordering_fields = ["name", "created_at"]
    ordering = ["name"]

    def base_queryset(self) -> QuerySet[JobRole]:
        return JobRole.objects.for_user(self.request.user).prefetch_related(
            Prefetch("typical_skills", queryset=Skill.objects.only("id", "name"))
        )

    def create_object(self, workspace: Workspace, data: dict[str, Any]) -> JobRole:
        return services.role_create(workspace=workspace, actor=self.actor, **data)

    def update_object(self, instance: JobRole, data: dict[str, Any]) -> JobRole:
        return services.role_update(role=instance, actor=self.actor, **data)

    def delete_object(self, instance: JobRole) -> None:
        services.role_delete(role=instance, actor=self.actor)


@extend_schema(tags=["cv-versions"])
class CVVersionViewSet(WorkspaceModelViewSet):
    serializer_class = CVVersionSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    search_fields = ["label", "notes"]
    filterset_fields: ClassVar[list[str]] = []
    ordering_fields = ["created_at", "label"]
    ordering = ["-created_at"]

    def base_queryset(self) -> QuerySet[CVVersion]:
        return CVVersion.objects.for_user(self.request.user)

    def create_object(self, workspace: Workspace, data: dict[str, Any]) -> CVVersion:
        return services.cv_version_create(workspace=workspace, actor=self.actor, **data)

    def update_object(self, instance: CVVersion, data: dict[str, Any]) -> CVVersion:
        return services.cv_version_update(cv_version=instance, actor=self.actor, **data)

    def delete_object(self, instance: CVVersion) -> None:
        services.cv_version_delete(cv_version=instance, actor=self.actor)


@extend_schema_view(
    create=extend_schema(request=PositionWriteSerializer, responses={201: PositionSerializer}),
    update=extend_schema(request=PositionWriteSerializer, responses=PositionSerializer),
    partial_update=extend_schema(request=PositionWriteSerializer, responses=PositionSerializer),
)
@extend_schema(tags=["positions"])
class PositionViewSet(ActivityMixin, WorkspaceModelViewSet):
    read_serializer_class = PositionSerializer
    write_serializer_class = PositionWriteSerializer
    filterset_class = PositionFilter
    search_fields = ["title", "company__name", "description"]
    ordering_fields = ["application_date", "title", "company_name", "created_at", "status"]
    ordering = ["-application_date", "-created_at"]

    def base_queryset(self) -> QuerySet[Position]:
        positions = Position.objects.for_user(self.request.user).select_related("company")
        if self.action in {"contacts", "contact", "activity"}:
            return positions  # the nested lists need the position itself, not its figures
        return positions.prefetch_related(
            Prefetch("required_skills", queryset=Skill.objects.only("id"), to_attr=REQUIRED_SKILLS)
        ).with_stats()

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "change_status":
            return PositionStatusSerializer
        if self.action == "contacts":
            return ContactSerializer
        return super().get_serializer_class()

    def create_object(self, workspace: Workspace, data: dict[str, Any]) -> Position:
        return services.position_create(workspace=workspace, actor=self.actor, **data)

    def update_object(self, instance: Position, data: dict[str, Any]) -> Position:
        return services.position_update(position=instance, actor=self.actor, **data)

    def delete_object(self, instance: Position) -> None:
        services.position_delete(position=instance, actor=self.actor)

    @extend_schema(request=PositionStatusSerializer, responses=PositionSerializer)
    @action(detail=True, methods=["put"], url_path="status")
    def change_status(self, request: Request, pk: str | None = None) -> Response:
        position = self.get_object()
        serializer = PositionStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.position_change_status(
            position=position, actor=self.actor, **serializer.validated_data
        )
        return self.read_response(position)

    @extend_schema(methods=["GET"], responses=ContactSerializer(many=True), request=None)
    @extend_schema(methods=["POST"], request=ContactSerializer, responses={201: ContactSerializer})
    @action(detail=True, methods=["get", "post"])
    def contacts(self, request: Request, pk: str | None = None) -> Response:
        position = self.get_object()
        if request.method == "POST":
            serializer = ContactSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            contact = services.contact_create(
                position=position, actor=self.actor, **serializer.validated_data
            )
            return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)
        page = self.paginate_queryset(
            Contact.objects.filter(position=position).order_by("name", "id")
        )
        return self.get_paginated_response(ContactSerializer(page, many=True).data)

    @extend_schema(methods=["GET"], responses=ContactSerializer, request=None)
    @extend_schema(methods=["PUT", "PATCH"], request=ContactSerializer, responses=ContactSerializer)
    @extend_schema(methods=["DELETE"], responses={204: OpenApiResponse(description="Deleted")})
    @action(
        detail=True,
        methods=["get", "put", "patch", "delete"],
        url_path=r"contacts/(?P<contact_id>[0-9a-fA-F-]{36})",
    )
    def contact(self, request: Request, pk: str | None = None, contact_id: str = "") -> Response:
        position = self.get_object()
        contact = get_object_or_404(Contact.objects.filter(position=position), pk=contact_id)
        contact.position = position
        if request.method == "GET":
            return Response(ContactSerializer(contact).data)
        if request.method == "DELETE":
            services.contact_delete(contact=contact, actor=self.actor)
            return Response(status=status.HTTP_204_NO_CONTENT)
        serializer = ContactSerializer(
            contact, data=request.data, partial=request.method == "PATCH"
        )
        serializer.is_valid(raise_exception=True)
        contact = services.contact_update(
            contact=contact, actor=self.actor, **serializer.validated_data
        )
        return Response(ContactSerializer(contact).data)
