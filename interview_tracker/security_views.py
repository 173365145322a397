"""The account's security pages: two-factor sign-in and the signed-in sessions and tokens.

Separate from the settings page (profile, password, feed URL, team), which links here."""

import base64

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from . import services
from .errors import BusinessRuleError, ValidationFailed
from .forms import TwoFactorCodeForm
from .models import Role, UserSession, Workspace
from .sessions import session_mark_seen
from .typing import AuthedHttpRequest


def _qr_svg(text: str) -> str:
    """The set-up QR code as inline SVG (generated here: no image service sees the secret)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


def _owned_teams(request: AuthedHttpRequest) -> list[Workspace]:
    owned = [ws for ws, role in request.user.workspace_roles.items() if role == Role.OWNER]
    return list(Workspace.objects.filter(pk__in=owned, is_personal=False).order_by("name", "id"))


def _two_factor_page(
    request: AuthedHttpRequest,
    *,
    device: TOTPDevice | None = None,
    form: TwoFactorCodeForm | None = None,
    recovery_codes: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "enabled": services.user_has_two_factor(request.user),
        "device": device,
        "qr_svg": _qr_svg(device.config_url) if device else "",
        "secret": base64.b32encode(device.bin_key).decode() if device else "",
        "form": form or TwoFactorCodeForm(),
        "recovery_codes": recovery_codes,
        "teams": _owned_teams(request),
        "setup_required": services.user_needs_two_factor_setup(request.user),
    }
    return render(request, "interview_tracker/two_factor.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: AuthedHttpRequest) -> HttpResponse:
    """Turn two-factor sign-in on (scan, confirm with a code, save the recovery codes shown
    once), get new recovery codes, turn it off, and, for owners, require it in a team."""
    if request.method == "GET":
        return _two_factor_page(request)
    action = request.POST.get("action", "")
    user = request.user
    if action == "start":
        return _two_factor_page(request, device=services.two_factor_device_start(user=user))
    if action == "confirm":
        device = get_object_or_404(
            TOTPDevice, pk=request.POST.get("device", ""), user=user, confirmed=False
        )
        form = TwoFactorCodeForm(request.POST)
        if form.is_valid():
            try:
                codes = services.two_factor_enable(
                    user=user, device=device, code=form.cleaned_data["code"], keep_session=request
                )
            except ValidationFailed as exc:
                form.add_error("code", exc.field_errors["code"])
            else:
                session_mark_seen(request)
                messages.success(request, "Two-factor sign-in is on. Other sessions were ended.")
                return _two_factor_page(request, recovery_codes=codes)
        return _two_factor_page(request, device=device, form=form, status=422)
    if action == "recovery":
        codes = services.two_factor_recovery_codes_regenerate(user=user)
        return _two_factor_page(request, recovery_codes=codes)
    if action == "disable":
        form = TwoFactorCodeForm(request.POST)
        code = form.cleaned_data["code"] if form.is_valid() else ""
        if not (code and services.two_factor_verify(user=user, code=code)):
            messages.error(request, "Enter a current code to turn two-factor sign-in off.")
            return redirect("two-factor")
        try:
            services.two_factor_disable(user=user)
        except BusinessRuleError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Two-factor sign-in is off.")
        return redirect("two-factor")
    if action == "require":
        workspace = get_object_or_404(Workspace, pk=request.POST.get("workspace", ""))
        if request.user.role_in(workspace.pk) != Role.OWNER:
            raise Http404
        required = request.POST.get("required") == "on"
        services.workspace_two_factor_require(workspace=workspace, required=required)
        session_mark_seen(request)
        state = "now required" if required else "no longer required"
        messages.success(request, f"Two-factor sign-in is {state} in {workspace.name}.")
        return redirect("two-factor")
    return _two_factor_page(request, status=400)


@login_required
@require_http_methods(["GET"])
def sessions(request: AuthedHttpRequest) -> HttpResponse:
    """Where the account is signed in: browser sessions and API refresh tokens."""
    now = timezone.now()
    browser_sessions = UserSession.objects.filter(user=request.user, expire_date__gt=now).only(
        "session_key", "user_agent", "ip_address", "last_seen", "expire_date"
    )
    tokens = (
        OutstandingToken.objects.filter(
            user=request.user, expires_at__gt=now, blacklistedtoken__isnull=True
        )
        .only("id", "created_at", "expires_at")
        .order_by("-created_at", "-id")
    )
    context = {
        "browser_sessions": browser_sessions,
        "current_key": request.session.session_key,
        "tokens": tokens,
    }
    return render(request, "interview_tracker/sessions.html", context)


@login_required
@require_POST
def session_revoke(request: AuthedHttpRequest) -> HttpResponse:
    if services.user_session_revoke(user=request.user, handle=request.POST.get("session", "")):
        messages.success(request, "That session is signed out.")
    return redirect("sessions")


@login_required
@require_POST
def token_revoke(request: AuthedHttpRequest) -> HttpResponse:
    token_id = request.POST.get("token", "")
    if token_id.isdigit() and services.refresh_token_revoke(
        user=request.user, token_id=int(token_id)
    ):
        messages.success(request, "That API token can no longer be refreshed.")
    return redirect("sessions")


@login_required
@require_POST
def sign_out_everywhere(request: AuthedHttpRequest) -> HttpResponse:
    services.user_credentials_changed(user=request.user, keep_session=request)
    messages.success(
        request,
        "Every other session and API token is signed out, and your calendar feed has a new "
        "URL: subscribe to it again in your calendar app.",
    )
    return redirect("sessions")
