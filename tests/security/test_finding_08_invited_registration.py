"""Finding 8: an address an owner invited before its owner had an account can still be
registered: the registration proves the mailbox (the set-password link goes to it), the person
gets their own personal workspace as default, and the invitation is a membership beside it,
never their home."""

import re

import pytest
from django.core import mail
from django.test import Client

from interview_tracker.models import Membership, Role, User

pytestmark = pytest.mark.django_db(transaction=True)

INVITED = "newcomer@example.com"
CHOSEN = "the-newcomers-own-passphrase"
ATTACKER = "an-attackers-guess-at-a-claim"


@pytest.fixture
def invited(owner_client, workspace) -> User:
    response = owner_client.post(
        f"/api/v1/workspaces/{workspace.pk}/members/", {"email": INVITED, "role": "interviewer"}
    )
    assert response.status_code == 201
    mail.outbox.clear()
    return User.objects.get(email=INVITED)


def set_password_through_the_mail(client: Client, password: str) -> None:
    [message] = mail.outbox
    assert message.to == [INVITED]
    link = re.search(r"https?://[^/\s]+(/password-reset/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )
    assert done.status_code == 302


def assert_own_workspace_is_the_default(user: User, invited_to) -> None:
    user.refresh_from_db()
    home = user.default_workspace
    assert home.is_personal
    assert home != invited_to
    roles = dict(Membership.objects.filter(user=user).values_list("workspace_id", "role"))
    assert roles == {home.pk: Role.OWNER, invited_to.pk: Role.INTERVIEWER}


def test_finding_08_registering_an_invited_address_works_through_the_mailbox(
    client, invited, workspace
):
    response = client.post(
        "/register/", {"email": INVITED.upper(), "password": ATTACKER, "time_zone": "UTC"}
    )
    assert response.status_code == 200
    assert "Check your e-mail" in response.content.decode()
    assert "_auth_user_id" not in client.session
    invited.refresh_from_db()
    # Knowing the address is not enough: the typed password does nothing.
    assert not invited.has_usable_password()
    assert client.post("/login/", {"email": INVITED, "password": ATTACKER}).status_code == 200
    assert_own_workspace_is_the_default(invited, workspace)

    set_password_through_the_mail(Client(), CHOSEN)
    browser = Client()
    landed = browser.post("/login/", {"email": INVITED, "password": CHOSEN})
    assert landed["Location"] == "/"
    assert_own_workspace_is_the_default(invited, workspace)
    page = browser.get("/").content.decode()
    assert workspace.name in page  # the invitation is there to switch to


def test_finding_08_the_api_registration_of_an_invited_address_answers_202_and_mails(
    anon_client, invited, workspace
):
    response = anon_client.post("/api/v1/auth/register", {"email": INVITED, "password": ATTACKER})
    assert response.status_code == 202
    assert set(response.json()) == {"detail"}
    assert "e-mailed you a link" in response.json()["detail"]
    login = anon_client.post("/api/v1/auth/login", {"email": INVITED, "password": ATTACKER})
    assert login.status_code == 401
    set_password_through_the_mail(Client(), CHOSEN)
    tokens = anon_client.post("/api/v1/auth/login", {"email": INVITED, "password": CHOSEN})
    assert tokens.status_code == 200
    assert_own_workspace_is_the_default(invited, workspace)


def test_finding_08_an_invitation_never_becomes_the_default_of_an_existing_account(
    owner_client, workspace, outsider
):
    outsider.default_workspace = None
    outsider.save(update_fields=["default_workspace"])
    response = owner_client.post(
        f"/api/v1/workspaces/{workspace.pk}/members/",
        {"email": outsider.email, "role": "recruiter"},
    )
    assert response.status_code == 201
    outsider.refresh_from_db()
    assert outsider.default_workspace_id != workspace.pk


def test_finding_08_an_address_whose_owner_signed_in_is_still_a_conflict(anon_client, owner):
    response = anon_client.post("/api/v1/auth/register", {"email": owner.email, "password": CHOSEN})
    assert response.status_code == 409
    assert mail.outbox == []
