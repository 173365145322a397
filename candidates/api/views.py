"""Candidates: the pipeline's people, with ``?expand=`` embeds registered by later apps."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.http.response import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request

from interview_tracker.api.pagination import LargePageNumberPagination
from interview_tracker.api.viewsets import ActivityMixin, WorkspaceModelViewSet
from interview_tracker.downloads import file_download
from interview_tracker.extensions import registry
from interview_tracker.models import Role

from .. import services
from ..models import Candidate
from .filters import CandidateFilter
from .serializers import EMBED_LABEL, CandidateSerializer, CandidateWriteSerializer

EXPAND = OpenApiParameter(
    "expand",
    OpenApiTypes.STR,
    description="Comma-separated embeds for each candidate, e.g. `interviews`.",
)


@extend_schema_view(
    list=extend_schema(parameters=[EXPAND]),
    create=extend_schema(request=CandidateWriteSerializer, responses={201: CandidateSerializer}),
    update=extend_schema(request=CandidateWriteSerializer, responses=CandidateSerializer),
    partial_update=extend_schema(request=CandidateWriteSerializer, responses=CandidateSerializer),
)
@extend_schema(tags=["candidates"])
class CandidateViewSet(ActivityMixin, WorkspaceModelViewSet):
    read_serializer_class = CandidateSerializer
    pagination_class = LargePageNumberPagination
    write_serializer_class = CandidateWriteSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_class = CandidateFilter
    search_fields = ["name", "email"]
    ordering_fields = ["created_at", "updated_at", "name", "email", "status"]
    ordering = ["-created_at"]

    def embeds(self) -> list[str]:
        """Lists embed what ``?expand=`` names; a detail embeds everything registered."""
        available = registry.api_embeds.get(EMBED_LABEL, {})
        if self.action == "list":
            raw = ",".join(self.request.query_params.getlist("expand"))
            wanted = [name.strip() for name in raw.split(",") if name.strip()]
            return [name for name in wanted if name in available]
        return list(available)

    def base_queryset(self) -> QuerySet[Candidate]:
        queryset = Candidate.objects.for_user(self.request.user)
        available = registry.api_embeds.get(EMBED_LABEL, {})
        for name in self.embeds():
            queryset = queryset.prefetch_related(available[name].prefetch(self.request))
        return queryset

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "embeds": self.embeds()}

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = services.candidate_create(
            workspace=self.target_workspace(serializer),
            actor=self.actor,
            **self.write_data(serializer),
        )

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = services.candidate_update(
            candidate=serializer.instance, actor=self.actor, **self.write_data(serializer)
        )

    def perform_destroy(self, instance: Candidate) -> None:
        services.candidate_delete(candidate=instance, actor=self.actor)

    @extend_schema(
        responses={
            # The stored file as uploaded (a PDF, a Word document, text): any media type.
            (200, "*/*"): OpenApiTypes.BINARY,
            302: OpenApiResponse(description="A signed URL of the object store, valid minutes."),
        }
    )
    @action(detail=True, methods=["get"])
    def resume(self, request: Request, pk: str | None = None) -> HttpResponseBase:
        """The resume as an attachment, for the hiring team only."""
        candidate = self.get_object()
        if request.user.role_in(candidate.workspace_id) == Role.CANDIDATE:  # type: ignore[union-attr]
            raise Http404
        return file_download(candidate.resume)

    def check_activity_access(self, obj: Candidate) -> None:
        if self.request.user.role_in(obj.workspace_id) == Role.CANDIDATE:
            raise PermissionDenied("The timeline of a candidate is for the hiring team.")
