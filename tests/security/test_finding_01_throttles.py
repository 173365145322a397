"""Finding 1: every throttle keys on the address our proxies vouch for, never on what a client
writes in X-Forwarded-For; one account is held back whatever address the guesses come from;
the admin's log-in is the dashboard's, with the same limits."""

import pytest
from django.test import RequestFactory
from rest_framework.settings import api_settings

from interview_tracker.addresses import client_address
from tests.conftest import PASSWORD

from .asgi_server import post_json, uvicorn_processes

LOGIN = "/api/v1/auth/login"
THROTTLED_ENV = {
    "THROTTLE_AUTH_RATE": "3/min",
    "THROTTLE_ANON_RATE": "1000/min",
    "THROTTLE_AUTH_ACCOUNT_RATE": "1000/min",
}


def guesses(base: str, forwarded_for) -> list[int]:
    """Four wrong log-ins, each for another account (the per-account limit stays out of it)."""
    return [
        post_json(
            f"{base}{LOGIN}",
            {"email": f"victim{n}@example.com", "password": "not-the-password"},
            {"X-Forwarded-For": forwarded_for(n)},
        )
        for n in range(4)
    ]


def test_finding_01_forged_x_forwarded_for_does_not_escape_login_throttle(tmp_path):
    direct = THROTTLED_ENV
    behind_one_proxy = {"DJANGO_BEHIND_PROXY": "true", "NUM_PROXIES": "1", **THROTTLED_ENV}
    with uvicorn_processes(tmp_path / "db.sqlite3", direct, behind_one_proxy) as (plain, proxied):
        # Straight to the server: the header is the client's own words and is ignored.
        assert guesses(plain, lambda n: f"198.51.100.{n}") == [401, 401, 401, 429]
        # Behind one trusted proxy, which appends the address it saw: a forged first entry
        # is ignored, and another real client keeps its own allowance.
        assert guesses(proxied, lambda n: f"198.51.100.{n}, 203.0.113.7") == [401, 401, 401, 429]
        assert guesses(proxied, lambda n: f"198.51.100.{n}, 203.0.113.8")[0] == 401


@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "expected"),
    [
        (0, "198.51.100.1", "192.0.2.1", "192.0.2.1"),
        (0, "", "192.0.2.1", "192.0.2.1"),
        (1, "198.51.100.1, 203.0.113.7", "10.0.0.2", "203.0.113.7"),
        (1, "", "10.0.0.2", "10.0.0.2"),
        (2, "198.51.100.1, 203.0.113.7, 10.0.0.3", "10.0.0.2", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.2", "203.0.113.7"),
    ],
)
def test_finding_01_the_client_is_the_address_the_proxies_vouch_for(
    settings, proxies, forwarded, remote, expected
):
    settings.NUM_PROXIES = proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = RequestFactory().get("/", REMOTE_ADDR=remote, **headers)
    assert client_address(request) == expected


def test_finding_01_drf_is_told_the_same_number_of_proxies(settings):
    assert api_settings.NUM_PROXIES == settings.NUM_PROXIES


@pytest.fixture
def account_rate(settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "auth_account": "3/hour"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


def test_finding_01_rotating_addresses_does_not_buy_more_guesses_at_one_account(
    anon_client, owner, account_rate
):
    statuses = [
        anon_client.post(
            LOGIN,
            {"email": owner.email.upper(), "password": f"guess-{n}"},
            REMOTE_ADDR=f"192.0.2.{n}",
        ).status_code
        for n in range(3)
    ]
    assert statuses == [401, 401, 401]
    # Even the right password, from yet another address, waits now.
    response = anon_client.post(
        LOGIN, {"email": owner.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.99"
    )
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "RATE_LIMIT_ERROR"
    assert int(response["Retry-After"]) > 60
    # Another account is not held back.
    response = anon_client.post(LOGIN, {"email": "someone@example.com", "password": "x-y-z-w"})
    assert response.status_code == 401


def test_finding_01_a_successful_log_in_does_not_count_against_the_account(
    anon_client, owner, account_rate
):
    for _ in range(5):
        response = anon_client.post(LOGIN, {"email": owner.email, "password": PASSWORD})
        assert response.status_code == 200


def test_finding_01_the_dashboard_log_in_shares_the_account_limit(client, owner, account_rate):
    for n in range(3):
        response = client.post(
            "/login/", {"email": owner.email, "password": f"guess-{n}"}, REMOTE_ADDR=f"192.0.2.{n}"
        )
        assert response.status_code == 200
        assert "do not match" in response.content.decode()
    response = client.post(
        "/login/", {"email": owner.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.50"
    )
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


# Transactional: reset mails leave through the outbox once the request's transaction commits.
@pytest.mark.django_db(transaction=True)
def test_finding_01_reset_mails_to_one_address_are_limited_from_any_address(
    client, owner, account_rate, mailoutbox
):
    for n in range(4):
        response = client.post(
            "/password-reset/", {"email": owner.email}, REMOTE_ADDR=f"192.0.2.{n}"
        )
    assert len(mailoutbox) == 3
    assert "Too many reset requests" in response.content.decode()


def test_finding_01_forged_headers_do_not_escape_the_dashboard_form_throttle(
    client, settings, owner
):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "auth": "2/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    statuses = [
        client.post(
            "/login/",
            {"email": f"victim{n}@example.com", "password": "x"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_finding_01_the_admin_signs_in_through_the_throttled_dashboard_log_in(client, owner):
    owner.is_staff = True
    owner.save(update_fields=["is_staff"])
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/admin/"
    # A password posted to the admin's old form is never checked.
    response = client.post("/admin/login/", {"username": owner.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    response = client.post(
        "/login/?next=/admin/", {"email": owner.email, "password": PASSWORD, "next": "/admin/"}
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
