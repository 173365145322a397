"""Forgotten passwords, and the first password of someone invited by e-mail."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from interview_tracker.models import User
from tests.factories import UserFactory

# The reset mail leaves through the outbox once the request commits, as in production.
pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "a-new-interview-season-2027"


def reset_link(message: mail.EmailMessage) -> str:
    match = re.search(r"http://127.0.0.1:8000(/password-reset/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def choose_password(client, link: str, password: str = NEW_PASSWORD):
    form = client.get(link, follow=True)  # Django swaps the token for a session, then redirects
    assert form.status_code == 200
    assert "Choose a new password" in form.content.decode()
    return client.post(
        form.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
    )


def test_the_login_page_offers_a_reset(client):
    assert reverse("password-reset") in client.get(reverse("login")).content.decode()


def test_a_forgotten_password_is_replaced_through_the_mailed_link(client):
    user = UserFactory(email="forgetful@example.com")
    sent = client.post(reverse("password-reset"), {"email": "Forgetful@Example.com"})
    assert sent.status_code == 302
    assert sent["Location"] == reverse("password-reset-done")
    assert [m.to for m in mail.outbox] == [["forgetful@example.com"]]
    link = reset_link(mail.outbox[0])

    done = choose_password(client, link)
    assert done.status_code == 302
    assert done["Location"] == reverse("password-reset-complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # The link works once.
    again = client.get(link, follow=True)
    assert "This link no longer works" in again.content.decode()


def test_a_person_invited_by_email_chooses_a_first_password(client):
    invited = User.objects.create_user(email="invited@example.com", password=None)
    assert not invited.has_usable_password()
    client.post(reverse("password-reset"), {"email": "invited@example.com"})
    choose_password(client, reset_link(mail.outbox[0]))

    login = client.post(
        reverse("login"), {"email": "invited@example.com", "password": NEW_PASSWORD}
    )
    assert login.status_code == 302


def test_an_unknown_or_inactive_address_gets_the_same_answer_and_no_mail(client):
    UserFactory(email="gone@example.com", is_active=False)
    for email in ["nobody@example.com", "gone@example.com"]:
        response = client.post(reverse("password-reset"), {"email": email})
        assert response["Location"] == reverse("password-reset-done")
    assert mail.outbox == []


def test_a_weak_or_mismatched_password_is_refused_with_a_message(client):
    user = UserFactory(email="careful@example.com")
    client.post(reverse("password-reset"), {"email": user.email})
    link = reset_link(mail.outbox[0])
    weak = choose_password(client, link, password="12345678")
    assert weak.status_code == 200
    assert "This password is entirely numeric." in weak.content.decode()
    user.refresh_from_db()
    assert user.check_password("correct-horse-battery")


def test_a_tampered_link_is_refused(client):
    UserFactory(email="target@example.com")
    client.post(reverse("password-reset"), {"email": "target@example.com"})
    link = reset_link(mail.outbox[0])
    tampered = link[:-3] + ("aaa/" if not link.endswith("aaa/") else "bbb/")
    page = client.get(tampered, follow=True)
    assert "This link no longer works" in page.content.decode()
