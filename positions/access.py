"""Role rules of the pipeline pages (positions and candidates dashboards).

Staff members (owner, recruiter, interviewer) read; owners and recruiters write; candidate members
never see these pages (404: their portal is elsewhere). Reads themselves go through ``for_user``.
"""

import uuid

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme

from interview_tracker.models import MANAGER_ROLES, STAFF_ROLES
from interview_tracker.typing import AuthedHttpRequest


def staff_workspace_id(request: AuthedHttpRequest) -> uuid.UUID:
    """The current workspace (the header's switcher), if the user is on its staff."""
    workspace_id = request.user.default_workspace_id
    if workspace_id is None or request.user.role_in(workspace_id) not in STAFF_ROLES:
        raise Http404("No pipeline here.")
    return workspace_id


def require_staff(request: AuthedHttpRequest, workspace_id: uuid.UUID) -> bool:
    """404 unless staff of ``workspace_id``; returns whether the user may also change things."""
    role = request.user.role_in(workspace_id)
    if role not in STAFF_ROLES:
        raise Http404("No pipeline here.")
    return role in MANAGER_ROLES


def require_manager(request: AuthedHttpRequest, workspace_id: uuid.UUID) -> None:
    if not require_staff(request, workspace_id):
        raise PermissionDenied("Only owners and recruiters of this workspace may change it.")


def safe_next(request: AuthedHttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback
