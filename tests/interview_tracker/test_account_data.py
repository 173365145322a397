"""A user's own data: download it, delete the account (password confirmed; the last owner of a
shared workspace is refused)."""

import pytest
from django.test import Client

from interview_tracker.models import Membership, Role, User, Workspace
from tests.factories import (
    FeedbackFactory,
    InterviewFactory,
    MembershipFactory,
    MessageFactory,
    UserFactory,
    WorkspaceFactory,
)
from tests.positions.helpers import assert_envelope

pytestmark = pytest.mark.django_db

ME = "/api/v1/auth/me"
EXPORT = "/api/v1/auth/me/export"
# The factories' password: setting another would end the test clients' sessions and tokens.
PASSWORD = "correct-horse-battery"


def test_export_holds_the_profile_memberships_and_what_the_user_wrote(
    interviewer_client, interviewer, workspace
):
    interview = InterviewFactory(workspace=workspace)
    MessageFactory(interview=interview, author=interviewer, body="Running five minutes late")
    MessageFactory(interview=interview, body="Someone else's message")
    FeedbackFactory(interview=interview, author=interviewer, comment="Clear thinker")

    response = interviewer_client.get(EXPORT)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="account-data.json"'
    body = response.json()
    assert body["user"]["email"] == interviewer.email
    assert body["memberships"] == [
        {"workspace": str(workspace.pk), "name": workspace.name, "role": "interviewer"}
    ]
    assert [row["body"] for row in body["messages"]] == ["Running five minutes late"]
    assert [row["comment"] for row in body["scorecards"]] == ["Clear thinker"]
    assert "Someone else's message" not in response.content.decode()


def test_export_needs_a_signed_in_user(anon_client):
    assert anon_client.get(EXPORT).status_code == 401


@pytest.mark.parametrize("role", ["recruiter", "interviewer", "candidate", "outsider"])
def test_any_member_deletes_their_account_and_the_workspace_stays(role, cast, api_client_for):
    user = cast[role]
    response = api_client_for(user).delete(ME, {"password": PASSWORD}, format="json")
    assert response.status_code == 204, response.content
    assert not User.objects.filter(pk=user.pk).exists()
    assert Workspace.objects.filter(memberships__user=cast["owner"]).exists()


def test_a_wrong_password_deletes_nothing(recruiter_client, recruiter):
    response = recruiter_client.delete(ME, {"password": "guess"}, format="json")
    assert_envelope(response, 422, "VALIDATION_ERROR")
    assert User.objects.filter(pk=recruiter.pk).exists()


def test_the_last_owner_of_a_shared_workspace_is_refused(owner_client, owner, recruiter):
    response = owner_client.delete(ME, {"password": PASSWORD}, format="json")
    error = assert_envelope(response, 400, "BUSINESS_LOGIC_ERROR")
    assert owner.default_workspace.name in error["message"]
    assert User.objects.filter(pk=owner.pk).exists()


def test_an_owner_with_a_co_owner_may_leave_and_a_solo_workspace_goes_too(
    owner_client, owner, workspace
):
    MembershipFactory(workspace=workspace, user=UserFactory(), role=Role.OWNER)
    solo = WorkspaceFactory(name="Only mine")
    MembershipFactory(workspace=solo, user=owner, role=Role.OWNER)
    assert owner_client.delete(ME, {"password": PASSWORD}, format="json").status_code == 204
    assert Workspace.objects.filter(pk=workspace.pk).exists()
    assert not Workspace.objects.filter(pk=solo.pk).exists()
    assert Membership.objects.filter(workspace=workspace, role=Role.OWNER).count() == 1


def test_settings_link_the_download_and_delete_the_account(recruiter):
    client = Client()
    client.force_login(recruiter)
    page = client.get("/settings/")
    assert f'href="{EXPORT}"' in page.content.decode()
    refused = client.post("/settings/delete/", {"password": "guess"})
    assert refused.status_code == 422
    assert "The password is not correct." in refused.content.decode()
    done = client.post("/settings/delete/", {"password": PASSWORD})
    assert done.status_code == 302
    assert not User.objects.filter(pk=recruiter.pk).exists()
