from typing import Any

from django.http import HttpRequest

from .models import Membership


def workspaces(request: HttpRequest) -> dict[str, Any]:
    """The workspace switcher in the base layout: the user's memberships and the current one."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def memberships() -> list[Membership]:
        return list(Membership.objects.filter(user=user).select_related("workspace"))

    return {"nav_memberships": memberships, "current_workspace_id": user.default_workspace_id}
