"""Two-factor sign-in: optional per person, a second step at every log-in (pages, admin, API),
enforceable per team by its owner; turning it on ends every other session."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from interview_tracker import services
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(user, client: Client | None = None, **extra) -> Client:
    client = client or Client(HTTP_USER_AGENT="Test browser")
    response = client.post("/login/", {"email": user.email, "password": PASSWORD, **extra})
    assert response.status_code == 302, response.content
    return client


def enable(client: Client) -> tuple[TOTPDevice, list[str]]:
    page = client.post("/settings/two-factor/", {"action": "start"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html
    device = TOTPDevice.objects.get(confirmed=False)
    done = client.post(
        "/settings/two-factor/",
        {"action": "confirm", "device": device.pk, "code": code_for(device)},
    )
    assert done.status_code == 200, done.content
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    return device, codes


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def test_turning_it_on_shows_a_qr_code_and_recovery_codes_once_and_ends_other_sessions(
    owner, clock
):
    other_browser = sign_in(owner)
    old_token = (
        APIClient().post("/api/v1/auth/login", {"email": owner.email, "password": PASSWORD}).json()
    )
    client = sign_in(owner)
    clock.shift(dt.timedelta(seconds=40))
    device, codes = enable(client)
    device.refresh_from_db()
    assert device.confirmed
    assert len(codes) == 10
    assert sorted(codes) == sorted(StaticToken.objects.values_list("token", flat=True))
    # Shown once: the page does not list them again.
    assert not re.search(r"<li><code>", client.get("/settings/two-factor/").content.decode())
    assert client.get("/settings/").status_code == 200
    assert other_browser.get("/settings/").status_code == 302
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {old_token['access']}")
    assert api.get("/api/v1/auth/me").status_code == 401


def test_a_wrong_confirmation_code_leaves_it_off(owner):
    client = sign_in(owner)
    client.post("/settings/two-factor/", {"action": "start"})
    device = TOTPDevice.objects.get()
    response = client.post(
        "/settings/two-factor/", {"action": "confirm", "device": device.pk, "code": "000000"}
    )
    assert response.status_code == 422
    assert "does not match" in response.content.decode()
    assert not services.user_has_two_factor(owner)


def test_log_in_asks_for_the_code_after_the_password(owner, clock):
    device, _ = enable(sign_in(owner))
    clock.shift(dt.timedelta(seconds=60))
    browser = Client()
    response = browser.post("/login/", {"email": owner.email, "password": PASSWORD})
    assert response["Location"] == "/login/verify/?next=%2F"
    assert "_auth_user_id" not in browser.session
    assert browser.get("/settings/").status_code == 302  # not signed in yet
    wrong = browser.post("/login/verify/", {"code": "123456"})
    assert wrong.status_code == 200
    assert "does not match" in wrong.content.decode()
    clock.shift(dt.timedelta(seconds=30))  # django-otp waits a little after a wrong code
    done = browser.post("/login/verify/", {"code": code_for(device)})
    assert done["Location"] == "/"
    assert browser.get("/settings/").status_code == 200


def test_a_recovery_code_signs_in_once(owner, clock):
    _, codes = enable(sign_in(owner))
    for expected in (302, 200):
        browser = Client()
        browser.post("/login/", {"email": owner.email, "password": PASSWORD})
        assert browser.post("/login/verify/", {"code": codes[0]}).status_code == expected


def test_the_second_step_expires(owner, clock):
    device, _ = enable(sign_in(owner))
    browser = Client()
    browser.post("/login/", {"email": owner.email, "password": PASSWORD})
    clock.shift(dt.timedelta(minutes=6))
    response = browser.post("/login/verify/", {"code": code_for(device)})
    assert response["Location"] == "/login/"
    assert "_auth_user_id" not in browser.session


def test_an_account_closed_between_the_two_steps_is_sent_back_to_log_in(owner, clock):
    device, _ = enable(sign_in(owner))
    first, second = Client(), Client()
    for browser in (first, second):  # both past the password step
        assert browser.post("/login/", {"email": owner.email, "password": PASSWORD})[
            "Location"
        ].startswith("/login/verify/")
    owner.is_active = False
    owner.save(update_fields=["is_active"])
    response = first.post("/login/verify/", {"code": code_for(device)})
    assert response["Location"] == "/login/"
    assert "_auth_user_id" not in first.session
    owner.delete()
    assert second.get("/login/verify/")["Location"] == "/login/"


def test_the_admin_signs_in_with_the_second_step(owner, clock):
    owner.is_staff = True
    owner.save(update_fields=["is_staff"])
    device, _ = enable(sign_in(owner))
    clock.shift(dt.timedelta(seconds=60))
    browser = Client()
    assert browser.get("/admin/")["Location"].startswith("/admin/login/")
    step = browser.post(
        "/login/?next=/admin/", {"email": owner.email, "password": PASSWORD, "next": "/admin/"}
    )
    assert step["Location"] == "/login/verify/?next=%2Fadmin%2F"
    done = browser.post(step["Location"], {"code": code_for(device), "next": "/admin/"})
    assert done["Location"] == "/admin/"
    assert browser.get("/admin/").status_code == 200


def test_the_api_log_in_needs_the_code_too(owner, clock):
    device, _ = enable(sign_in(owner))
    clock.shift(dt.timedelta(seconds=60))
    api = APIClient()
    body = {"email": owner.email, "password": PASSWORD}
    response = api.post("/api/v1/auth/login", body)
    assert response.status_code == 401
    assert "`otp`" in response.json()["error"]["message"]
    assert api.post("/api/v1/auth/login", {**body, "otp": "000000"}).status_code == 401
    clock.shift(dt.timedelta(seconds=30))
    assert api.post("/api/v1/auth/login", {**body, "otp": code_for(device)}).status_code == 200


def test_an_owner_requires_it_and_a_member_without_it_is_sent_to_set_it_up(
    owner, recruiter, workspace, clock
):
    owner_browser = sign_in(owner)
    response = owner_browser.post(
        "/settings/two-factor/",
        {"action": "require", "workspace": workspace.pk, "required": "on"},
    )
    assert response.status_code == 302
    workspace.refresh_from_db()
    assert workspace.require_two_factor
    # The owner has no device yet either: sent to the set-up like everyone.
    assert owner_browser.get("/candidates/")["Location"] == "/settings/two-factor/"

    member = sign_in(recruiter)
    for page in ("/", "/candidates/", "/settings/", "/admin/"):
        assert member.get(page)["Location"] == "/settings/two-factor/", page
    setup = member.get("/settings/two-factor/")
    assert "requires two-factor sign-in" in setup.content.decode()
    # API tokens are unaffected.
    api = APIClient()
    api.force_authenticate(recruiter)
    assert api.get("/api/v1/auth/me").status_code == 200
    clock.shift(dt.timedelta(seconds=40))
    enable(member)
    assert member.get("/candidates/").status_code == 200


def test_a_requirement_reaches_sessions_already_signed_in_within_minutes(
    owner, recruiter, workspace, clock
):
    member = sign_in(recruiter)
    services.workspace_two_factor_require(workspace=workspace, required=True)
    clock.shift(dt.timedelta(minutes=6))
    assert member.get("/candidates/")["Location"] == "/settings/two-factor/"


def test_turning_it_off_needs_a_code_and_is_refused_where_required(owner, workspace, clock):
    client = sign_in(owner)
    device, _ = enable(client)
    clock.shift(dt.timedelta(seconds=60))
    client.post("/settings/two-factor/", {"action": "disable", "code": "000000"})
    assert services.user_has_two_factor(owner)
    clock.shift(dt.timedelta(seconds=60))
    services.workspace_two_factor_require(workspace=workspace, required=True)
    client.post("/settings/two-factor/", {"action": "disable", "code": code_for(device)})
    assert services.user_has_two_factor(owner)
    services.workspace_two_factor_require(workspace=workspace, required=False)
    clock.shift(dt.timedelta(seconds=60))
    client.post("/settings/two-factor/", {"action": "disable", "code": code_for(device)})
    assert not services.user_has_two_factor(owner)


@pytest.mark.parametrize("role", ["recruiter", "interviewer", "candidate", "outsider"])
def test_only_an_owner_changes_the_requirement(cast, role, workspace):
    client = Client()
    client.force_login(cast[role])
    response = client.post(
        "/settings/two-factor/",
        {"action": "require", "workspace": workspace.pk, "required": "on"},
    )
    assert response.status_code == 404
    workspace.refresh_from_db()
    assert not workspace.require_two_factor


def test_new_recovery_codes_replace_the_old_ones(owner, clock):
    client = sign_in(owner)
    _, old = enable(client)
    response = client.post("/settings/two-factor/", {"action": "recovery"})
    new = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    assert len(new) == 10
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)
    assert not set(old) & set(new)
