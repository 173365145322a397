"""Webhook deliveries: an activity event becomes a signed POST to each subscribed endpoint.

Flow: ``on_activity`` (called as the change writes its activity events) maps each event to a
webhook event type and, when the workspace has active endpoints, enqueues ``dispatch`` with the
change's transaction; ``dispatch`` builds the
payload once (the API's detail view of the object) and records one delivery per endpoint;
``deliver`` makes one attempt and, on failure, enqueues the next one after the delay its
number calls for, until ``WEBHOOK_RETRY_DELAYS`` runs out (about a day). Not the generic
``interview_tracker.tasks.retried``: Standard Webhooks asks for a fixed schedule over a day,
and each attempt is a row of the delivery log that the receiver's owner reads.
"""

import datetime
import json
import time
import uuid
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from standardwebhooks import Webhook as Signer

from interview_tracker import outbound
from interview_tracker.models import ActivityEvent, Membership, Role
from interview_tracker.tasks import enqueue_on_commit, retried

from . import internal_api
from .models import DeliveryStatus, Webhook, WebhookAttempt, WebhookDelivery, WebhookEvent

# (app label of the activity's object, verb) → the webhook event it is.
EVENT_OF_ACTIVITY = {
    ("candidates", "created"): WebhookEvent.CANDIDATE_CREATED,
    ("candidates", "status_changed"): WebhookEvent.CANDIDATE_STATUS_CHANGED,
    ("interviews", "interview_scheduled"): WebhookEvent.INTERVIEW_SCHEDULED,
    ("interviews", "interview_rescheduled"): WebhookEvent.INTERVIEW_RESCHEDULED,
    ("interviews", "interview_cancelled"): WebhookEvent.INTERVIEW_CANCELLED,
    ("interviews", "interview_completed"): WebhookEvent.INTERVIEW_COMPLETED,
    ("interviews", "feedback_submitted"): WebhookEvent.FEEDBACK_SUBMITTED,
    # An offer's events are on its candidate's timeline; the event is about the offer.
    ("candidates", "offer_accepted"): WebhookEvent.OFFER_ACCEPTED,
}
# The API detail path of each kind of object an event is about.
DETAIL_PATH = {
    "candidates.candidate": "candidates/{id}",
    "interviews.interview": "interviews/{id}",
    "interviews.offer": "offers/{id}",
}
_ACTIVE_KEY = "webhooks-active:{workspace_id}"


def active_cache_clear(workspace_id: uuid.UUID) -> None:
    """Every write to a workspace's webhooks calls this (services.py)."""
    cache.delete(_ACTIVE_KEY.format(workspace_id=workspace_id))


def _has_active_webhooks(workspace_id: uuid.UUID) -> bool:
    # Cached so that a write in a workspace without webhooks (nearly all) costs no query.
    key = _ACTIVE_KEY.format(workspace_id=workspace_id)
    known = cache.get(key)
    if known is None:
        known = Webhook.objects.filter(workspace_id=workspace_id, is_active=True).exists()
        cache.set(key, known, timeout=300)
    return bool(known)


def on_activity(events: Sequence[ActivityEvent]) -> None:
    """Registered as an activity listener: queues a dispatch for each event that is a webhook
    event of a workspace with active endpoints, with the events' transaction (each
    workspace's endpoints are looked up once, however many records a batch moved)."""
    active: dict[uuid.UUID, bool] = {}
    for event in events:
        content_type = event.content_type
        event_type = EVENT_OF_ACTIVITY.get((content_type.app_label, event.verb))
        if event_type is None:
            continue
        if event.workspace_id not in active:
            active[event.workspace_id] = _has_active_webhooks(event.workspace_id)
        if not active[event.workspace_id]:
            continue
        model, object_id = f"{content_type.app_label}.{content_type.model}", str(event.object_id)
        if event_type == WebhookEvent.OFFER_ACCEPTED:
            model, object_id = "interviews.offer", str(event.details["offer"])
        enqueue_on_commit(
            dispatch,
            activity_id=str(event.pk),
            event_type=event_type,
            model=model,
            object_id=object_id,
            workspace_id=str(event.workspace_id),
            occurred_at=event.created_at.isoformat(),
        )


def _payload(*, workspace_id: str, model: str, object_id: str) -> Any:
    """The API's detail view of the object, as an owner of its workspace reads it."""
    owner = (
        Membership.objects.filter(workspace_id=workspace_id, role=Role.OWNER)
        .select_related("user")
        .order_by("created_at")
        .first()
    )
    path = DETAIL_PATH.get(model)
    if owner is None or path is None:
        return {"id": object_id}
    answer = internal_api.call(
        "GET", path.format(id=object_id), base_url=settings.SITE_URL, user=owner.user
    )
    return answer.data if answer.ok else {"id": object_id}


