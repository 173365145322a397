"""Dashboard pages of the core: log-in, registration, log-out, account settings (profile,
password, workspaces), the team of a workspace and the workspace switcher. The home page belongs
to analytics, which reads every app."""

import datetime as dt
import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .backends import sign_in_retry_after
from .errors import (
    BusinessRuleError,
    ConflictError,
    DomainError,
    InvitationUnclaimed,
    ValidationFailed,
)
from .forms import (
    INVITED_MESSAGE,
    AccountDeleteForm,
    AccountSettingsForm,
    LoginForm,
    MemberInviteForm,
    MemberRoleForm,
    PasswordChangeForm,
    RegisterForm,
    TwoFactorCodeForm,
    WorkspaceCreateForm,
    apply_domain_error,
    invited_account_claim,
)
from .models import Membership, Role, User, Workspace, WorkspaceKind
from .navigation import TEAM_READERS
from .pages import safe_next, throttle_posts, too_many_attempts
from .sessions import session_mark_seen
from .typing import AuthedHttpRequest


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
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:  # deleted or deactivated since the password step
        request.session.pop(PENDING_SIGN_IN_KEY, None)
        messages.info(request, "Log in again.")
        return redirect("login")
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
            if form.cleaned_data["workspace_kind"] == WorkspaceKind.HIRING:
                welcome = "Welcome! Your hiring workspace is ready: add an opening first."
            else:
                welcome = "Welcome! Your job search is ready: add your first application."
            messages.success(request, welcome)
            return redirect("home")
    return render(request, "interview_tracker/register.html", {"form": form})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, "You have been logged out.")
    return redirect("login")


def _settings_page(request: AuthedHttpRequest, status: int = 200, **forms: Any) -> HttpResponse:
    """The settings page with its forms; a refused post passes its bound form to show errors."""
    context = {
        "form": forms.get("form") or AccountSettingsForm(instance=request.user),
        "password_form": forms.get("password_form") or PasswordChangeForm(request.user),
        "workspace_form": forms.get("workspace_form") or WorkspaceCreateForm(),
        "delete_form": forms.get("delete_form") or AccountDeleteForm(),
        "feed_path": reverse("interviews:feed", args=[request.user.calendar_token]),
    }
    return render(request, "interview_tracker/account_settings.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request: AuthedHttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _settings_page(request)
    form = AccountSettingsForm(request.POST, instance=request.user)
    if not form.is_valid():
        return _settings_page(request, status=422, form=form)
    form.save()
    messages.success(request, "Settings saved.")
    return redirect("account-settings")


@login_required
@require_POST
def password_change(request: AuthedHttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST)
    if not form.is_valid():
        return _settings_page(request, status=422, password_form=form)
    user = form.save()
    # Keeps this browser signed in: the session's hash follows the new password.
    update_session_auth_hash(request, user)
    messages.success(request, "Password changed.")
    return redirect("account-settings")


@login_required
@require_POST
def workspace_new(request: AuthedHttpRequest) -> HttpResponse:
    form = WorkspaceCreateForm(request.POST)
    if not form.is_valid():
        return _settings_page(request, status=422, workspace_form=form)
    workspace = services.workspace_create(
        owner=request.user, name=form.cleaned_data["name"], kind=form.cleaned_data["kind"]
    )
    request.user.default_workspace = workspace
    request.user.save(update_fields=["default_workspace"])
    messages.success(request, f"“{workspace.name}” created; you are working in it now.")
    return redirect("home")


def _team_workspace(request: AuthedHttpRequest) -> tuple[Workspace, bool]:
    """The current workspace if it is a hiring team the user may see the team of (404
    otherwise, as for any page outside one's reach), and whether they may change it."""
    workspace_id = request.user.default_workspace_id
    role = request.user.role_in(workspace_id) if workspace_id else None
    if role not in TEAM_READERS:
        raise Http404("No team here.")
    workspace = get_object_or_404(Workspace, pk=workspace_id, kind=WorkspaceKind.HIRING)
    return workspace, role == Role.OWNER


def _team_page(
    request: AuthedHttpRequest, workspace: Workspace, can_manage: bool, **forms: Any
) -> HttpResponse:
    members = (
        Membership.objects.filter(workspace=workspace)
        .select_related("user")
        .order_by("user__email", "id")
    )
    context = {
        "workspace": workspace,
        "can_manage": can_manage,
        "members": members,
        "invite_form": forms.get("invite_form") or MemberInviteForm(),
        "roles": MemberRoleForm.base_fields["role"].choices,  # type: ignore[attr-defined]
    }
    return render(request, "interview_tracker/team.html", context, status=422 if forms else 200)


@login_required
@require_http_methods(["GET", "POST"])
def team(request: AuthedHttpRequest) -> HttpResponse:
    workspace, can_manage = _team_workspace(request)
    if request.method == "GET":
        return _team_page(request, workspace, can_manage)
    if not can_manage:
        raise PermissionDenied("Only owners manage the team.")
    form = MemberInviteForm(request.POST)
    if form.is_valid():
        try:
            membership = services.member_invite(workspace=workspace, **form.cleaned_data)
        except DomainError as exc:
            form.add_error("email", exc.message)
        else:
            messages.success(
                request, f"{membership.user.email} joined as {membership.get_role_display()}."
            )
            return redirect("team")
    return _team_page(request, workspace, can_manage, invite_form=form)


def _team_member(request: AuthedHttpRequest, pk: uuid.UUID) -> Membership:
    workspace, can_manage = _team_workspace(request)
    if not can_manage:
        raise PermissionDenied("Only owners manage the team.")
    return get_object_or_404(
        Membership.objects.select_related("user", "workspace"), pk=pk, workspace=workspace
    )


@login_required
@require_POST
def team_member_role(request: AuthedHttpRequest, pk: uuid.UUID) -> HttpResponse:
    membership = _team_member(request, pk)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the roles.")
        return redirect("team")
    try:
        services.member_change_role(membership=membership, role=form.cleaned_data["role"])
    except BusinessRuleError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"{membership.user.email} is now {membership.get_role_display().lower()}."
        )
    return redirect("team")


@login_required
@require_POST
def team_member_remove(request: AuthedHttpRequest, pk: uuid.UUID) -> HttpResponse:
    membership = _team_member(request, pk)
    try:
        services.member_remove(membership=membership)
    except BusinessRuleError as exc:
        messages.error(request, exc.message)
        return redirect("team")
    messages.success(request, f"{membership.user.email} was removed from the team.")
    if membership.user_id == request.user.pk:
        return redirect("home")
    return redirect("team")


@login_required
@require_POST
def account_delete(request: AuthedHttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST)
    if form.is_valid():
        try:
            services.user_delete(user=request.user, password=form.cleaned_data["password"])
        except DomainError as exc:
            apply_domain_error(form, exc, field="password")
        else:
            logout(request)
            messages.success(request, "Your account and its data are deleted.")
            return redirect("login")
    return _settings_page(request, status=422, delete_form=form)


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
