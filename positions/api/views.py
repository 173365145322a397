"""Companies, roles, skills, CV versions, positions and their contacts and activity."""

from typing import Any, ClassVar

from django.db.models import Prefetch, QuerySet
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from interview_tracker.api.embeds import EXPAND, FIELDS, embeds_of, full_embeds
from interview_tracker.api.pagination import LargePageNumberPagination
from interview_tracker.api.viewsets import ActivityMixin, WorkspaceModelViewSet
from interview_tracker.downloads import file_download
from interview_tracker.extensions import registry
from interview_tracker.models import MANAGER_ROLES
from interview_tracker.typing import AuthedRequest

from .. import services
from ..models import Company, Contact, CVVersion, JobRole, Position, Skill
from ..postings import posting_read
from .filters import PositionFilter
from .rows import page_values, position_rows
from .serializers import (
    EMBED_LABEL,
    REQUIRED_SKILLS,
    CompanySerializer,
    ContactSerializer,
    CVVersionSerializer,
    FollowUpSerializer,
    JobRoleSerializer,
    PositionSerializer,
    PositionStatusSerializer,
    PositionWriteSerializer,
    PostingDraftSerializer,
    PostingSourceSerializer,
    SkillSerializer,
)


@extend_schema(tags=["companies"])
class CompanyViewSet(WorkspaceModelViewSet):
    serializer_class = CompanySerializer
    search_fields = ["name", "industry", "headquarters"]
    filterset_fields = ["industry", "size"]
    ordering_fields = ["name", "created_at"]
    ordering = ["name"]

    def base_queryset(self) -> QuerySet[Company]:
        return Company.objects.for_user(self.request.user)

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = services.company_create(
            workspace=self.target_workspace(serializer),
            actor=self.actor,
            **self.write_data(serializer),
        )

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = services.company_update(
            company=serializer.instance, actor=self.actor, **self.write_data(serializer)
        )

    def perform_destroy(self, instance: Company) -> None:
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

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = services.skill_create(
            workspace=self.target_workspace(serializer),
            actor=self.actor,
            **self.write_data(serializer),
        )

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = services.skill_update(
            skill=serializer.instance, actor=self.actor, **self.write_data(serializer)
        )

    def perform_destroy(self, instance: Skill) -> None:
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

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = services.role_create(
            workspace=self.target_workspace(serializer),
            actor=self.actor,
            **self.write_data(serializer),
        )

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = services.role_update(
            role=serializer.instance, actor=self.actor, **self.write_data(serializer)
        )

    def perform_destroy(self, instance: JobRole) -> None:
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

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = services.cv_version_create(
            workspace=self.target_workspace(serializer),
            actor=self.actor,
            **self.write_data(serializer),
        )

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = services.cv_version_update(
            cv_version=serializer.instance, actor=self.actor, **self.write_data(serializer)
        )

    def perform_destroy(self, instance: CVVersion) -> None:
        services.cv_version_delete(cv_version=instance, actor=self.actor)

    @extend_schema(
        responses={
            # The stored file as uploaded (a PDF, a Word document, text): any media type.
            (200, "*/*"): OpenApiTypes.BINARY,
            302: OpenApiResponse(description="A signed URL of the object store, valid minutes."),
        }
    )
    @action(detail=True, methods=["get"])
    def file(self, request: Request, pk: str | None = None) -> HttpResponseBase:
        """The CV file as an attachment."""
        return file_download(self.get_object().file)


