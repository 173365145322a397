"""The dashboard shell: log-in, registration, log-out, settings, the workspace switcher, error
pages and the Content-Security-Policy."""

import re

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings
from django.test import AsyncClient

from interview_tracker.models import User
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_browser(client, owner):
    client.force_login(owner)
    return client


def test_pages_carry_a_nonce_based_content_security_policy(client):
    response = client.get("/login/")
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    html = response.content.decode()
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts
    assert all(f'nonce="{nonce}"' in tag for tag in scripts)
    assert "onclick=" not in html
    # A new nonce for every response.
    assert nonce not in client.get("/login/")["Content-Security-Policy"]


def test_security_headers_are_set(client):
    response = client.get("/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_home_sends_anonymous_visitors_to_log_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_log_in_shows_field_errors(client):
    response = client.post("/login/", {"email": "", "password": ""})
    assert response.status_code == 200
    assert response.content.decode().count("This field is required.") == 2


def test_log_in_with_a_wrong_password_says_so(client, owner):
    response = client.post("/login/", {"email": owner.email, "password": "nope-nope"})
    assert "do not match an account" in response.content.decode()


def test_log_in_follows_a_safe_next_only(client, owner):
    ok = client.post("/login/", {"email": owner.email, "password": PASSWORD, "next": "/settings/"})
    assert ok["Location"] == "/settings/"
    client.logout()
    evil = client.post(
        "/login/", {"email": owner.email, "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert evil["Location"] == "/"


def test_register_creates_the_account_and_logs_in(client):
    response = client.post(
        "/register/",
        {"email": "ada@example.com", "password": "analytical-1843", "time_zone": "Europe/London"},
    )
    assert response["Location"] == "/"
    user = User.objects.get(email="ada@example.com")
    assert user.time_zone == "Europe/London"
    assert user.default_workspace.is_personal
    assert client.get("/settings/").status_code == 200


def test_register_shows_field_errors(client, owner):
    response = client.post(
        "/register/", {"email": owner.email.upper(), "password": "123", "time_zone": "Mars/Base"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "An account with this e-mail already exists" in html
    assert "Select a valid choice" in html
    weak = client.post("/register/", {"email": "x@example.com", "password": "12345678"})
    assert "This password is entirely numeric." in weak.content.decode()
    assert not User.objects.filter(email="x@example.com").exists()


def test_log_out_needs_a_post(owner_browser):
    assert owner_browser.get("/logout/").status_code == 405
    response = owner_browser.post("/logout/")
    assert response["Location"] == "/login/"
    assert owner_browser.get("/settings/").status_code == 302


def test_settings_saves_the_time_zone_and_shows_errors(owner_browser, owner):
    bad = owner_browser.post("/settings/", {"first_name": "O", "time_zone": "Nowhere/Town"})
    assert "Select a valid choice" in bad.content.decode()
    good = owner_browser.post(
        "/settings/", {"first_name": "Olga", "last_name": "Owner", "time_zone": "Asia/Tokyo"}
    )
    assert good["Location"] == "/settings/"
    owner.refresh_from_db()
    assert (owner.first_name, owner.time_zone) == ("Olga", "Asia/Tokyo")
    page = owner_browser.get("/settings/").content.decode()
    assert "Settings saved." in page
    assert "times shown in Asia/Tokyo" in page


def test_the_header_lists_the_users_workspaces(owner_browser, owner, workspace):
    other = WorkspaceFactory(name="Side Project")
    MembershipFactory(user=owner, workspace=other, role="recruiter")
    html = owner_browser.get("/settings/").content.decode()
    assert "Acme Recruiting (owner)</option>" in html
    assert "Side Project (recruiter)</option>" in html
    assert f'<option value="{workspace.id}" selected>' in html


def test_switching_workspace_changes_the_current_one(owner_browser, owner):
    other = WorkspaceFactory(name="Side Project")
    MembershipFactory(user=owner, workspace=other, role="recruiter")
    response = owner_browser.post(
        "/workspaces/switch/", {"workspace": str(other.id), "next": "/settings/"}
    )
    assert response["Location"] == "/settings/"
    owner.refresh_from_db()
    assert owner.default_workspace_id == other.id
    assert "Now working in Side Project." in owner_browser.get("/settings/").content.decode()


@pytest.mark.parametrize("target", ["other", "not-a-uuid"])
def test_switching_to_a_workspace_you_are_not_in_changes_nothing(
    owner_browser, owner, workspace, other_workspace, target
):
    value = str(other_workspace.id) if target == "other" else target
    owner_browser.post("/workspaces/switch/", {"workspace": value})
    owner.refresh_from_db()
    assert owner.default_workspace_id == workspace.id
    assert (
        "You are not a member of that workspace."
        in owner_browser.get("/settings/").content.decode()
    )


def test_an_unknown_page_is_the_404_page(owner_browser):
    response = owner_browser.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "Acme Recruiting" in html  # the normal layout, with the workspace switcher


@pytest.mark.filterwarnings("error:StreamingHttpResponse must consume")
def test_under_asgi_static_files_stream_without_a_thread_or_a_warning():
    async def fetch() -> tuple[int, bool, bytes]:
        response = await AsyncClient().get("/static/css/app.css")  # an ASGIRequest
        body = b"".join([block async for block in response.streaming_content])
        response.close()
        return response.status_code, response.is_async, body

    status, is_async, body = async_to_sync(fetch)()
    assert status == 200
    assert is_async
    assert body == (settings.BASE_DIR / "static" / "css" / "app.css").read_bytes()


def test_static_assets_are_served_by_the_app(client):
    for asset in ["vendor/htmx-2.0.11.min.js", "vendor/pico-2.1.1.min.css", "css/app.css"]:
        response = client.get(f"/static/{asset}")
        response.close()
        assert response.status_code == 200
