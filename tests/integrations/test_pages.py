"""The settings pages for access tokens and webhooks."""

import pytest

from integrations import services
from integrations.models import PersonalAccessToken, Webhook, WebhookDelivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_creating_a_token_shows_its_secret_once(owner, logged_in):
    client = logged_in(owner)

    response = client.post(
        "/settings/tokens/",
        {"name": "Claude", "scopes": ["read", "write"], "expires_in_days": "30"},
    )

    assert response.status_code == 200
    token = PersonalAccessToken.objects.get()
    secret = response.context["new_secret"]
    assert secret.startswith(token.prefix)
    assert secret in response.content.decode()
    assert token.scopes == ["read", "write"]
    assert token.expires_at is not None
    again = client.get("/settings/tokens/").content.decode()
    assert secret not in again
    assert token.prefix in again


def test_a_token_without_a_scope_is_refused_with_the_error_by_the_field(owner, logged_in):
    response = logged_in(owner).post("/settings/tokens/", {"name": "x", "expires_in_days": ""})

    assert response.status_code == 200
    assert "scopes" in response.context["form"].errors
    assert PersonalAccessToken.objects.count() == 0


def test_revoking_from_the_page(owner, outsider, logged_in):
    token, _secret = services.token_create(user=owner, name="x", scopes=["read"], expires_at=None)
    assert logged_in(outsider).post(f"/settings/tokens/{token.pk}/revoke/").status_code == 404

    response = logged_in(owner).post(f"/settings/tokens/{token.pk}/revoke/")

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("owner", 200),
        ("recruiter", 404),
        ("interviewer", 404),
        ("candidate", 404),
        ("outsider", 404),
    ],
)
def test_only_the_owner_reaches_the_webhook_pages(
    who, status, cast, owner, workspace, logged_in, settings
):
    settings.OUTBOUND_ALLOW_PRIVATE_NETWORKS = True
    webhook = services.webhook_create(
        actor=owner, workspace=workspace, url="http://127.0.0.1:9/h", events=["candidate.created"]
    )
    user = cast[who]
    user.default_workspace = workspace
    user.save(update_fields=["default_workspace"])
    client = logged_in(user)

    assert client.get("/settings/webhooks/").status_code == status
    assert client.get(f"/settings/webhooks/{webhook.pk}/").status_code == status
    assert client.post(f"/settings/webhooks/{webhook.pk}/delete/").status_code == (
        302 if who == "owner" else 404
    )
    assert Webhook.objects.filter(pk=webhook.pk).exists() == (who != "owner")


def test_adding_an_endpoint_shows_the_secret_once(owner, workspace, logged_in, settings):
    settings.OUTBOUND_ALLOW_PRIVATE_NETWORKS = True
    owner.default_workspace = workspace
    owner.save(update_fields=["default_workspace"])

    response = logged_in(owner).post(
        "/settings/webhooks/", {"url": "http://127.0.0.1:9/h", "events": ["interview.scheduled"]}
    )

    webhook = Webhook.objects.get()
    assert webhook.secret in response.content.decode()
    assert webhook.secret not in logged_in(owner).get("/settings/webhooks/").content.decode()


def test_delivery_log_page_queries_do_not_grow(
    owner, workspace, logged_in, settings, django_assert_num_queries
):
    settings.OUTBOUND_ALLOW_PRIVATE_NETWORKS = True
    owner.default_workspace = workspace
    owner.save(update_fields=["default_workspace"])
    webhook = services.webhook_create(
        actor=owner, workspace=workspace, url="http://127.0.0.1:9/h", events=["candidate.created"]
    )
    client = logged_in(owner)

    def add(n):
        for i in range(n):
            WebhookDelivery.objects.create(
                webhook=webhook, event_type="candidate.created", message_id=f"{n}-{i}", payload={}
            )

    add(1)
    client.get(f"/settings/webhooks/{webhook.pk}/")
    # session; user; memberships; webhook; count; deliveries; attempts; the switcher's memberships
    with django_assert_num_queries(8):
        client.get(f"/settings/webhooks/{webhook.pk}/")
    add(10)
    with django_assert_num_queries(8):
        client.get(f"/settings/webhooks/{webhook.pk}/")
