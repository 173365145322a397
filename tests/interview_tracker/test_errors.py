"""Every /api/ error has one envelope: {"error": {"code", "message", "timestamp", ...}}."""

import logging
import threading
from datetime import datetime

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.db.models.signals import pre_save
from rest_framework.test import APIClient

from interview_tracker.api.exceptions import exception_handler
from interview_tracker.middleware import RequestIdLogFilter
from interview_tracker.models import Membership, User
from tests.factories import UserFactory
from tests.interview_tracker.urls_failing import SECRET

LOGIN = "/api/v1/auth/login"
REGISTER = "/api/v1/auth/register"
LOGOUT = "/api/v1/auth/logout"
ME = "/api/v1/auth/me"
WORKSPACES = "/api/v1/workspaces/"


def envelope(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]
    datetime.fromisoformat(error["timestamp"])
    return error


@pytest.mark.django_db
def test_no_token_is_401(anon_client):
    error = envelope(anon_client.get(ME), 401, "AUTHENTICATION_ERROR")
    assert set(error) == {"code", "message", "timestamp"}


@pytest.mark.django_db
def test_a_bad_token_is_401_without_token_internals(anon_client):
    anon_client.credentials(HTTP_AUTHORIZATION="Bearer not.a.jwt")
    response = anon_client.get(ME)
    error = envelope(response, 401, "AUTHENTICATION_ERROR")
    assert set(error) == {"code", "message", "timestamp"}
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_a_forbidden_write_is_403(interviewer_client, workspace):
    response = interviewer_client.patch(f"{WORKSPACES}{workspace.id}/", {"name": "x"})
    envelope(response, 403, "AUTHORIZATION_ERROR")


@pytest.mark.parametrize("path", ["/api/v1/no-such-thing/", "/api/nothing", "/api/v1/workspaces//"])
@pytest.mark.django_db
def test_an_unknown_api_route_is_a_json_404(owner_client, path):
    response = owner_client.get(path, HTTP_ACCEPT="text/html")
    error = envelope(response, 404, "RESOURCE_NOT_FOUND")
    assert path in error["message"]


@pytest.mark.django_db
def test_a_post_to_an_unknown_route_with_a_session_is_a_json_404(client, owner):
    client = type(client)(enforce_csrf_checks=True)
    client.force_login(owner)
    envelope(client.post("/api/v1/no-such-thing/", {}), 404, "RESOURCE_NOT_FOUND")


@pytest.mark.django_db
def test_a_wrong_method_is_405(owner_client):
    envelope(owner_client.post(ME, {}), 405, "METHOD_NOT_ALLOWED")


@pytest.mark.django_db
def test_an_unsupported_content_type_is_415(anon_client):
    response = anon_client.post(LOGIN, "email=a", content_type="text/plain")
    envelope(response, 415, "UNSUPPORTED_MEDIA_TYPE")


@pytest.mark.django_db
def test_malformed_json_is_400_bad_request(anon_client):
    response = anon_client.post(LOGIN, '{"email": ', content_type="application/json")
    envelope(response, 400, "BAD_REQUEST")


@pytest.mark.django_db
def test_validation_is_422_with_field_errors(anon_client):
    response = anon_client.post(REGISTER, {"email": "not-an-email"})
    error = envelope(response, 422, "VALIDATION_ERROR")
    assert error["field_errors"] == {
        "email": "Enter a valid email address.",
        "password": "This field is required.",
    }


def set_rates(settings, **rates):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates},
    }


@pytest.mark.django_db
def test_the_auth_scope_is_429_with_retry_after(anon_client, owner, settings):
    set_rates(settings, auth="2/min")
    for _ in range(2):
        assert anon_client.post(LOGIN, {"email": owner.email, "password": "x"}).status_code == 401
    response = anon_client.post(LOGIN, {"email": owner.email, "password": "x"})
    error = envelope(response, 429, "RATE_LIMIT_ERROR")
    assert 0 < error["details"]["retry_after"] <= 60
    assert response["Retry-After"] == str(error["details"]["retry_after"])
    # Registration shares the scope: the same client is held back there too.
    assert anon_client.post(REGISTER, {"email": "x@example.com"}).status_code == 429


