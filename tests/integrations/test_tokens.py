"""Personal access tokens: created once, stored hashed, scoped, expiring and revocable."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from integrations.models import PersonalAccessToken
from tests.factories import CandidateFactory

TOKENS = "/api/v1/tokens/"
CANDIDATES = "/api/v1/candidates/"

pytestmark = pytest.mark.django_db


def bearer(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_create_shows_the_secret_once_and_stores_only_its_digest(owner, owner_client):
    response = owner_client.post(TOKENS, {"name": "CI script", "scopes": ["read"]}, format="json")

    assert response.status_code == 201
    body = response.json()
    secret = body.pop("token")
    assert secret.startswith("itk_")
    assert body["prefix"] == secret[:12]
    assert body["scopes"] == ["read"]
    assert body["last_used_at"] is None
    row = PersonalAccessToken.objects.get(pk=body["id"])
    assert secret not in {row.digest, row.prefix, row.name}
    assert len(row.digest) == 64
    listed = owner_client.get(TOKENS).json()["results"]
    assert [item["id"] for item in listed] == [body["id"]]
    assert "token" not in listed[0]
    assert secret not in str(listed)


def test_a_token_authenticates_as_its_user_and_records_its_use(owner, token_for, workspace):
    candidate = CandidateFactory(workspace=workspace)
    secret = token_for(owner, ("read",))

    response = bearer(secret).get(CANDIDATES)

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(candidate.pk)]
    assert PersonalAccessToken.objects.get().last_used_at is not None


def test_a_read_token_may_not_write(owner, token_for, workspace):
    response = bearer(token_for(owner, ("read",))).post(
        CANDIDATES, {"name": "Ada", "email": "ada@example.com"}, format="json"
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "AUTHORIZATION_ERROR"
    assert "read" in response.json()["error"]["message"]


def test_a_write_token_writes_with_its_users_role(owner, interviewer, token_for, workspace):
    body = {"name": "Ada", "email": "ada@example.com"}
    assert bearer(token_for(owner)).post(CANDIDATES, body, format="json").status_code == 201
    # The token carries the user's own permissions, no more: interviewers do not add candidates.
    refused = bearer(token_for(interviewer)).post(
        CANDIDATES, {"name": "Bo", "email": "bo@example.com"}, format="json"
    )
    assert refused.status_code == 403


def test_an_expired_token_is_refused(owner, token_for):
    secret = token_for(owner, expires_at=timezone.now() + datetime.timedelta(hours=1))
    assert bearer(secret).get(CANDIDATES).status_code == 200

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        response = bearer(secret).get(CANDIDATES)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "AUTHENTICATION_ERROR"


def test_revoking_refuses_the_token_at_once(owner, owner_client, token_for):
    secret = token_for(owner)
    token = PersonalAccessToken.objects.get()
    assert bearer(secret).get(CANDIDATES).status_code == 200

    assert owner_client.delete(f"{TOKENS}{token.pk}/").status_code == 204

    assert bearer(secret).get(CANDIDATES).status_code == 401
    assert owner_client.get(TOKENS).json()["count"] == 0


def test_expiry_in_the_past_and_unknown_scopes_answer_422(owner_client):
    past = owner_client.post(
        TOKENS,
        {"name": "x", "scopes": ["read"], "expires_at": "2001-01-01T00:00:00Z"},
        format="json",
    )
    unknown = owner_client.post(TOKENS, {"name": "x", "scopes": ["admin"]}, format="json")

    assert past.status_code == 422
    assert "expires_at" in past.json()["error"]["field_errors"]
    assert unknown.status_code == 422
    assert PersonalAccessToken.objects.count() == 0


def test_a_token_cannot_mint_or_list_tokens(owner, token_for):
    client = bearer(token_for(owner))

    assert client.get(TOKENS).status_code == 403
    assert client.post(TOKENS, {"name": "x", "scopes": ["read"]}, format="json").status_code == 403
    assert PersonalAccessToken.objects.count() == 1


def test_another_users_token_is_not_found(owner, outsider, api_client_for, token_for):
    token_for(owner)
    token = PersonalAccessToken.objects.get()

    response = api_client_for(outsider).delete(f"{TOKENS}{token.pk}/")

    assert response.status_code == 404
    assert PersonalAccessToken.objects.get().revoked_at is None


def test_a_malformed_token_is_refused_without_falling_through(db):
    response = bearer("itk_not-a-real-token").get(CANDIDATES)

    assert response.status_code == 401


def test_token_list_queries_do_not_grow(owner, owner_client, token_for, django_assert_num_queries):
    token_for(owner)
    # session-less JWT: the user; the count; the page
    with django_assert_num_queries(3):
        owner_client.get(TOKENS)
    for _ in range(5):
        token_for(owner)
    with django_assert_num_queries(3):
        owner_client.get(TOKENS)
