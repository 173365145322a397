"""Finding 2: a password change or reset ends every session and token issued before it (access
tokens, refresh tokens and their rotated successors, dashboard sessions) and rotates the
calendar feed secret; the person changing their password keeps their own session."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from rest_framework.test import APIClient

from interview_tracker import services
from interview_tracker.forms import PasswordChangeForm
from interview_tracker.models import User, UserSession
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-interview-season-2027"
ME = "/api/v1/auth/me"


def api_login(user: User) -> dict[str, str]:
    response = APIClient().post("/api/v1/auth/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    return response.json()


def refresh(token: str):
    return APIClient().post("/api/v1/auth/refresh", {"refresh": token})


def me(access: str):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client.get(ME)


def dashboard_login(user: User, password: str = PASSWORD) -> Client:
    client = Client(HTTP_USER_AGENT="Firefox on a laptop")
    response = client.post("/login/", {"email": user.email, "password": password})
    assert response.status_code == 302
    return client


def feed(user: User, client: Client | None = None):
    return (client or Client()).get(f"/interviews/calendar/{user.calendar_token}.ics")


class Signed:
    """Everything one account has signed in with, before the change."""

    def __init__(self, user: User) -> None:
        self.first = api_login(user)
        rotated = refresh(self.first["refresh"])
        assert rotated.status_code == 200
        self.rotated = rotated.json()
        self.second = api_login(user)
        self.browser = dashboard_login(user)
        self.old_feed = User.objects.get(pk=user.pk).calendar_token
        assert me(self.rotated["access"]).status_code == 200
        assert self.browser.get("/settings/").status_code == 200

    def assert_all_refused(self, user: User) -> None:
        for pair in (self.first, self.rotated, self.second):
            response = me(pair["access"])
            assert response.status_code == 401, response.content
            assert response.json()["error"]["code"] == "AUTHENTICATION_ERROR"
            assert refresh(pair["refresh"]).status_code == 401
        assert self.browser.get("/settings/").status_code == 302
        user.refresh_from_db()
        assert user.calendar_token != self.old_feed
        assert Client().get(f"/interviews/calendar/{self.old_feed}.ics").status_code == 404
        assert feed(user).status_code == 200


# Transactional: the reset mail leaves through the outbox once the request commits.
@pytest.mark.django_db(transaction=True)
def test_finding_02_a_password_reset_ends_every_session_and_token(owner):
    signed = Signed(owner)
    resetting = Client()
    resetting.post("/password-reset/", {"email": owner.email})
    # The link is absolute, on the configured SITE_URL (the mail leaves after the request).
    link = re.search(r"https?://[^/\s]+(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form = resetting.get(link, follow=True)
    done = resetting.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    signed.assert_all_refused(owner)
    # Signing in again with the new password works at once.
    assert me(api_login_with(owner, NEW_PASSWORD)["access"]).status_code == 200
    assert dashboard_login(owner, NEW_PASSWORD).get("/settings/").status_code == 200


def api_login_with(user: User, password: str) -> dict[str, str]:
    response = APIClient().post("/api/v1/auth/login", {"email": user.email, "password": password})
    assert response.status_code == 200
    return response.json()


def test_finding_02_the_admin_changing_a_password_keeps_only_its_own_session(owner):
    owner.is_staff = owner.is_superuser = True
    owner.save(update_fields=["is_staff", "is_superuser"])
    signed = Signed(owner)
    admin = dashboard_login(owner)
    response = admin.post(
        f"/admin/interview_tracker/user/{owner.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302, response.content
    signed.assert_all_refused(owner)
    # The admin who changed it carries on, and the sessions list shows that one session.
    assert admin.get("/admin/").status_code == 200
    assert list(UserSession.objects.filter(user=owner).values_list("session_key", flat=True)) == [
        admin.session.session_key
    ]


def test_finding_02_the_password_change_form_ends_other_sessions(owner):
    signed = Signed(owner)
    form = PasswordChangeForm(
        owner,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert form.is_valid(), form.errors
    form.save()
    signed.assert_all_refused(owner)


def test_finding_02_a_password_set_by_any_other_path_refuses_old_tokens(owner):
    """``manage.py changepassword`` and the shell call set_password only: the tokens' password
    claim and the session hash still see the change."""
    signed = Signed(owner)
    owner.set_password(NEW_PASSWORD)
    owner.save()
    assert me(signed.second["access"]).status_code == 401
    assert refresh(signed.second["refresh"]).status_code == 401
    assert signed.browser.get("/settings/").status_code == 302


def test_finding_02_the_service_keeps_the_session_it_is_given(owner, rf):
    signed = Signed(owner)
    kept = dashboard_login(owner)
    request = rf.get("/")
    request.user = owner
    request.session = kept.session
    # Tokens carry whole seconds; a change in the second they were issued lets them through
    # (see credentials_outlived), so the change happens a little later, as it would.
    with time_machine.travel(dt.timedelta(seconds=2)):
        services.user_credentials_changed(user=owner, keep_session=request)
    request.session.save()
    kept.cookies["sessionid"] = request.session.session_key
    signed.assert_all_refused(owner)
    assert kept.get("/settings/").status_code == 200
