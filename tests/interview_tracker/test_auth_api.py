import pytest
from rest_framework_simplejwt.tokens import RefreshToken

from interview_tracker.models import Role, User, Workspace
from tests.factories import MembershipFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db

REGISTER = "/api/v1/auth/register"
LOGIN = "/api/v1/auth/login"
REFRESH = "/api/v1/auth/refresh"
LOGOUT = "/api/v1/auth/logout"
ME = "/api/v1/auth/me"


def register(client, email="new@example.com", password="a-long-passphrase", **extra):
    return client.post(REGISTER, {"email": email, "password": password, **extra}, format="json")


def test_register_creates_the_user_and_a_personal_workspace(anon_client):
    response = register(anon_client, first_name="Grace", last_name="Hopper")
    assert response.status_code == 201
    body = response.json()
    assert body["email"] == "new@example.com"
    assert body["first_name"] == "Grace"
    assert len(body["workspaces"]) == 1
    assert body["workspaces"][0]["role"] == "owner"
    assert body["default_workspace"] == body["workspaces"][0]["id"]
    assert "password" not in body


def test_registration_makes_a_job_search_unless_the_user_hires(anon_client):
    seeker = register(anon_client).json()
    assert seeker["workspaces"][0]["kind"] == "job_search"
    recruiter = register(anon_client, email="hr@example.com", workspace_kind="hiring").json()
    assert recruiter["workspaces"][0]["kind"] == "hiring"
    assert Workspace.objects.get(pk=recruiter["default_workspace"]).kind == "hiring"


def test_register_with_an_unknown_workspace_kind_is_a_validation_error(anon_client):
    response = register(anon_client, workspace_kind="agency")
    assert response.status_code == 422
    assert set(response.json()["error"]["field_errors"]) == {"workspace_kind"}
    assert not User.objects.filter(email="new@example.com").exists()


def test_me_switches_the_current_workspace_to_one_of_the_users(owner, owner_client, workspace):
    second = WorkspaceFactory(name="Second", kind="job_search")
    MembershipFactory(user=owner, workspace=second, role=Role.INTERVIEWER)
    response = owner_client.patch(ME, {"default_workspace": str(second.id)}, format="json")
    assert response.status_code == 200
    assert response.json()["default_workspace"] == str(second.id)
    owner.refresh_from_db()
    assert owner.default_workspace_id == second.id


def test_me_refuses_a_workspace_the_user_is_not_in(owner, owner_client, other_workspace):
    response = owner_client.patch(ME, {"default_workspace": str(other_workspace.id)})
    assert response.status_code == 422
    assert set(response.json()["error"]["field_errors"]) == {"default_workspace"}
    owner.refresh_from_db()
    assert owner.default_workspace_id != other_workspace.id


def test_me_changes_names_and_time_zone(owner, owner_client):
    response = owner_client.patch(
        ME,
        {"first_name": "Ada", "last_name": "Lovelace", "time_zone": "Europe/Berlin"},
        format="json",
    )
    assert response.status_code == 200
    owner.refresh_from_db()
    assert (owner.first_name, owner.last_name, owner.time_zone) == (
        "Ada",
        "Lovelace",
        "Europe/Berlin",
    )
    bad = owner_client.patch(ME, {"time_zone": "Mars/Olympus"}, format="json")
    assert bad.status_code == 422
    assert set(bad.json()["error"]["field_errors"]) == {"time_zone"}


def test_register_with_the_same_email_in_another_case_is_a_conflict(anon_client):
    register(anon_client)
    response = register(anon_client, email="NEW@Example.com")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "RESOURCE_CONFLICT"


@pytest.mark.parametrize("password", ["short", "password123", "1234567890123"])
def test_register_with_a_weak_password_is_a_validation_error(anon_client, password):
    response = register(anon_client, password=password)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert "password" in error["field_errors"]


def test_login_returns_a_token_pair_and_me_lists_workspaces(anon_client, owner, workspace):
    response = anon_client.post(
        LOGIN, {"email": owner.email.upper(), "password": "correct-horse-battery"}
    )
    assert response.status_code == 200
    tokens = response.json()
    assert set(tokens) == {"access", "refresh"}
    anon_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    me = anon_client.get(ME).json()
    assert me["email"] == owner.email
    assert me["workspaces"] == [
        {"id": str(workspace.id), "name": workspace.name, "kind": "hiring", "role": "owner"}
    ]
    assert me["default_workspace"] == str(workspace.id)


def test_login_with_a_wrong_password_is_401(anon_client, owner):
    response = anon_client.post(LOGIN, {"email": owner.email, "password": "wrong-password"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "AUTHENTICATION_ERROR"


def test_a_rotated_refresh_token_works_once(anon_client, owner):
    refresh = str(RefreshToken.for_user(owner))
    first = anon_client.post(REFRESH, {"refresh": refresh})
    assert first.status_code == 200
    assert first.json()["refresh"] != refresh
    second = anon_client.post(REFRESH, {"refresh": refresh})
    assert second.status_code == 401
    assert second.json()["error"]["code"] == "AUTHENTICATION_ERROR"


def test_logout_blacklists_the_refresh_token(anon_client, owner):
    refresh = str(RefreshToken.for_user(owner))
    assert anon_client.post(LOGOUT, {"refresh": refresh}).status_code == 204
    assert anon_client.post(REFRESH, {"refresh": refresh}).status_code == 401


def test_no_token_is_401_not_403(anon_client):
    response = anon_client.get(ME)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "AUTHENTICATION_ERROR"