@pytest.mark.django_db
def test_the_log_in_register_and_reset_pages_share_the_auth_scope(client, owner, settings):
    """Guessing passwords through the pages is held back like through the API."""
    set_rates(settings, auth="2/min")
    for _ in range(2):
        wrong = client.post("/login/", {"email": owner.email, "password": "x"})
        assert wrong.status_code == 200
    held = client.post("/login/", {"email": owner.email, "password": "correct-horse-battery"})
    assert held.status_code == 429
    assert 0 < int(held["Retry-After"]) <= 60
    assert "Too many attempts" in held.content.decode()
    assert "_auth_user_id" not in client.session  # even the right password waits
    assert client.get("/login/").status_code == 200  # reading the form is not counted
    assert client.post("/register/", {"email": "x@example.com"}).status_code == 429
    assert client.post("/password-reset/", {"email": owner.email}).status_code == 429
    # The API's anonymous auth scope counts the same attempts.
    assert APIClient().post(LOGIN, {"email": owner.email, "password": "x"}).status_code == 429


@pytest.mark.django_db
def test_the_user_scope_is_429(owner_client, settings):
    set_rates(settings, user="2/min")
    assert [owner_client.get(ME).status_code for _ in range(3)] == [200, 200, 429]


@pytest.mark.django_db
def test_the_anonymous_scope_is_429(anon_client, settings):
    set_rates(settings, anon="1/min")
    assert anon_client.post(LOGOUT, {}).status_code == 422
    envelope(anon_client.post(LOGOUT, {}), 429, "RATE_LIMIT_ERROR")


@pytest.fixture
def racing_insert():
    """Makes a concurrent request (another thread, its own connection, committed) insert the
    same row between a service's existence check and its own insert, so the database's unique
    constraint is what catches the duplicate. SQLite serialises writers (BEGIN IMMEDIATE), so
    there this race cannot happen at all."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writing transactions: two writers cannot race")
    connected = []

    def arrange(model, make_twin):
        def insert_twin(instance):
            model.objects.bulk_create([make_twin(instance)])  # sends no signal
            connections.close_all()

        def handler(sender, instance, **kwargs):
            if instance._state.adding and not connected[-1][2]:
                connected[-1][2].append(instance)
                thread = threading.Thread(target=insert_twin, args=(instance,))
                thread.start()
                thread.join()

        pre_save.connect(handler, sender=model, weak=False)
        connected.append((handler, model, []))

    yield arrange
    for handler, model, _ in connected:
        pre_save.disconnect(handler, sender=model)


@pytest.mark.django_db(transaction=True)
def test_a_registration_race_is_409(anon_client, racing_insert):
    racing_insert(User, lambda user: User(email=user.email.upper(), password="!"))
    response = anon_client.post(REGISTER, {"email": "race@example.com", "password": "a-long-pass"})
    envelope(response, 409, "RESOURCE_CONFLICT")
    assert User.objects.filter(email__iexact="race@example.com").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_membership_race_is_409(owner_client, workspace, racing_insert):
    other = UserFactory(email="twin@example.com")
    racing_insert(
        Membership,
        lambda m: Membership(user_id=m.user_id, workspace_id=m.workspace_id, role="candidate"),
    )
    response = owner_client.post(
        f"{WORKSPACES}{workspace.id}/members/", {"email": other.email, "role": "recruiter"}
    )
    envelope(response, 409, "RESOURCE_CONFLICT")
    assert Membership.objects.get(user=other).role == "candidate"


@pytest.mark.django_db
def test_the_handler_maps_database_integrity_errors(owner, workspace):
    with pytest.raises(IntegrityError) as unique, transaction.atomic():
        Membership.objects.create(user=owner, workspace=workspace, role="owner")
    with pytest.raises(IntegrityError) as check, transaction.atomic():
        Membership.objects.bulk_create([Membership(user=owner, workspace=workspace, role="boss")])
    conflict = exception_handler(unique.value, {"view": None})
    assert conflict.status_code == 409
    assert conflict.data["error"]["code"] == "RESOURCE_CONFLICT"
    invalid = exception_handler(check.value, {"view": None})
    assert invalid.status_code == 422
    assert invalid.data["error"]["code"] == "VALIDATION_ERROR"


def test_an_unreachable_database_is_503(database_unreachable):
    response = APIClient().post(LOGIN, {"email": "a@example.com", "password": "x"})
    error = envelope(response, 503, "SERVICE_UNAVAILABLE")
    assert error["details"] == {"service_name": "database"}
    assert response["Retry-After"] == "5"


@pytest.mark.django_db
def test_an_unreachable_database_is_503_for_a_token_holder(owner, api_client_for, request):
    client = api_client_for(owner)
    request.getfixturevalue("database_unreachable")
    envelope(client.get(WORKSPACES), 503, "SERVICE_UNAVAILABLE")


@pytest.mark.django_db
def test_an_unreachable_database_is_503_for_a_signed_in_browser(client, owner, request):
    """The session is read in a middleware, outside DRF's views: still a 503, never a 500."""
    client.force_login(owner)
    request.getfixturevalue("database_unreachable")
    client.raise_request_exception = False
    page = client.get("/candidates/")
    assert page.status_code == 503
    assert page["Retry-After"] == "5"
    assert "Temporarily unavailable" in page.content.decode()
    error = envelope(client.get(WORKSPACES), 503, "SERVICE_UNAVAILABLE")
    assert error["details"] == {"service_name": "database"}


