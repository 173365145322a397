"""Shared plumbing for workspace-owned resources: the ``?workspace=`` filter and the target
workspace of a create, written once for every viewset."""

import uuid
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError

from interview_tracker.models import MANAGER_ROLES, User, Workspace
from interview_tracker.typing import AuthedRequest


@extend_schema_field(OpenApiTypes.UUID)
class WorkspaceField(serializers.PrimaryKeyRelatedField):
    """A workspace the requesting user belongs to; any other id is rejected (422), never used."""

    def get_queryset(self) -> QuerySet[Workspace]:
        request = self.context["request"]
        return Workspace.objects.filter(id__in=list(request.user.workspace_roles))


@extend_schema_field(OpenApiTypes.UUID)
class MemberField(serializers.PrimaryKeyRelatedField):
    """A user id among the requester's workspaces' members (default interviewers, an offer's
    approver); the service checks membership of the right workspace (422 otherwise)."""

    def get_queryset(self) -> Any:
        return User.objects.filter(
            memberships__workspace_id__in=list(self.context["request"].user.workspace_roles)
        ).distinct()


class WorkspaceScopedMixin:
    """For viewsets over ``WorkspaceScopedQuerySet`` models.

    Their ``get_queryset`` passes the user's rows through ``filter_workspace`` (lists accept
    ``?workspace=<id>``); their creates ask ``target_workspace``: ``workspace`` from the body or
    the user's default workspace, where they need a managing role (403 otherwise).
    """

    request: AuthedRequest
    create_roles: frozenset[str] = MANAGER_ROLES

    def filter_workspace(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        raw = self.request.query_params.get("workspace")
        if not raw:
            return queryset
        try:
            workspace_id = uuid.UUID(raw)
        except ValueError:
            raise ValidationError({"workspace": "Must be a valid UUID."}) from None
        return queryset.filter(workspace_id=workspace_id)

    def target_workspace(self, serializer: serializers.BaseSerializer[Any]) -> Workspace:
        user = self.request.user
        workspace = serializer.validated_data.get("workspace") or user.default_workspace
        if workspace is None:
            raise ValidationError({"workspace": "You have no default workspace; name one."})
        if user.role_in(workspace.id) not in self.create_roles:
            raise PermissionDenied("Your role in this workspace does not allow this.")
        return workspace
