"""Dashboard pages of the core: log-in, registration, log-out, account settings and the
workspace switcher. The home page belongs to analytics, which reads every app."""

import datetime as dt
import math
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
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
    TwoFactorCodeForm,
    invited_account_claim,
)
from .models import Membership, Role, User
from .pages import safe_next
from .sessions import session_mark_seen
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


# The password step passed, the second factor not yet: {"user", "backend", "at"}.
PENDING_SIGN_IN_KEY = "_two_factor_pending"
PENDING_SIGN_IN_LIFETIME = dt.timedelta(minutes=5)


def sign_in(request: HttpRequest, user: User, backend: str | None = None) -> None:
    """Start a dashboard session: every log-in page ends here, after every factor passed."""
    login(request, user, backend=backend)
    session_mark_seen(request)


def _landing(request: HttpRequest, user: User) -> HttpResponse:
    if safe_next(request, "/") == "/" and _only_a_candidate(user):
        # An invited candidate lands on their portal, the only page that concerns them.
        return redirect("interviews:portal")
    return redirect(safe_next(request, "/"))


@require_http_methods(["GET", "POST"])
@throttle_posts
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = LoginForm(request.POST or None, request=request)
    valid = request.method == "POST" and form.is_valid()
    if (retry_after := sign_in_retry_after(request)) is not None:
        return too_many_attempts(request, retry_after)
    if valid and form.user is not None:
        user = form.user
        if services.user_has_two_factor(user):
            request.session[PENDING_SIGN_IN_KEY] = {
                "user": str(user.pk),
                "backend": user.backend,
                "at": timezone.now().isoformat(),
            }
            return redirect(
                f"{reverse('login-verify')}?{urlencode({'next': safe_next(request, '/')})}"
            )
        sign_in(request, user)
        return _landing(request, user)
    return render(
        request, "interview_tracker/login.html", {"form": form, "next": safe_next(request, "/")}
    )


@require_http_methods(["GET", "POST"])
@throttle_posts
def login_verify(request: HttpRequest) -> HttpResponse:
    """The second step of a two-factor log-in: a code from the app or a recovery code."""
    pending: dict[str, str] = request.session.get(PENDING_SIGN_IN_KEY) or {}
    started = dt.datetime.fromisoformat(pending["at"]) if pending else None
    if started is None or timezone.now() - started > PENDING_SIGN_IN_LIFETIME:
        request.session.pop(PENDING_SIGN_IN_KEY, None)
        messages.info(request, "Log in again: the sign-in waited too long for its code.")
        return redirect("login")
    user = User.objects.get(pk=pending["user"])
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.two_factor_verify(user=user, code=form.cleaned_data["code"]):
            del request.session[PENDING_SIGN_IN_KEY]
            sign_in(request, user, backend=pending["backend"])
            return _landing(request, user)
        form.add_error("code", "That code does not match. Try the current one.")
    return render(
        request,
        "interview_tracker/login_verify.html",
        {"form": form, "next": safe_next(request, "/")},
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
            sign_in(request, user, backend="interview_tracker.backends.AccountThrottledBackend")
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
