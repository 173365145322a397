"""Settings pages: personal access tokens and the CalDAV calendar (everyone, their own) and
webhooks (owners of the current workspace). A new secret is shown in the page that created it
and never again; a calendar's password is never shown."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from interview_tracker.errors import DomainError, ValidationFailed
from interview_tracker.forms import apply_domain_error
from interview_tracker.models import Role
from interview_tracker.pages import paginate, throttle_posts
from interview_tracker.typing import AuthedHttpRequest

from . import services
from .forms import AccessTokenForm, CalendarConnectionForm, WebhookForm
from .models import (
    CalendarConnection,
    PersonalAccessToken,
    Webhook,
    WebhookAttempt,
    WebhookDelivery,
)


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: AuthedHttpRequest) -> HttpResponse:
    form = AccessTokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_secret = services.token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=form.expires_at(),
            )
        except ValidationFailed as exc:
            apply_domain_error(form, exc)
        else:
            form = AccessTokenForm()
    tokens = PersonalAccessToken.objects.for_user(request.user)
    return render(
        request,
        "integrations/token_list.html",
        {"form": form, "tokens": tokens, "new_secret": new_secret},
    )


@login_required
@require_POST
def token_revoke(request: AuthedHttpRequest, token_id: uuid.UUID) -> HttpResponse:
    token = get_object_or_404(PersonalAccessToken.objects.for_user(request.user), pk=token_id)
    services.token_revoke(token=token)
    messages.success(request, f"“{token.name}” is revoked; anything using it is refused now.")
    return redirect("integrations:tokens")


def _owned_workspace_id(request: AuthedHttpRequest) -> uuid.UUID:
    """The current workspace, if the user owns it (webhooks are an owner's setting)."""
    workspace_id = request.user.default_workspace_id
    if workspace_id is None or request.user.role_in(workspace_id) != Role.OWNER:
        raise Http404("No webhooks here.")
    return workspace_id


@login_required
@require_http_methods(["GET", "POST"])
def webhook_list(request: AuthedHttpRequest) -> HttpResponse:
    workspace_id = _owned_workspace_id(request)
    form = WebhookForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = services.webhook_create(
                actor=request.user,
                workspace=request.user.default_workspace,  # type: ignore[arg-type]
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
                description=form.cleaned_data["description"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            form = WebhookForm()
    webhooks = Webhook.objects.filter(workspace_id=workspace_id).annotate(
        delivery_count=Count("deliveries")
    )
    return render(
        request,
        "integrations/webhook_list.html",
        {"form": form, "webhooks": webhooks, "created": created},
    )


def _webhook(request: AuthedHttpRequest, webhook_id: uuid.UUID) -> Webhook:
    return get_object_or_404(
        Webhook.objects.filter(workspace_id=_owned_workspace_id(request)), pk=webhook_id
    )


@login_required
@require_http_methods(["GET"])
def webhook_detail(request: AuthedHttpRequest, webhook_id: uuid.UUID) -> HttpResponse:
    webhook = _webhook(request, webhook_id)
    deliveries = WebhookDelivery.objects.filter(webhook=webhook).prefetch_related(
        Prefetch("attempts", queryset=WebhookAttempt.objects.order_by("number", "id"))
    )
    page = paginate(request, deliveries.order_by("-created_at", "-id"))
    return render(request, "integrations/webhook_detail.html", {"webhook": webhook, "page": page})


@login_required
@require_POST
def webhook_toggle(request: AuthedHttpRequest, webhook_id: uuid.UUID) -> HttpResponse:
    webhook = _webhook(request, webhook_id)
    services.webhook_update(
        actor=request.user, webhook=webhook, data={"is_active": not webhook.is_active}
    )
    messages.success(request, "Webhook resumed." if webhook.is_active else "Webhook paused.")
    return redirect("integrations:webhook-detail", webhook.pk)


@login_required
@require_POST
def webhook_delete(request: AuthedHttpRequest, webhook_id: uuid.UUID) -> HttpResponse:
    webhook = _webhook(request, webhook_id)
    services.webhook_delete(actor=request.user, webhook=webhook)
    messages.success(request, f"Webhook to {webhook.url} deleted.")
    return redirect("integrations:webhooks")


@login_required
@require_POST
def delivery_redeliver(
    request: AuthedHttpRequest, webhook_id: uuid.UUID, delivery_id: uuid.UUID
) -> HttpResponse:
    webhook = _webhook(request, webhook_id)
    delivery = get_object_or_404(WebhookDelivery, pk=delivery_id, webhook=webhook)
    try:
        services.delivery_redeliver(delivery=delivery)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Sent again; the new attempt shows below.")
    return redirect("integrations:webhook-detail", webhook.pk)


@login_required
@require_http_methods(["GET", "POST"])
@throttle_posts
def calendar_connection(request: AuthedHttpRequest) -> HttpResponseBase:
    """The member's CalDAV calendar: connect one (checked on save), see how syncing goes.
    Each check tries a password at another server, so posts share the log-in rate."""
    form = CalendarConnectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            connection = services.calendar_connect(user=request.user, **form.cleaned_data)
        except ValidationFailed as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(
                request,
                f"Connected to “{connection.calendar_name or connection.calendar_url}”; "
                "your upcoming interviews are being added to it.",
            )
            return redirect("integrations:calendar")
    return render(
        request,
        "integrations/calendar_connection.html",
        {"form": form, "connection": CalendarConnection.objects.for_user(request.user).first()},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def calendar_disconnect(request: AuthedHttpRequest) -> HttpResponse:
    if services.calendar_disconnect(user=request.user):
        messages.success(request, "Calendar disconnected; its password is forgotten.")
    return redirect("integrations:calendar")