@task()
@retried
def dispatch(
    *,
    activity_id: str,
    event_type: str,
    model: str,
    object_id: str,
    workspace_id: str,
    occurred_at: str,
) -> None:
    """One delivery per subscribed endpoint; running twice creates none twice (message ids
    are derived from the activity event and the endpoint)."""
    webhooks = [
        webhook
        for webhook in Webhook.objects.filter(workspace_id=workspace_id, is_active=True)
        if event_type in webhook.events
    ]
    if not webhooks:
        return
    body = {
        "type": event_type,
        "timestamp": occurred_at,
        "data": _payload(workspace_id=workspace_id, model=model, object_id=object_id),
    }
    for webhook in webhooks:
        message_id = f"msg_{uuid.uuid5(uuid.UUID(activity_id), str(webhook.pk)).hex}"
        # The delivery and its first attempt's task commit together: a run that dies between
        # them leaves neither, and the run that replaces it creates both.
        with transaction.atomic():
            delivery, created = WebhookDelivery.objects.get_or_create(
                message_id=message_id,
                defaults={"webhook": webhook, "event_type": event_type, "payload": body},
            )
            if created:
                schedule_attempt(delivery)


def schedule_attempt(delivery: WebhookDelivery, delay_seconds: int = 0) -> None:
    """Enqueue the next attempt after ``delay_seconds`` (at once where the task backend cannot
    defer, such as the immediate backend of development without a worker)."""
    delivery_task = deliver
    if delay_seconds and deliver.get_backend().supports_defer:
        delivery_task = deliver.using(
            run_after=timezone.now() + datetime.timedelta(seconds=delay_seconds)
        )
    enqueue_on_commit(
        delivery_task, delivery_id=str(delivery.pk), attempt=delivery.attempt_count + 1
    )


def _due(delivery: WebhookDelivery, attempt: int) -> bool:
    """Whether attempt number ``attempt`` of the delivery is still to be made: a task run
    twice (a worker presumed dead) finds its attempt made and starts no second retry chain."""
    return delivery.status == DeliveryStatus.PENDING and delivery.attempt_count == attempt - 1


@task()
def deliver(*, delivery_id: str, attempt: int) -> None:
    """Attempt number ``attempt``. The HTTP request runs outside any transaction; its result
    is recorded under a row lock, once."""
    delivery = WebhookDelivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or not _due(delivery, attempt):
        return
    webhook = delivery.webhook
    content = json.dumps(delivery.payload, separators=(",", ":"))
    sent_at = timezone.now()
    signature = Signer(webhook.secret).sign(delivery.message_id, sent_at, content)
    headers = {
        "content-type": "application/json",
        "user-agent": "InterviewTracker-Webhooks/1",
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(int(sent_at.timestamp())),
        "webhook-signature": signature,
    }
    started = time.monotonic()
    code: int | None = None
    error = ""
    try:
        # The receiver's status is its answer: a long body after a 2xx is no failure.
        code = outbound.request(
            "POST",
            webhook.url,
            content=content.encode(),
            headers=headers,
            max_bytes=64 * 1024,
            truncate=True,
        ).status_code
    except outbound.OutboundRefused as exc:
        error = str(exc)[:255]
    duration_ms = int((time.monotonic() - started) * 1000)
    _record_attempt(delivery_id, attempt, code=code, error=error, duration_ms=duration_ms)


@transaction.atomic
def _record_attempt(
    delivery_id: str, number: int, *, code: int | None, error: str, duration_ms: int
) -> None:
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
    if not _due(delivery, number):
        return
    attempt = WebhookAttempt.objects.create(
        delivery=delivery,
        number=number,
        response_code=code,
        error=error,
        duration_ms=duration_ms,
    )
    delivery.attempt_count = number
    delays = settings.WEBHOOK_RETRY_DELAYS
    if attempt.succeeded:
        delivery.status = DeliveryStatus.SUCCEEDED
        delivery.next_attempt_at = None
    elif number > len(delays):
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
    else:
        delay = delays[number - 1]
        delivery.next_attempt_at = timezone.now() + datetime.timedelta(seconds=delay)
        schedule_attempt(delivery, delay)
    delivery.save(update_fields=["attempt_count", "status", "next_attempt_at", "updated_at"])
