"""The sessions page: where the account is signed in (browsers and API refresh tokens), each
revocable, and "sign out everywhere else"."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from interview_tracker.models import User, UserSession
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def browser(user: User, agent: str, address: str = "127.0.0.1") -> Client:
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    response = client.post("/login/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def api_tokens(user: User) -> dict[str, str]:
    response = APIClient().post("/api/v1/auth/login", {"email": user.email, "password": PASSWORD})
    return response.json()


def test_it_lists_browsers_with_device_address_and_this_one_marked(owner):
    browser(owner, "Firefox on a laptop", "192.0.2.7")
    phone = browser(owner, "Safari on a phone", "198.51.100.9")
    api_tokens(owner)
    html = phone.get("/settings/sessions/").content.decode()
    assert "Firefox on a laptop" in html
    assert "192.0.2.7" in html
    assert "Safari on a phone" in html
    assert html.count("this browser") == 1
    assert html.count('name="token"') == 1
    # The session keys are the cookies' secrets: never on the page.
    for key in UserSession.objects.values_list("session_key", flat=True):
        assert key not in html


def test_signing_out_one_browser_ends_only_that_one(owner):
    laptop = browser(owner, "Firefox on a laptop")
    phone = browser(owner, "Safari on a phone")
    laptop_session = UserSession.objects.get(session_key=laptop.session.session_key)
    response = phone.post("/settings/sessions/revoke/", {"session": laptop_session.handle})
    assert response.status_code == 302
    assert laptop.get("/settings/").status_code == 302
    assert phone.get("/settings/").status_code == 200


def test_another_persons_session_cannot_be_signed_out(owner, recruiter):
    victim = browser(recruiter, "Firefox")
    handle = UserSession.objects.get(session_key=victim.session.session_key).handle
    browser(owner, "Chrome").post("/settings/sessions/revoke/", {"session": handle})
    assert victim.get("/settings/").status_code == 200


def test_revoking_an_api_token_stops_its_refresh(owner, recruiter):
    tokens = api_tokens(owner)
    others = api_tokens(recruiter)
    client = browser(owner, "Firefox")
    mine = RefreshToken(tokens["refresh"])
    outstanding = OutstandingToken.objects.get(jti=mine["jti"])
    theirs = OutstandingToken.objects.get(jti=RefreshToken(others["refresh"])["jti"])
    client.post("/settings/sessions/tokens/revoke/", {"token": outstanding.pk})
    client.post("/settings/sessions/tokens/revoke/", {"token": theirs.pk})
    assert (
        APIClient().post("/api/v1/auth/refresh", {"refresh": tokens["refresh"]}).status_code == 401
    )
    assert (
        APIClient().post("/api/v1/auth/refresh", {"refresh": others["refresh"]}).status_code == 200
    )


def test_sign_out_everywhere_else_keeps_this_browser(owner):
    with time_machine.travel(dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        laptop = browser(owner, "Firefox on a laptop")
        tokens = api_tokens(owner)
        phone = browser(owner, "Safari on a phone")
        old_feed = User.objects.get(pk=owner.pk).calendar_token
        clock.shift(dt.timedelta(seconds=5))
        response = phone.post("/settings/sessions/sign-out-everywhere/")
        assert response.status_code == 302
        assert laptop.get("/settings/").status_code == 302
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
        assert api.get("/api/v1/auth/me").status_code == 401
        assert (
            APIClient().post("/api/v1/auth/refresh", {"refresh": tokens["refresh"]}).status_code
            == 401
        )
        assert phone.get("/settings/").status_code == 200
        assert User.objects.get(pk=owner.pk).calendar_token != old_feed
        assert list(
            UserSession.objects.filter(user=owner).values_list("session_key", flat=True)
        ) == [phone.session.session_key]


def test_last_seen_follows_use_a_few_minutes_behind(owner):
    start = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        client = browser(owner, "Firefox")
        session = UserSession.objects.get(session_key=client.session.session_key)
        assert session.last_seen == start
        clock.shift(dt.timedelta(minutes=2))
        client.get("/settings/")
        session.refresh_from_db()
        assert session.last_seen == start
        clock.shift(dt.timedelta(minutes=5))
        client.get("/settings/", REMOTE_ADDR="203.0.113.5")
        session.refresh_from_db()
        assert session.last_seen == start + dt.timedelta(minutes=7)
        assert session.ip_address == "203.0.113.5"


@pytest.mark.parametrize("sessions_and_tokens", [1, 12])
def test_the_sessions_page_query_count_is_constant(
    owner, django_assert_num_queries, sessions_and_tokens
):
    client = browser(owner, "Firefox")
    for _ in range(sessions_and_tokens):
        browser(owner, "Another browser")
        RefreshToken.for_user(owner)
    # session, user, the browsers, the tokens, the switcher's memberships
    with django_assert_num_queries(5):
        response = client.get("/settings/sessions/")
    assert response.status_code == 200
    assert response.content.decode().count('name="session"') == sessions_and_tokens + 1


@pytest.mark.parametrize(
    ("agent", "device"),
    [
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Firefox on Windows",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
            "Safari on iPhone",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge on Windows",
        ),
        ("curl/8.5.0", "curl/8.5.0"),
        ("", "Unknown browser"),
    ],
)
def test_a_session_names_its_device_as_people_do(agent, device):
    assert UserSession(user_agent=agent).device == device
