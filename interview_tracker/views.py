"""Dashboard pages of the core: log-in, registration, log-out, account settings and the
workspace switcher. The home page belongs to analytics, which reads every app."""

import math
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework.request import Request
from rest_framework.views import APIView

from . import services
from .api.throttling import AuthFormThrottle
from .backends import sign_in_retry_after
from .errors import ConflictError, InvitationUnclaimed, ValidationFailed
from .forms import (
    INVITED_MESSAGE,
    AccountSettingsForm,
    LoginForm,
    RegisterForm,
    invited_account_claim,
)
from .models import Membership, Role, User
from .pages import safe_next
from .typing import AuthedHttpRequest

View = Callable[..., HttpResponseBase]


def too_many_attempts(request: HttpRequest, retry_after: float) -> HttpResponse:
    """The 429 page, with ``Retry-After``."""
    seconds = max(1, math.ceil(retry_after))
    context = {
        "heading": "Too many attempts",
        "message": f"Please wait {seconds} seconds, then try again.",
    }
    response = render(request, "interview_tracker/auth_message.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def throttle_posts(view: View) -> View:
    """Answer 429 (with ``Retry-After``) to a form post over the ``auth`` rate."""

    @wraps(view)
    def throttled(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method == "POST":
            throttle = AuthFormThrottle()
            # DRF's throttle reads only the client's address and the cache, not the view.
            if not throttle.allow_request(Request(request), APIView()):
                return too_many_attempts(request, throttle.wait() or 1)
        return view(request, *args, **kwargs)

    return throttled


def _only_a_candidate(user: User) -> bool:
    """Whether every team the user belongs to has them as a candidate (their own personal
    workspace aside, which an invitation gives them but which they may never use)."""
    teams = {
        workspace_id: role
        for workspace_id, role in user.workspace_roles.items()
        if workspace_id != user.default_workspace_id or role != Role.OWNER
    }
    return bool(teams) and all(role == Role.CANDIDATE for role in teams.values())


@require_http_methods(["GET", "POST"])
@throttle_posts
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = LoginForm(request.POST or None, request=request)
    valid = request.method == "POST" and form.is_valid()
    if (retry_after := sign_in_retry_after(request)) is not None:
        return too_many_attempts(request, retry_after)
    if valid:
        login(request, form.user)
        user = form.user
        explicit_next = safe_next(request, "/") != "/"
        if not explicit_next and user is not None and _only_a_candidate(user):
            # An invited candidate lands on their portal, the only page that concerns them.
            return redirect("interviews:portal")
        return redirect(safe_next(request, "/"))
    return render(
        request, "interview_tracker/login.html", {"form": form, "next": safe_next(request, "/")}
    )


@require_http_methods(["GET", "POST"])
@throttle_posts
def register_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_register(**form.cleaned_data)
        except InvitationUnclaimed as exc:
            invited_account_claim(request, exc.user)
            context = {"heading": "Check your e-mail", "message": INVITED_MESSAGE}
            return render(request, "interview_tracker/auth_message.html", context)
        except ConflictError as exc:
            form.add_error("email", exc.message)
        except ValidationFailed as exc:
            for field, message in exc.field_errors.items():
                form.add_error(field, message)
        else:
            login(request, user, backend="interview_tracker.backends.AccountThrottledBackend")
            messages.success(request, "Welcome! Your personal workspace is ready.")
            return redirect("home")
    return render(request, "interview_tracker/register.html", {"form": form})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, "You have been logged out.")
    return redirect("login")


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request: AuthedHttpRequest) -> HttpResponse:
    form = AccountSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Settings saved.")
        return redirect("account-settings")
    return render(request, "interview_tracker/account_settings.html", {"form": form})


@login_required
@require_POST
def workspace_switch(request: AuthedHttpRequest) -> HttpResponse:
    try:
        workspace_id = uuid.UUID(request.POST.get("workspace", ""))
    except ValueError:
        membership = None
    else:
        membership = (
            Membership.objects.filter(user=request.user, workspace_id=workspace_id)
            .select_related("workspace")
            .first()
        )
    if membership is None:
        messages.error(request, "You are not a member of that workspace.")
    else:
        request.user.default_workspace = membership.workspace
        request.user.save(update_fields=["default_workspace"])
        messages.success(request, f"Now working in {membership.workspace.name}.")
    return redirect(safe_next(request, "/"))