@extend_schema_view(
    list=extend_schema(parameters=[EXPAND, FIELDS]),
    create=extend_schema(request=PositionWriteSerializer, responses={201: PositionSerializer}),
    update=extend_schema(request=PositionWriteSerializer, responses=PositionSerializer),
    partial_update=extend_schema(request=PositionWriteSerializer, responses=PositionSerializer),
)
@extend_schema(tags=["positions"])
class PositionViewSet(ActivityMixin, WorkspaceModelViewSet):
    read_serializer_class = PositionSerializer
    pagination_class = LargePageNumberPagination
    write_serializer_class = PositionWriteSerializer
    filterset_class = PositionFilter
    search_fields = ["title", "company__name", "description"]
    ordering_fields = ["application_date", "title", "company_name", "created_at", "status"]
    ordering = ["-application_date", "-created_at"]

    def base_queryset(self) -> QuerySet[Position]:
        positions = Position.objects.for_user(self.request.user).select_related("company")
        if self.action in {"contacts", "contact", "activity"}:
            return positions  # the nested lists need the position itself, not its figures
        available = registry.api_embeds.get(EMBED_LABEL, {})
        return positions.prefetch_related(
            Prefetch("required_skills", queryset=Skill.objects.only("id"), to_attr=REQUIRED_SKILLS),
            *(available[name].prefetch(self.request) for name in self.embeds()),
        ).with_stats()

    def embeds(self) -> list[str]:
        """The list embeds what ``?expand=`` names (a detail answers the position alone)."""
        return embeds_of(self, EMBED_LABEL) if self.action == "list" else []

    def get_serializer_context(self) -> dict[str, Any]:
        return {
            **super().get_serializer_context(),
            "embeds": self.embeds(),
            "full_embeds": full_embeds(self),
        }

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "change_status":
            return PositionStatusSerializer
        if self.action == "contacts":
            return ContactSerializer
        return super().get_serializer_class()

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = self.write_data(serializer)
        position = services.position_create(
            workspace=self.target_workspace(serializer), actor=self.actor, **data
        )
        setattr(position, REQUIRED_SKILLS, list(data.get("required_skills", ())))
        serializer.instance = position

    def created(self, instance: Position) -> Position:  # type: ignore[override]
        if getattr(instance, "last_activity_at", None) is None:  # moved through the pipeline
            return self.reread(instance)  # type: ignore[return-value]
        instance.company_name = instance.company.name
        return instance

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = services.position_update(
            position=serializer.instance, actor=self.actor, **self.write_data(serializer)
        )

    def perform_destroy(self, instance: Position) -> None:
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

    @extend_schema(
        request=FollowUpSerializer,
        responses=PositionSerializer,
        description="Tick off the follow-up (`done`: the date is cleared) or `snooze` it.",
    )
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request: Request, pk: str | None = None) -> Response:
        position = self.get_object()
        serializer = FollowUpSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if serializer.validated_data["action"] == "done":
            services.position_follow_up_done(position=position, actor=self.actor)
        else:
            services.position_follow_up_snooze(
                position=position, actor=self.actor, days=serializer.validated_data["days"]
            )
        return self.read_response(position)

    @extend_schema(
        request=None,
        responses=PositionSerializer,
        description="The company went quiet: rejected with the reason `ghosted`.",
    )
    @action(detail=True, methods=["post"])
    def ghosted(self, request: Request, pk: str | None = None) -> Response:
        position = self.get_object()
        services.position_mark_ghosted(position=position, actor=self.actor)
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

    # Last: the method's name would shadow ``list`` in the annotations of later methods.
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(page_values(self.filter_queryset(self.get_queryset())))
        available = registry.api_embeds.get(EMBED_LABEL, {})
        embeds = {name: available[name] for name in self.embeds()}
        rows = position_rows(list(page or []), request, embeds, full_embeds(self))
        return self.get_paginated_response(rows)


@extend_schema(tags=["positions"])
class PostingDraftView(APIView):
    """Read a job posting into an application draft; nothing is saved."""

    @extend_schema(
        operation_id="positions_from_posting",
        summary="Draft an application from a job posting",
        description=(
            "Give the posting's `url` (fetched with a short timeout and a size cap; private and "
            "local addresses are refused) or its `html`. The answer pre-fills "
            "`POST positions`; nothing is saved until that call."
        ),
        request=PostingSourceSerializer,
        responses={200: PostingDraftSerializer},
    )
    def post(self, request: AuthedRequest) -> Response:
        if not any(role in MANAGER_ROLES for role in request.user.workspace_roles.values()):
            raise PermissionDenied("Only people who add applications or openings may do this.")
        source = PostingSourceSerializer(data=request.data)
        source.is_valid(raise_exception=True)
        draft = posting_read(url=source.validated_data["url"], page=source.validated_data["html"])
        return Response(PostingDraftSerializer(draft.as_dict()).data)
