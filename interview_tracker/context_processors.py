from typing import Any

from django.http import HttpRequest

from .navigation import Navigation


def workspaces(request: HttpRequest) -> dict[str, Any]:
    """The base layout's menu and workspace switcher (computed only when a page shows them)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    nav = Navigation(user, request.path)
    return {"nav": nav, "current_workspace_id": user.default_workspace_id}
