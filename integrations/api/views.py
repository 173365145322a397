"""Personal access tokens (``tokens``) and webhooks (``webhooks``, their ``deliveries``)."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from interview_tracker.api.mixins import WorkspaceScopedMixin
from interview_tracker.models import Role
from interview_tracker.typing import AuthedRequest

from .. import services
from ..models import PersonalAccessToken, Webhook, WebhookAttempt, WebhookDelivery
from .serializers import (
    AccessTokenCreatedSerializer,
    AccessTokenCreateSerializer,
    AccessTokenSerializer,
    WebhookCreatedSerializer,
    WebhookDeliverySerializer,
    WebhookSerializer,
    WebhookWriteSerializer,
)


class AccessTokenViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The requesting user's personal access tokens. A token cannot mint or revoke tokens: a
    leaked one must not be able to outlive its own revocation."""

    request: AuthedRequest
    serializer_class = AccessTokenSerializer
    ordering = ["-created_at", "id"]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if isinstance(request.auth, PersonalAccessToken):
            raise PermissionDenied("Access tokens are managed with a password log-in.")

    def get_queryset(self) -> QuerySet[PersonalAccessToken]:
        return PersonalAccessToken.objects.for_user(self.request.user)

    @extend_schema(
        request=AccessTokenCreateSerializer, responses={201: AccessTokenCreatedSerializer}
    )
    def create(self, request: Request) -> Response:
        serializer = AccessTokenCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, secret = services.token_create(user=self.request.user, **serializer.validated_data)
        data = {**AccessTokenSerializer(token).data, "token": secret}
        return Response(data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: PersonalAccessToken) -> None:
        services.token_revoke(token=instance)


class WebhookViewSet(WorkspaceScopedMixin, viewsets.ModelViewSet):
    """A workspace's webhook endpoints; owners only (others get 404, as for any object they
    cannot see)."""

    request: AuthedRequest
    serializer_class = WebhookSerializer
    create_roles = frozenset({Role.OWNER})
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Webhook]:
        return self.filter_workspace(Webhook.objects.for_user(self.request.user))

    def get_serializer_class(self) -> Any:
        if self.action in {"create", "update", "partial_update"}:
            return WebhookWriteSerializer
        if self.action == "deliveries":
            return WebhookDeliverySerializer
        return WebhookSerializer

    @extend_schema(responses={201: WebhookCreatedSerializer})
    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("workspace", None)
        webhook = services.webhook_create(
            actor=self.request.user, workspace=self.target_workspace(serializer), **data
        )
        return Response(WebhookCreatedSerializer(webhook).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=WebhookSerializer)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        webhook = self.get_object()
        serializer = self.get_serializer(
            webhook, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("workspace", None)
        webhook = services.webhook_update(actor=self.request.user, webhook=webhook, data=data)
        return Response(WebhookSerializer(webhook).data)

    def perform_destroy(self, instance: Webhook) -> None:
        services.webhook_delete(actor=self.request.user, webhook=instance)

    @action(detail=True, methods=["get"])
    def deliveries(self, request: Request, pk: str | None = None) -> Response:
        webhook = self.get_object()
        deliveries = WebhookDelivery.objects.filter(webhook=webhook).prefetch_related(
            Prefetch("attempts", queryset=WebhookAttempt.objects.order_by("number", "id"))
        )
        page = self.paginate_queryset(deliveries.order_by("-created_at", "-id"))
        return self.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)

    @extend_schema(request=None, responses=WebhookDeliverySerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path=r"deliveries/(?P<delivery_id>[0-9a-f-]{36})/redeliver",
    )
    def redeliver(self, request: Request, pk: str | None = None, delivery_id: str = "") -> Response:
        webhook = self.get_object()
        delivery = get_object_or_404(WebhookDelivery, pk=delivery_id, webhook=webhook)
        delivery = services.delivery_redeliver(delivery=delivery)
        fresh = WebhookDelivery.objects.prefetch_related("attempts").get(pk=delivery.pk)
        return Response(WebhookDeliverySerializer(fresh).data, status=status.HTTP_202_ACCEPTED)
