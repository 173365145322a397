"""The base viewset of workspace-owned resources and the ``…/{id}/activity`` action every
timeline shares."""

from typing import Any, ClassVar

from django.db.models import Model, QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import SearchFilter
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from interview_tracker.models import ActivityEvent, User
from interview_tracker.typing import AuthedRequest

from .filters import StableOrderingFilter
from .mixins import WorkspaceScopedMixin
from .permissions import IsWorkspaceManager
from .serializers import ActivityEventSerializer


class WorkspaceModelViewSet(WorkspaceScopedMixin, viewsets.ModelViewSet):
    """CRUD over a workspace-owned model whose writes go through services.

    Subclasses provide ``base_queryset()`` and ``perform_create``/``perform_update``/
    ``perform_destroy``, which call the app's services and leave the written row in
    ``serializer.instance``. Responses use ``read_serializer_class``, re-read through
    ``base_queryset`` so the list's annotations are present.
    """

    request: AuthedRequest
    filter_backends = [DjangoFilterBackend, SearchFilter, StableOrderingFilter]
    read_serializer_class: ClassVar[type[serializers.BaseSerializer[Any]] | None] = None
    write_serializer_class: ClassVar[type[serializers.BaseSerializer[Any]] | None] = None

    def get_permissions(self) -> list[BasePermission]:
        # Visibility is ``base_queryset``'s (for_user); among visible rows, managers write.
        return [IsAuthenticated(), IsWorkspaceManager()]

    def base_queryset(self) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        return self.filter_workspace(self.base_queryset())

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action in {"create", "update", "partial_update"} and self.write_serializer_class:
            return self.write_serializer_class
        return self.read_serializer_class or super().get_serializer_class()

    def reread(self, instance: Model) -> Model:
        """The written row with what the read serializer expects: re-read through
        ``base_queryset`` (its annotations and prefetches)."""
        return self.base_queryset().get(pk=instance.pk)

    def created(self, instance: Model) -> Model:
        """The new row for the create's answer. A viewset whose creates are busy fills in what
        the create already knows instead of re-reading the row."""
        return self.reread(instance)

    def read_response(
        self, instance: Model | None, status_code: int = status.HTTP_200_OK
    ) -> Response:
        assert instance is not None, "perform_create/perform_update set serializer.instance"
        return self.represent(self.reread(instance), status_code)

    def represent(self, fresh: Model, status_code: int) -> Response:
        serializer_class = self.read_serializer_class or self.get_serializer_class()
        data = serializer_class(fresh, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    def write_data(self, serializer: serializers.BaseSerializer[Any]) -> dict[str, Any]:
        """The validated fields for a service; the workspace is an argument of its own."""
        data = dict(serializer.validated_data)
        data.pop("workspace", None)
        return data

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        instance = serializer.instance
        assert instance is not None, "perform_create sets serializer.instance"
        return self.represent(self.created(instance), status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        serializer = self.get_serializer(
            instance, data=request.data, partial=kwargs.pop("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return self.read_response(serializer.instance)

    @property
    def actor(self) -> User:
        return self.request.user


def activity_page(view: Any, obj: Model) -> Response:
    """One page of ``obj``'s timeline, newest first, in the one activity shape."""
    events = (
        ActivityEvent.objects.filter(
            content_type__app_label=obj._meta.app_label,
            content_type__model=obj._meta.model_name,
            object_id=obj.pk,
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
    )
    page = view.paginate_queryset(events)
    return view.get_paginated_response(ActivityEventSerializer(page, many=True).data)


class ActivityMixin:
    """``GET …/{id}/activity``: the object's timeline, newest first, paginated."""

    def check_activity_access(self, obj: Any) -> None:
        """Everyone who sees the object reads its timeline unless a subclass says otherwise."""

    @extend_schema(request=None, responses=ActivityEventSerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[])
    def activity(self, request: Request, pk: str | None = None) -> Response:
        obj = self.get_object()  # type: ignore[attr-defined]
        self.check_activity_access(obj)
        return activity_page(self, obj)
