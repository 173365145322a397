"""Helpers every dashboard page shares: pagination, sorting, the ``next`` redirect, throttles,
and the role guards of the staff pages.

Staff members (owner, recruiter, interviewer) read; owners and recruiters write; candidate members
never see the staff pages (404: their portal is elsewhere). Reads themselves go through
``for_user``.
"""

import math
import uuid
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from rest_framework.request import Request
from rest_framework.views import APIView

from interview_tracker.api.throttling import PageThrottle
from interview_tracker.models import MANAGER_ROLES, STAFF_ROLES
from interview_tracker.typing import AuthedHttpRequest

# The API's page size too (REST_FRAMEWORK["PAGE_SIZE"]), so a page and its list agree.
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def paginate(request: HttpRequest, queryset: QuerySet[Any]) -> Page[Any]:
    """The ``?page=`` of ``queryset``, ``?page_size=`` rows (1 to ``MAX_PAGE_SIZE``)."""
    try:
        size = min(max(int(request.GET.get("page_size", DEFAULT_PAGE_SIZE)), 1), MAX_PAGE_SIZE)
    except ValueError:
        size = DEFAULT_PAGE_SIZE
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def sort_order(request: HttpRequest, allowed: Iterable[str], default: str) -> tuple[str, list[str]]:
    """The ``?sort=`` key if allowed (``-`` for descending), and the ORDER BY ending in id."""
    key = request.GET.get("sort", default)
    if key.lstrip("-") not in set(allowed):
        key = default
    return key, [key, "id"]


def sort_headers(
    request: HttpRequest, columns: Iterable[tuple[str, str]], current: str
) -> list[dict[str, str]]:
    """Table headers that toggle ``?sort=`` (keeping the filters, back to page 1).

    ``columns`` holds (key, label); a key of "" makes a plain, unsortable header.
    """
    headers = []
    for key, label in columns:
        if not key:
            headers.append({"label": label, "url": "", "arrow": ""})
            continue
        query = request.GET.copy()
        query.pop("page", None)
        query["sort"] = f"-{key}" if current == key else key
        arrow = " ↑" if current == key else " ↓" if current == f"-{key}" else ""
        headers.append({"label": label, "url": f"?{query.urlencode()}", "arrow": arrow})
    return headers


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


def safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


View = Callable[..., HttpResponseBase]


def too_many_attempts(request: HttpRequest, retry_after: float) -> HttpResponse:
    """The 429 page, with ``Retry-After``."""
    seconds = max(1, math.ceil(retry_after))
    context = {
        "heading": "Too many attempts",
        "message": f"Please wait {seconds} seconds, then try again.",
        # Back to the page that was refused (the log-in form, a booking link…).
        "retry_url": request.get_full_path(),
    }
    response = render(request, "interview_tracker/auth_message.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def throttled(scope: str, methods: frozenset[str]) -> Callable[[View], View]:
    """Answer 429 (with ``Retry-After``) to requests of ``methods`` over the ``scope`` rate,
    counted per client address."""

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method in methods:
                throttle = PageThrottle(scope)
                # DRF's throttle reads only the client's address and the cache, not the view.
                if not throttle.allow_request(Request(request), APIView()):
                    return too_many_attempts(request, throttle.wait() or 1)
            return view(request, *args, **kwargs)

        return guarded

    return decorate


# Password forms: a form post over the ``auth`` rate.
throttle_posts = throttled("auth", frozenset({"POST"}))
