"""Password guessing meets the ``auth`` throttle scope well within ten attempts a minute."""

import pytest
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle

from interview_tracker.api.views import LoginView

pytestmark = pytest.mark.django_db

LOGIN = "/api/v1/auth/login"
REGISTER = "/api/v1/auth/register"


@pytest.fixture
def auth_rate(settings, monkeypatch):
    """``auth`` at 10/min. DRF copies the rates onto the throttle classes when they are
    imported, so the setting and every throttle class's copy are both set."""
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "auth": "10/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    assert api_settings.DEFAULT_THROTTLE_RATES["auth"] == "10/min"
    for throttle in {*LoginView.throttle_classes, ScopedRateThrottle, SimpleRateThrottle}:
        monkeypatch.setattr(throttle, "THROTTLE_RATES", rates, raising=False)
    return rates


def attempts_until_429(client, url, body_for, limit=11):
    for attempt in range(1, limit + 1):
        response = client.post(url, body_for(attempt))
        if response.status_code == 429:
            return attempt, response
        assert response.status_code in {401, 409, 422, 201}, response.content
    return None, None


def test_guessing_a_password_is_throttled_within_ten_attempts(anon_client, owner, auth_rate):
    attempt, response = attempts_until_429(
        anon_client, LOGIN, lambda n: {"email": owner.email, "password": f"guess-{n}"}
    )
    assert attempt is not None
    assert attempt <= 11
    error = response.json()["error"]
    assert error["code"] == "RATE_LIMIT_ERROR"
    assert error["details"]["retry_after"] >= 1
    assert int(response["Retry-After"]) >= 1


def test_the_right_password_is_refused_too_once_throttled(anon_client, owner, auth_rate):
    attempts_until_429(
        anon_client, LOGIN, lambda n: {"email": owner.email, "password": f"guess-{n}"}
    )
    response = anon_client.post(LOGIN, {"email": owner.email, "password": "correct-horse-battery"})
    assert response.status_code == 429


def test_spraying_many_accounts_from_one_client_is_throttled(anon_client, auth_rate):
    attempt, _ = attempts_until_429(
        anon_client, LOGIN, lambda n: {"email": f"victim{n}@example.com", "password": "hunter22"}
    )
    assert attempt is not None
    assert attempt <= 11


def test_mass_registration_is_throttled(anon_client, auth_rate):
    attempt, _ = attempts_until_429(
        anon_client,
        REGISTER,
        lambda n: {"email": f"bot{n}@example.com", "password": "a-long-passphrase"},
    )
    assert attempt is not None
    assert attempt <= 11