@pytest.mark.urls("tests.interview_tracker.urls_failing")
def test_an_unexpected_error_is_500_without_internals_and_logged_with_the_request_id(caplog):
    caplog.handler.addFilter(RequestIdLogFilter())
    with caplog.at_level(logging.ERROR):
        response = APIClient().get("/api/v1/boom/", HTTP_X_REQUEST_ID="req-123")
    error = envelope(response, 500, "INTERNAL_ERROR")
    assert set(error) == {"code", "message", "timestamp"}
    text = response.content.decode()
    assert SECRET not in text
    assert "Traceback" not in text
    assert "RuntimeError" not in text
    assert response["X-Request-ID"] == "req-123"
    logged = [r for r in caplog.records if r.exc_info and SECRET in str(r.exc_info[1])]
    assert logged
    assert {r.request_id for r in logged} == {"req-123"}


@pytest.mark.urls("tests.interview_tracker.urls_failing")
def test_an_error_outside_drf_under_api_is_a_json_500(client):
    client.raise_request_exception = False
    response = client.get("/api/plain-boom/")
    envelope(response, 500, "INTERNAL_ERROR")
    assert SECRET not in response.content.decode()
    assert response["X-Request-ID"]


@pytest.mark.urls("tests.interview_tracker.urls_failing")
def test_a_page_error_is_the_500_page(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert SECRET not in response.content.decode()


@pytest.mark.django_db
def test_every_response_carries_a_request_id(client, anon_client):
    generated = anon_client.get(ME)["X-Request-ID"]
    assert len(generated) == 32
    assert client.get("/health", HTTP_X_REQUEST_ID="abc-1")["X-Request-ID"] == "abc-1"
    assert client.get("/login/")["X-Request-ID"] != generated
    # A client's id that could forge log lines is replaced, not echoed.
    assert client.get("/health", HTTP_X_REQUEST_ID="a\nb")["X-Request-ID"] != "a\nb"


def test_a_nul_character_in_a_query_parameter_is_400_and_reaches_no_filter(owner_client, client):
    # PostgreSQL refuses NUL in a string literal: without the guard this was a 500 there.
    response = owner_client.get("/api/v1/questions/", {"tags": "\x00", "search": "a\x00b"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "BAD_REQUEST"
    assert response.json()["error"]["message"] == (
        "Query parameters must not contain NUL characters."
    )
    assert client.get("/login/", {"next": "\x00"}).status_code == 400
    # Every value of a repeated parameter is checked, not only the last one.
    repeated = owner_client.get("/api/v1/questions/?tags=a%00b&tags=c")
    assert repeated.status_code == 400
