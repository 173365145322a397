"""Webhooks: endpoints per workspace, signed Standard Webhooks deliveries retried on failure,
a delivery log with redeliver."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from standardwebhooks import Webhook as Verifier

from candidates.models import Candidate
from candidates.services import candidate_create
from integrations import services, webhooks
from integrations.models import DeliveryStatus, Webhook, WebhookDelivery
from interview_tracker.services import pipeline_status_change, pipeline_status_moves
from interviews.services import interview_create, interview_set_outcome, offer_accept
from tests.factories import OfferFactory

WEBHOOKS = "/api/v1/webhooks/"


def webhook_for(owner, workspace, url, events=("candidate.created",)):
    return services.webhook_create(actor=owner, workspace=workspace, url=url, events=list(events))


@pytest.mark.django_db
def test_owner_creates_a_webhook_and_sees_its_secret_once(owner_client, workspace, settings):
    settings.OUTBOUND_ALLOW_PRIVATE_NETWORKS = True
    response = owner_client.post(
        WEBHOOKS,
        {"url": "http://127.0.0.1:9/hooks", "events": ["interview.scheduled", "candidate.created"]},
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["secret"].startswith("whsec_")
    assert body["events"] == ["candidate.created", "interview.scheduled"]
    assert body["workspace"] == str(workspace.pk)
    detail = owner_client.get(f"{WEBHOOKS}{body['id']}/").json()
    assert "secret" not in detail
    assert owner_client.get(WEBHOOKS).json()["count"] == 1


@pytest.mark.django_db
def test_private_addresses_and_unknown_events_are_refused(owner_client):
    response = owner_client.post(
        WEBHOOKS,
        {"url": "http://127.0.0.1:9/hooks", "events": ["candidate.created"]},
        format="json",
    )
    unknown = owner_client.post(
        WEBHOOKS, {"url": "https://example.com/h", "events": ["everything"]}, format="json"
    )

    assert response.status_code == 422
    assert "private or local" in response.json()["error"]["field_errors"]["url"]
    assert unknown.status_code == 422
    assert Webhook.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("allow_private", [True, False])
def test_a_port_out_of_range_is_refused_by_the_field(owner_client, settings, allow_private):
    settings.OUTBOUND_ALLOW_PRIVATE_NETWORKS = allow_private
    response = owner_client.post(
        WEBHOOKS,
        {"url": "https://example.com:99999/hooks", "events": ["candidate.created"]},
        format="json",
    )

    assert response.status_code == 422
    assert "port" in response.json()["error"]["field_errors"]["url"]
    assert Webhook.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "create", "read"),
    [
        ("owner", 201, 200),
        ("recruiter", 403, 404),
        ("interviewer", 403, 404),
        ("candidate", 403, 404),
        ("outsider", 403, 404),
    ],
)
def test_only_owners_manage_webhooks(
    who, create, read, cast, owner, workspace, api_client_for, settings
):
    settings.OUTBOUND_ALLOW_PRIVATE_NETWORKS = True
    existing = webhook_for(owner, workspace, "http://127.0.0.1:9/a")
    client = api_client_for(cast[who])
    body = {
        "url": "http://127.0.0.1:9/b",
        "events": ["candidate.created"],
        "workspace": str(workspace.pk),
    }

    created = client.post(WEBHOOKS, body, format="json")
    detail = client.get(f"{WEBHOOKS}{existing.pk}/")
    deleted = client.delete(f"{WEBHOOKS}{existing.pk}/")

    # An outsider names a workspace they are not in: the field refuses it (422), as everywhere.
    assert created.status_code == (422 if who == "outsider" else create)
    assert detail.status_code == read
    assert deleted.status_code == (204 if who == "owner" else 404)
    assert Webhook.objects.filter(pk=existing.pk).exists() == (who != "owner")


@pytest.mark.django_db(transaction=True)
def test_a_receiver_failing_twice_gets_the_third_delivery_signed(
    owner, workspace, receiver, settings, api_client_for
):
    settings.WEBHOOK_RETRY_DELAYS = [0, 0, 0]
    webhook = webhook_for(owner, workspace, receiver.url)
    receiver.statuses = [500, 503]

    candidate = candidate_create(
        actor=owner, workspace=workspace, name="Ada Lovelace", email="ada@example.com"
    )

    assert len(receiver.requests) == 3
    verifier = Verifier(webhook.secret)
    ids = set()
    for headers, body, _at in receiver.requests:
        payload = verifier.verify(body, headers)  # raises on a bad signature or timestamp
        assert payload["type"] == "candidate.created"
        ids.add(headers["webhook-id"])
    assert len(ids) == 1  # the same message, retried
    data = receiver.bodies()[-1]["data"]
    detail = api_client_for(owner).get(f"/api/v1/candidates/{candidate.pk}/").json()
    assert data == detail  # the API's detail view, field for field
    log = api_client_for(owner).get(f"{WEBHOOKS}{webhook.pk}/deliveries/").json()
    assert log["count"] == 1
    delivery = log["results"][0]
    assert delivery["status"] == "succeeded"
    assert [(a["number"], a["response_code"]) for a in delivery["attempts"]] == [
        (1, 500),
        (2, 503),
        (3, 200),
    ]


@pytest.mark.django_db(transaction=True)
def test_a_receiver_answering_a_long_body_is_delivered_once(owner, workspace, receiver):
    webhook = webhook_for(owner, workspace, receiver.url)
    receiver.reply = b"x" * (200 * 1024)  # beyond the 64 KiB a delivery reads

    candidate_create(actor=owner, workspace=workspace, name="Ada", email="ada@example.com")

    assert len(receiver.requests) == 1
    delivery = WebhookDelivery.objects.get(webhook=webhook)
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert list(delivery.attempts.values_list("response_code", flat=True)) == [200]


@pytest.mark.django_db(transaction=True)
def test_retries_end_and_the_delivery_shows_failed(owner, workspace, receiver, settings):
    settings.WEBHOOK_RETRY_DELAYS = [0]
    webhook_for(owner, workspace, receiver.url)
    receiver.statuses = [500, 500, 500]

    candidate_create(actor=owner, workspace=workspace, name="Bo", email="bo@example.com")

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempt_count) == (DeliveryStatus.FAILED, 2)
    assert len(receiver.requests) == 2


@pytest.mark.django_db(transaction=True)
def test_redeliver_sends_the_same_message_again(owner, workspace, receiver, api_client_for):
    webhook = webhook_for(owner, workspace, receiver.url)
    candidate_create(actor=owner, workspace=workspace, name="Cy", email="cy@example.com")
    delivery = WebhookDelivery.objects.get()
    client = api_client_for(owner)

    response = client.post(f"{WEBHOOKS}{webhook.pk}/deliveries/{delivery.pk}/redeliver/")

    assert response.status_code == 202
    assert [a["number"] for a in response.json()["attempts"]] == [1, 2]
    assert len(receiver.requests) == 2
    assert receiver.requests[0][0]["webhook-id"] == receiver.requests[1][0]["webhook-id"]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_delivers_nothing(owner, workspace, receiver):
    webhook_for(owner, workspace, receiver.url)

    def change_then_fail() -> None:
        with transaction.atomic():
            candidate_create(actor=owner, workspace=workspace, name="Di", email="di@example.com")
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        change_then_fail()

    assert WebhookDelivery.objects.count() == 0
    assert receiver.requests == []


@pytest.mark.django_db(transaction=True)
def test_only_subscribed_events_are_delivered(owner, workspace, receiver):
    webhook_for(owner, workspace, receiver.url, events=("candidate.status_changed",))
    candidate = candidate_create(
        actor=owner, workspace=workspace, name="Ed", email="ed@example.com"
    )
    assert receiver.requests == []

    pipeline_status_change(obj=candidate, status="screening", actor=owner)

    assert [body["type"] for body in receiver.bodies()] == ["candidate.status_changed"]
    assert receiver.bodies()[0]["data"]["status"] == "screening"


@pytest.mark.django_db(transaction=True)
def test_an_inactive_webhook_gets_nothing(owner, workspace, receiver):
    webhook = webhook_for(owner, workspace, receiver.url)
    services.webhook_update(actor=owner, webhook=webhook, data={"is_active": False})

    candidate_create(actor=owner, workspace=workspace, name="Fa", email="fa@example.com")

    assert receiver.requests == []


@pytest.mark.django_db
def test_delivery_log_queries_do_not_grow(
    owner, workspace, owner_client, settings, django_assert_num_queries
):
    settings.OUTBOUND_ALLOW_PRIVATE_NETWORKS = True
    webhook = webhook_for(owner, workspace, "http://127.0.0.1:9/x")

    def add(n):
        for i in range(n):
            WebhookDelivery.objects.create(
                webhook=webhook, event_type="candidate.created", message_id=f"m{n}-{i}", payload={}
            )

    add(1)
    # user; their memberships; the webhook; count; deliveries; their attempts
    with django_assert_num_queries(6):
        owner_client.get(f"{WEBHOOKS}{webhook.pk}/deliveries/")
    add(6)
    with django_assert_num_queries(6):
        owner_client.get(f"{WEBHOOKS}{webhook.pk}/deliveries/")


@pytest.mark.django_db(transaction=True)
def test_on_the_database_queue_retries_wait_their_turn(
    owner, workspace, receiver, settings, task_queue
):
    settings.WEBHOOK_RETRY_DELAYS = [0, 3600]
    webhook_for(owner, workspace, receiver.url)
    receiver.statuses = [500, 500]

    candidate_create(actor=owner, workspace=workspace, name="Gil", email="gil@example.com")
    assert receiver.requests == []  # nothing is sent inside the request: it is queued
    task_queue()  # dispatch, the first attempt, and the immediate second one

    delivery = WebhookDelivery.objects.get()
    assert len(receiver.requests) == 2
    assert (delivery.status, delivery.attempt_count) == (DeliveryStatus.PENDING, 2)
    assert delivery.next_attempt_at is not None  # the third waits an hour
    task_queue()
    assert len(receiver.requests) == 2


@pytest.mark.django_db(transaction=True)
def test_a_batch_of_moves_reads_the_endpoints_once_and_sends_each_move(
    owner, workspace, receiver, monkeypatch
):
    webhook_for(owner, workspace, receiver.url, events=("candidate.status_changed",))
    people = [
        candidate_create(actor=owner, workspace=workspace, name=f"P{n}", email=f"p{n}@x.org")
        for n in range(5)
    ]
    lookups = []
    looked_up = webhooks._has_active_webhooks
    monkeypatch.setattr(
        webhooks, "_has_active_webhooks", lambda ws: lookups.append(ws) or looked_up(ws)
    )
    pipeline_status_moves(
        model=Candidate, moves={person.pk: "screening" for person in people}, actor=owner
    )
    assert lookups == [workspace.pk]  # once for the batch (a cache read each, before)
    bodies = receiver.bodies()
    assert sorted(body["data"]["id"] for body in bodies) == sorted(str(p.pk) for p in people)
    assert {body["type"] for body in bodies} == {"candidate.status_changed"}


@pytest.mark.django_db(transaction=True)
def test_a_change_whose_process_dies_after_the_commit_is_still_delivered(
    owner, workspace, receiver, task_queue
):
    webhook_for(owner, workspace, receiver.url)
    with transaction.atomic():
        candidate_create(actor=owner, workspace=workspace, name="Ida", email="ida@example.com")
        # The process dies just after COMMIT: nothing it meant to run after the commit runs.
        connection.run_on_commit.clear()
    task_queue()
    assert [body["type"] for body in receiver.bodies()] == ["candidate.created"]


@pytest.mark.django_db(transaction=True)
def test_a_dispatch_that_dies_before_queueing_its_attempt_leaves_no_delivery(
    owner, workspace, receiver, task_queue, monkeypatch
):
    webhook_for(owner, workspace, receiver.url)

    def die(delivery, delay_seconds=0):
        raise SystemExit("the worker is killed")

    monkeypatch.setattr(webhooks, "schedule_attempt", die)
    candidate_create(actor=owner, workspace=workspace, name="Jo", email="jo@example.com")
    task_queue()
    # The delivery went with the attempt it could not queue: the dispatch that runs again
    # creates both, where a delivery left behind alone would never have been sent.
    assert not WebhookDelivery.objects.exists()
    monkeypatch.undo()
    # Handed to another worker, as ``requeue_stale_tasks`` does with a dead worker's task.
    DBTaskResult.objects.update(status=TaskResultStatus.READY)
    task_queue()
    assert [body["type"] for body in receiver.bodies()] == ["candidate.created"]


@pytest.mark.django_db(transaction=True)
def test_a_dispatch_that_fails_is_retried_and_delivers_once(
    owner, workspace, receiver, settings, task_queue, monkeypatch
):
    settings.TASKS_RETRY_BASE_SECONDS = 0
    webhook_for(owner, workspace, receiver.url)
    real_payload = webhooks._payload
    failures = [RuntimeError("the database went away")]

    def payload_failing_once(**kwargs):
        if failures:
            raise failures.pop()
        return real_payload(**kwargs)

    monkeypatch.setattr(webhooks, "_payload", payload_failing_once)
    candidate_create(actor=owner, workspace=workspace, name="Gil", email="gil@example.com")
    task_queue()  # the failing dispatch, then its retry and the delivery

    assert failures == []
    assert len(receiver.requests) == 1
    assert WebhookDelivery.objects.get().status == DeliveryStatus.SUCCEEDED


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("outcome", ["passed", "failed"])
def test_an_outcome_that_completes_the_interview_sends_interview_completed(
    owner, workspace, receiver, outcome
):
    candidate = candidate_create(
        actor=owner, workspace=workspace, name="Ada", email="ada@example.com"
    )
    interview = interview_create(
        actor=owner,
        workspace=workspace,
        candidate=candidate,
        scheduled_at=timezone.now() + dt.timedelta(days=1),
        title="System design",
    )
    webhook_for(owner, workspace, receiver.url, events=("interview.completed",))

    interview_set_outcome(actor=owner, interview=interview, outcome=outcome)

    [body] = receiver.bodies()
    assert body["type"] == "interview.completed"
    assert (body["data"]["id"], body["data"]["status"]) == (str(interview.pk), "completed")


@pytest.mark.django_db(transaction=True)
def test_offer_accepted_carries_the_offer(owner, workspace, receiver):
    offer = OfferFactory(workspace=workspace, status="sent")
    webhook_for(owner, workspace, receiver.url, events=("offer.accepted",))

    offer_accept(actor=None, offer=offer)

    [body] = receiver.bodies()
    assert body["type"] == "offer.accepted"
    data = body["data"]
    assert (data["id"], data["status"], data["salary"]) == (str(offer.pk), "accepted", "85000.00")
    assert data["candidate"] == str(offer.candidate_id)


@pytest.mark.django_db(transaction=True)
def test_an_attempt_run_twice_is_made_once_and_starts_one_retry(
    owner, workspace, receiver, settings, task_queue
):
    settings.WEBHOOK_RETRY_DELAYS = [3600]
    webhook_for(owner, workspace, receiver.url)
    receiver.statuses = [500]
    candidate_create(actor=owner, workspace=workspace, name="Gil", email="gil@example.com")
    task_queue()  # dispatch and attempt 1, which fails: attempt 2 waits an hour
    delivery = WebhookDelivery.objects.get()
    assert (delivery.attempt_count, len(receiver.requests)) == (1, 1)

    # The same task again, as when a worker presumed dead had its task run a second time.
    webhooks.deliver.call(delivery_id=str(delivery.pk), attempt=1)

    delivery.refresh_from_db()
    assert (delivery.attempt_count, len(receiver.requests)) == (1, 1)
    assert delivery.attempts.count() == 1


@pytest.mark.django_db(transaction=True)
def test_webhook_payloads_spend_none_of_the_owners_api_rate(
    owner, workspace, receiver, settings, api_client_for
):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "user": "2/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    webhook_for(owner, workspace, receiver.url)

    for n in range(4):  # a bulk of creates: four payloads read as the owner
        candidate_create(actor=owner, workspace=workspace, name=f"P{n}", email=f"p{n}@x.com")

    assert [body["data"].get("name") for body in receiver.bodies()] == ["P0", "P1", "P2", "P3"]
    assert api_client_for(owner).get("/api/v1/candidates/").status_code == 200
