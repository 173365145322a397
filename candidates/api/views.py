"""Candidates: the pipeline's people, with ``?expand=`` embeds registered by later apps."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.http.response import HttpResponseBase
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from interview_tracker.api.embeds import EXPAND, FIELDS, embeds_of, full_embeds
from interview_tracker.api.mixins import WorkspaceScopedMixin
from interview_tracker.api.pagination import LargePageNumberPagination
from interview_tracker.api.permissions import IsWorkspaceManagerForAll
from interview_tracker.api.viewsets import ActivityMixin, WorkspaceModelViewSet
from interview_tracker.downloads import file_download
from interview_tracker.extensions import registry
from interview_tracker.models import Role
from interview_tracker.typing import AuthedRequest

from .. import services
from ..models import Candidate, Merge
from .filters import CandidateFilter
from .rows import candidate_rows, page_values
from .serializers import (
    EMBED_LABEL,
    CandidateMergeSerializer,
    CandidateSerializer,
    CandidateWriteSerializer,
    MergeResultSerializer,
)


@extend_schema_view(
    list=extend_schema(parameters=[EXPAND, FIELDS]),
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

    def get_permissions(self) -> list[BasePermission]:
        # A person's whole file and its erasure are for those who manage the workspace.
        if self.action in {"export", "anonymise", "merge"}:
            return [IsAuthenticated(), IsWorkspaceManagerForAll()]
        return super().get_permissions()

    def embeds(self) -> list[str]:
        """Lists embed what ``?expand=`` names; a detail embeds everything registered."""
        return embeds_of(self, EMBED_LABEL)

    def embed_prefetches(self) -> list[Prefetch[Any]]:
        available = registry.api_embeds.get(EMBED_LABEL, {})
        return [available[name].prefetch(self.request) for name in self.embeds()]

    def base_queryset(self) -> QuerySet[Candidate]:
        return Candidate.objects.for_user(self.request.user).prefetch_related(
            *self.embed_prefetches()
        )

    def created(self, instance: Candidate) -> Candidate:  # type: ignore[override]
        # The service left the possible duplicates on it; a new candidate has no related rows
        # yet, so its embeds are empty without asking (the prefetches' ``to_attr``).
        for prefetch in self.embed_prefetches():
            setattr(instance, str(prefetch.to_attr), [])
        return instance

    def get_serializer_context(self) -> dict[str, Any]:
        return {
            **super().get_serializer_context(),
            "embeds": self.embeds(),
            "full_embeds": full_embeds(self),
        }

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

    @extend_schema(
        request=None,
        responses=OpenApiResponse(
            response=OpenApiTypes.OBJECT,
            description="Everything held about the person: `candidate`, `files`, `activity`, "
            "`status_changes`, `interviews`, `messages`, `scorecards`.",
        ),
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def export(self, request: Request, pk: str | None = None) -> Response:
        """The candidate's personal data, as JSON (their right of access)."""
        return Response(services.candidate_export(candidate=self.get_object()))

    @extend_schema(request=None, responses=CandidateSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def anonymise(self, request: Request, pk: str | None = None) -> Response:
        """Erase the person's personal fields and files; history and statistics stay."""
        candidate = services.candidate_anonymise(candidate=self.get_object(), actor=self.actor)
        return self.read_response(candidate)

    @extend_schema(request=CandidateMergeSerializer, responses=MergeResultSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def merge(self, request: Request, pk: str | None = None) -> Response:
        """Merge ``other`` into this candidate (kept); undo at ``merges/{id}/undo``."""
        kept = self.get_object()
        serializer = CandidateMergeSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        merge = services.candidate_merge(
            kept=kept, other=serializer.validated_data["other"], actor=self.actor
        )
        context = self.get_serializer_context()
        fresh = self.base_queryset().get(pk=kept.pk)
        return Response(
            {"merge": str(merge.pk), "candidate": CandidateSerializer(fresh, context=context).data}
        )

    def check_activity_access(self, obj: Candidate) -> None:
        if self.request.user.role_in(obj.workspace_id) == Role.CANDIDATE:
            raise PermissionDenied("The timeline of a candidate is for the hiring team.")

    # Last: the method's name would shadow ``list`` in the annotations of later methods.
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(page_values(self.filter_queryset(self.get_queryset())))
        available = registry.api_embeds.get(EMBED_LABEL, {})
        embeds = {name: available[name] for name in self.embeds()}
        rows = candidate_rows(list(page or []), request, embeds, full_embeds(self))
        return self.get_paginated_response(rows)


@extend_schema(tags=["candidates"])
class MergeViewSet(WorkspaceScopedMixin, viewsets.GenericViewSet):
    """``POST merges/{id}/undo``: a merge is undone once, within its window."""

    request: AuthedRequest
    serializer_class = MergeResultSerializer

    def get_queryset(self) -> QuerySet[Merge]:
        # An undone or expired merge is simply absent: its undo answers 404.
        return Merge.objects.for_user(self.request.user).undoable(timezone.now())

    def get_permissions(self) -> list[BasePermission]:
        return [IsAuthenticated(), IsWorkspaceManagerForAll()]

    @extend_schema(request=None, responses=MergeResultSerializer)
    @action(detail=True, methods=["post"])
    def undo(self, request: Request, pk: str | None = None) -> Response:
        """Restore both records of the merge."""
        merge = self.get_object()
        kept, other = services.merge_undo(merge=merge, actor=request.user)  # type: ignore[arg-type]
        context = self.get_serializer_context()
        return Response(
            {
                "merge": str(merge.pk),
                "candidate": CandidateSerializer(kept, context=context).data,
                "other": CandidateSerializer(other, context=context).data,
            }
        )
