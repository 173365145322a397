"""Role rules for the API. Visibility is the queryset's job (``for_user``): what a user cannot
see is absent and answers 404. These classes decide what a user may change among what they see."""

from typing import Any

from rest_framework import permissions
from rest_framework.request import Request

from interview_tracker.models import MANAGER_ROLES, STAFF_ROLES, Role


def role_of(request: Request, obj: Any) -> str | None:
    return request.user.role_in(obj.workspace_id)  # type: ignore[union-attr]


class IsWorkspaceManager(permissions.BasePermission):
    """Reads for anyone who can see the object; writes for owners and recruiters."""

    message = "Only owners and recruiters of this workspace may change it."

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return role_of(request, obj) in MANAGER_ROLES


class IsWorkspaceManagerForAll(permissions.BasePermission):
    """Owners and recruiters only, reads included: for what exposes or erases a person's data."""

    message = "Only owners and recruiters of this workspace may do this."

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        return role_of(request, obj) in MANAGER_ROLES


class IsWorkspaceOwner(permissions.BasePermission):
    message = "Only an owner of this workspace may do this."

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        workspace_id = getattr(obj, "workspace_id", obj.pk)
        return request.user.role_in(workspace_id) == Role.OWNER  # type: ignore[union-attr]


class IsWorkspaceStaff(permissions.BasePermission):
    """Owners, recruiters and interviewers; candidate members see only what concerns them."""

    message = "Your role in this workspace does not allow this."

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        role: str | None = request.user.role_in(  # type: ignore[union-attr]
            getattr(obj, "workspace_id", obj.pk)
        )
        return role in STAFF_ROLES
