"""Structured hiring in the API: a candidate's debrief and decision, the workspace's e-mail
templates and offers (with their approval, sending and the candidate's answer)."""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from candidates.models import Candidate
from interview_tracker.api.permissions import IsWorkspaceManager
from interview_tracker.api.viewsets import WorkspaceModelViewSet
from interview_tracker.models import MANAGER_ROLES, STAFF_ROLES
from interview_tracker.typing import AuthedRequest

from .. import selectors, services
from ..models import EmailTemplate, Offer
from ..permissions import can_approve_offer, can_read_debrief, is_offer_candidate
from .hiring_serializers import (
    DebriefSerializer,
    DecisionSerializer,
    DecisionWriteSerializer,
    EmailTemplateDefaultSerializer,
    EmailTemplateSerializer,
    EmailTemplateWriteSerializer,
    OfferSerializer,
    OfferUpdateSerializer,
    OfferWriteSerializer,
)


def _staff_candidate(request: AuthedRequest, pk: Any) -> Candidate:
    """A candidate of the team's workspaces; a candidate member's own record is absent here."""
    candidate = get_object_or_404(Candidate.objects.for_user(request.user), pk=pk)
    if request.user.role_in(candidate.workspace_id) not in STAFF_ROLES:
        raise NotFound()
    return candidate


@extend_schema(tags=["hiring"])
class DebriefView(APIView):
    """``GET candidates/{id}/debrief``: every scorecard of the candidate side by side."""

    request: AuthedRequest

    @extend_schema(responses=DebriefSerializer)
    def get(self, request: AuthedRequest, pk: str) -> Response:
        candidate = _staff_candidate(request, pk)
        if not can_read_debrief(request.user, candidate.workspace_id, candidate.pk):
            raise PermissionDenied("Submit every scorecard you owe this candidate first.")
        return Response(DebriefSerializer(selectors.debrief(candidate.pk, request.user)).data)


@extend_schema(tags=["hiring"])
class DecisionView(APIView):
    """``POST candidates/{id}/decision``: advance, reject, hold or hire, optionally e-mailed."""

    request: AuthedRequest

    @extend_schema(request=DecisionWriteSerializer, responses={201: DecisionSerializer})
    def post(self, request: AuthedRequest, pk: str) -> Response:
        candidate = _staff_candidate(request, pk)
        if request.user.role_in(candidate.workspace_id) not in MANAGER_ROLES:
            raise PermissionDenied("Only owners and recruiters decide.")
        serializer = DecisionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decision = services.candidate_decide(
            actor=request.user, candidate=candidate, **serializer.validated_data
        )
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    create=extend_schema(
        request=EmailTemplateWriteSerializer, responses={201: EmailTemplateSerializer}
    ),
    update=extend_schema(request=EmailTemplateWriteSerializer, responses=EmailTemplateSerializer),
    partial_update=extend_schema(
        request=EmailTemplateWriteSerializer, responses=EmailTemplateSerializer
    ),
)
@extend_schema(tags=["hiring"])
class EmailTemplateViewSet(WorkspaceModelViewSet):
    """The workspace's own wording per kind; ``defaults`` shows what applies without one."""

    read_serializer_class = EmailTemplateSerializer
    write_serializer_class = EmailTemplateWriteSerializer
    filterset_fields = ["kind"]
    search_fields = ["subject"]
    ordering_fields = ["kind", "created_at"]
    ordering = ["kind"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def base_queryset(self) -> QuerySet[EmailTemplate]:
        return EmailTemplate.objects.for_user(self.request.user)

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = services.email_template_create(
            actor=self.actor,
            workspace=self.target_workspace(serializer),
            **self.write_data(serializer),
        )

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = services.email_template_update(
            actor=self.actor, template=serializer.instance, **self.write_data(serializer)
        )

    def perform_destroy(self, instance: EmailTemplate) -> None:
        services.email_template_delete(actor=self.actor, template=instance)

    @extend_schema(responses=EmailTemplateDefaultSerializer(many=True))
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def defaults(self, request: Request) -> Response:
        rows = [
            {"kind": kind, "subject": subject, "body": body}
            for kind, (subject, body) in services.DEFAULT_TEMPLATES.items()
        ]
        return Response(EmailTemplateDefaultSerializer(rows, many=True).data)


class CanApproveOffer(permissions.BasePermission):
    message = "Only an owner or the offer's named approver approves it."

    def has_object_permission(self, request: Request, view: Any, obj: Offer) -> bool:
        return can_approve_offer(request.user, obj)


class IsOfferCandidate(permissions.BasePermission):
    message = "Only the candidate answers their offer."

    def has_object_permission(self, request: Request, view: Any, obj: Offer) -> bool:
        return is_offer_candidate(request.user, obj)


@extend_schema_view(
    create=extend_schema(request=OfferWriteSerializer, responses={201: OfferSerializer}),
    partial_update=extend_schema(request=OfferUpdateSerializer, responses=OfferSerializer),
)
@extend_schema(tags=["hiring"])
class OfferViewSet(WorkspaceModelViewSet):
    read_serializer_class = OfferSerializer
    write_serializer_class = OfferWriteSerializer
    filterset_fields = ["status", "candidate", "position"]
    search_fields = ["candidate__name", "position__title"]
    ordering_fields = ["created_at", "salary", "expires_at"]
    ordering = ["-created_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self) -> list[permissions.BasePermission]:
        if self.action == "approve":
            return [IsAuthenticated(), CanApproveOffer()]
        if self.action in {"accept", "decline"}:
            return [IsAuthenticated(), IsOfferCandidate()]
        return [IsAuthenticated(), IsWorkspaceManager()]

    def get_serializer_class(self) -> Any:
        if self.action == "partial_update":
            return OfferUpdateSerializer
        return super().get_serializer_class()

    def base_queryset(self) -> QuerySet[Offer]:
        return Offer.objects.for_user(self.request.user).select_related("candidate", "position")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = OfferWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        candidate = serializer.validated_data["candidate"]
        if self.request.user.role_in(candidate.workspace_id) not in MANAGER_ROLES:
            raise PermissionDenied("Only owners and recruiters draft offers.")
        offer = services.offer_create(actor=self.actor, **serializer.validated_data)
        return self.read_response(offer, status.HTTP_201_CREATED)

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = services.offer_update(
            actor=self.actor, offer=serializer.instance, **self.write_data(serializer)
        )

    def _move(self, service: Any) -> Response:
        offer = self.get_object()
        return self.read_response(service(actor=self.actor, offer=offer))

    @extend_schema(request=None, responses=OfferSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        return self._move(services.offer_approve)

    @extend_schema(request=None, responses=OfferSerializer)
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: str | None = None) -> Response:
        return self._move(services.offer_send)

    @extend_schema(request=None, responses=OfferSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        return self._move(services.offer_withdraw)

    @extend_schema(request=None, responses=OfferSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        return self._move(services.offer_accept)

    @extend_schema(request=None, responses=OfferSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        return self._move(services.offer_decline)
