"""Forged, stale and revoked JWTs are refused with 401 and the error envelope."""

import base64
import datetime as dt
import json

import jwt
import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ME = "/api/v1/auth/me"
LOGIN = "/api/v1/auth/login"
REFRESH = "/api/v1/auth/refresh"
LOGOUT = "/api/v1/auth/logout"


def b64(data: dict) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64(part: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def assert_401(response) -> None:
    assert response.status_code == 401, response.content
    assert response.json()["error"]["code"] == "AUTHENTICATION_ERROR"


def get_me(client, token: str):
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client.get(ME)


def test_a_valid_token_is_accepted(anon_client, owner):
    assert get_me(anon_client, str(AccessToken.for_user(owner))).status_code == 200


def test_a_token_whose_payload_was_changed_is_401(anon_client, owner, outsider):
    header, payload, signature = str(AccessToken.for_user(owner)).split(".")
    claims = unb64(payload)
    claims["user_id"] = str(outsider.id)
    assert_401(get_me(anon_client, f"{header}.{b64(claims)}.{signature}"))


def test_a_token_with_a_flipped_signature_is_401(anon_client, owner):
    token = str(AccessToken.for_user(owner))
    flipped = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    assert_401(get_me(anon_client, flipped))


def test_an_alg_none_token_is_401(anon_client, owner):
    _, payload, _ = str(AccessToken.for_user(owner)).split(".")
    for alg in ("none", "None", "NONE"):
        assert_401(get_me(anon_client, f"{b64({'alg': alg, 'typ': 'JWT'})}.{payload}."))


def test_an_expired_token_is_401(anon_client, owner):
    token = AccessToken.for_user(owner)
    token.set_exp(lifetime=-dt.timedelta(seconds=1))
    assert_401(get_me(anon_client, str(token)))


def test_a_token_signed_with_a_rotated_out_key_is_401(anon_client, owner):
    claims = unb64(str(AccessToken.for_user(owner)).split(".")[1])
    old_key_token = jwt.encode(
        claims, "the-signing-key-we-used-before-the-rotation-of-keys", algorithm="HS256"
    )
    assert_401(get_me(anon_client, old_key_token))


def test_a_refresh_token_is_not_an_access_token(anon_client, owner):
    assert_401(get_me(anon_client, str(RefreshToken.for_user(owner))))


def test_a_token_of_a_deleted_user_is_401(anon_client, owner):
    token = str(AccessToken.for_user(owner))
    owner.is_active = False
    owner.save(update_fields=["is_active"])
    assert_401(get_me(anon_client, token))


def login(client, user) -> dict:
    response = client.post(LOGIN, {"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    return response.json()


def test_a_rotated_out_refresh_token_is_401(anon_client, owner):
    tokens = login(anon_client, owner)
    rotated = anon_client.post(REFRESH, {"refresh": tokens["refresh"]})
    assert rotated.status_code == 200
    assert_401(anon_client.post(REFRESH, {"refresh": tokens["refresh"]}))
    # The new pair works.
    assert anon_client.post(REFRESH, {"refresh": rotated.json()["refresh"]}).status_code == 200


def test_a_logged_out_refresh_token_is_401(anon_client, owner):
    tokens = login(anon_client, owner)
    anon_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert anon_client.post(LOGOUT, {"refresh": tokens["refresh"]}).status_code == 204
    anon_client.credentials()
    assert_401(anon_client.post(REFRESH, {"refresh": tokens["refresh"]}))
    assert_401(anon_client.post(LOGOUT, {"refresh": tokens["refresh"]}))


def test_the_access_token_a_logout_was_called_with_is_401_afterwards(anon_client, owner):
    tokens = login(anon_client, owner)
    other_session = login(APIClient(), owner)
    anon_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert anon_client.get(ME).status_code == 200
    assert anon_client.post(LOGOUT, {"refresh": tokens["refresh"]}).status_code == 204
    assert_401(anon_client.get(ME))
    # Only that session ends: the same person signed in elsewhere carries on.
    anon_client.credentials(HTTP_AUTHORIZATION=f"Bearer {other_session['access']}")
    assert anon_client.get(ME).status_code == 200


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer ", "Bearer a.b", "Bearer a.b.c", "Token abc", "Bearer x y z"],
)
def test_a_malformed_authorization_header_is_401(anon_client, owner, header):
    anon_client.credentials(HTTP_AUTHORIZATION=header)
    response = anon_client.get(ME)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "AUTHENTICATION_ERROR"
