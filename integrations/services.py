"""Writes of personal access tokens, webhooks and calendar connections."""

import base64
import datetime
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from interview_tracker.errors import BusinessRuleError, ValidationFailed
from interview_tracker.models import User, Workspace, token_digest
from interview_tracker.outbound import OutboundRefused, check_url
from interview_tracker.services import activity_record

from . import caldav_client
from .calendar_sync import enqueue_upcoming
from .encryption import encrypt
from .models import (
    CalendarConnection,
    DeliveryStatus,
    PersonalAccessToken,
    TokenScope,
    Webhook,
    WebhookDelivery,
    WebhookEvent,
)
from .webhooks import active_cache_clear, schedule_attempt


def token_create(
    *, user: User, name: str, scopes: list[str], expires_at: datetime.datetime | None
) -> tuple[PersonalAccessToken, str]:
    """A new token and its secret, which is returned this once and stored only as a digest."""
    unknown = sorted(set(scopes) - set(TokenScope.values))
    if not scopes or unknown:
        raise ValidationFailed(
            {"scopes": f"Choose from {', '.join(TokenScope.values)}; got {unknown or 'none'}."}
        )
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationFailed({"expires_at": "The expiry must be in the future."})
    secret = PersonalAccessToken.new_secret()
    token = PersonalAccessToken.objects.create(
        user=user,
        name=name,
        prefix=secret[:12],
        digest=token_digest(secret),
        scopes=sorted(set(scopes)),
        expires_at=expires_at,
    )
    return token, secret


def token_revoke(*, token: PersonalAccessToken) -> None:
    PersonalAccessToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def _new_webhook_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def _clean_webhook(url: str, events: list[str]) -> list[str]:
    errors = {}
    try:
        check_url(url)
    except OutboundRefused as exc:
        errors["url"] = str(exc)
    unknown = sorted(set(events) - set(WebhookEvent.values))
    if not events or unknown:
        errors["events"] = (
            f"Unknown events: {', '.join(unknown)}." if unknown else "Choose at least one event."
        )
    if errors:
        raise ValidationFailed(errors)
    return [value for value in WebhookEvent.values if value in events]


@transaction.atomic
def webhook_create(
    *,
    actor: User,
    workspace: Workspace,
    url: str,
    events: list[str],
    description: str = "",
    is_active: bool = True,
) -> Webhook:
    webhook = Webhook.objects.create(
        workspace=workspace,
        url=url,
        events=_clean_webhook(url, events),
        secret=_new_webhook_secret(),
        description=description,
        is_active=is_active,
    )
    activity_record(actor=actor, verb="created", target=webhook, summary=f"Webhook {url} added")
    transaction.on_commit(lambda: active_cache_clear(workspace.pk))
    return webhook


@transaction.atomic
def webhook_update(*, actor: User, webhook: Webhook, data: dict[str, Any]) -> Webhook:
    url = data.get("url", webhook.url)
    events = data.get("events", webhook.events)
    webhook.url = url
    webhook.events = _clean_webhook(url, events)
    for field in ("description", "is_active"):
        if field in data:
            setattr(webhook, field, data[field])
    webhook.save()
    activity_record(
        actor=actor, verb="updated", target=webhook, summary=f"Webhook {webhook.url} changed"
    )
    transaction.on_commit(lambda: active_cache_clear(webhook.workspace_id))
    return webhook


@transaction.atomic
def webhook_delete(*, actor: User, webhook: Webhook) -> None:
    workspace_id = webhook.workspace_id
    webhook.delete()
    transaction.on_commit(lambda: active_cache_clear(workspace_id))


@transaction.atomic
def delivery_redeliver(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """One more attempt of a finished delivery, now, with the same message id (so the receiver
    can tell); a pending one is still being retried and would be sent twice."""
    locked = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    if locked.status == DeliveryStatus.PENDING:
        raise BusinessRuleError(
            "This delivery is still being retried; redeliver it once it has succeeded or failed.",
            details={"status": locked.status},
        )
    locked.status = DeliveryStatus.PENDING
    locked.next_attempt_at = timezone.now()
    locked.save(update_fields=["status", "next_attempt_at", "updated_at"])
    schedule_attempt(locked)
    return locked


def calendar_connect(*, user: User, url: str, username: str, password: str) -> CalendarConnection:
    """Check that a CalDAV calendar answers to these credentials, then keep the connection
    (the password encrypted), replacing the member's previous one; their upcoming interviews
    are then written to it. The check is a network call, so it runs before the transaction."""
    try:
        found = caldav_client.find_calendar(url.strip(), username, password)
    except caldav_client.CredentialsRefused as exc:
        raise ValidationFailed({"password": str(exc)}) from exc
    except caldav_client.CalendarUnavailable as exc:
        raise ValidationFailed({"url": str(exc)}) from exc
    return _calendar_connection_save(user=user, found=found, username=username, password=password)


@transaction.atomic
def _calendar_connection_save(
    *, user: User, found: caldav_client.Found, username: str, password: str
) -> CalendarConnection:
    # Replacing (not editing) starts the new calendar afresh: the events written to the old
    # one stay there, the new one receives every upcoming interview.
    CalendarConnection.objects.filter(user=user).delete()
    connection = CalendarConnection.objects.create(
        user=user,
        calendar_url=found.url,
        calendar_name=found.name[:200],
        username=username,
        password_encrypted=encrypt(password),
    )
    enqueue_upcoming(connection)
    return connection


@transaction.atomic
def calendar_disconnect(*, user: User) -> bool:
    """Forget the member's calendar connection (and its password); the events already
    written stay in the calendar. Returns whether there was one."""
    deleted, _ = CalendarConnection.objects.filter(user=user).delete()
    return bool(deleted)
