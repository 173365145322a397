import pytest
from rest_framework import serializers

from interview_tracker.models import Membership, Role, User, Workspace
from tests.factories import MembershipFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db

WORKSPACES = "/api/v1/workspaces/"
ROLES = ["owner", "recruiter", "interviewer", "candidate", "outsider"]


def by_role(owner, recruiter, interviewer, candidate):
    """(role, expected status) for the cast; an outsider always gets 404."""
    return list(zip(ROLES, [owner, recruiter, interviewer, candidate, 404], strict=True))


def iso(value):
    return serializers.DateTimeField().to_representation(value)


def detail_url(workspace):
    return f"{WORKSPACES}{workspace.id}/"


def members_url(workspace):
    return f"{WORKSPACES}{workspace.id}/members/"


def member_url(membership):
    return f"{WORKSPACES}{membership.workspace_id}/members/{membership.id}/"


def membership_of(user, workspace):
    return Membership.objects.select_related("user").get(user=user, workspace=workspace)


def test_retrieve_returns_the_whole_workspace_with_the_callers_role(owner_client, workspace):
    response = owner_client.get(detail_url(workspace))
    assert response.status_code == 200
    workspace.refresh_from_db()
    assert response.json() == {
        "id": str(workspace.id),
        "name": "Acme Recruiting",
        "kind": "hiring",
        "is_personal": False,
        "role": "owner",
        "blind_feedback": True,
        "quiet_days": 14,
        "retention_days": None,
        "require_two_factor": False,
        "created_at": iso(workspace.created_at),
        "updated_at": iso(workspace.updated_at),
    }


def test_list_is_the_union_of_the_users_workspaces(owner, owner_client, workspace, outsider):
    mine = WorkspaceFactory(name="Beta Team", is_personal=True)
    MembershipFactory(user=owner, workspace=mine, role=Role.INTERVIEWER)
    response = owner_client.get(WORKSPACES)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert body["next"] is None
    assert body["previous"] is None
    assert [(w["name"], w["role"]) for w in body["results"]] == [
        ("Acme Recruiting", "owner"),
        ("Beta Team", "interviewer"),
    ]


def test_list_filters_by_is_personal_both_ways(owner, owner_client):
    personal = WorkspaceFactory(name="Mine", is_personal=True)
    MembershipFactory(user=owner, workspace=personal)
    yes = owner_client.get(WORKSPACES, {"is_personal": "true"}).json()["results"]
    no = owner_client.get(WORKSPACES, {"is_personal": "false"}).json()["results"]
    assert [w["name"] for w in yes] == ["Mine"]
    assert [w["name"] for w in no] == ["Acme Recruiting"]


def test_list_searches_by_name(owner, owner_client):
    MembershipFactory(user=owner, workspace=WorkspaceFactory(name="Zeta Hiring"))
    results = owner_client.get(WORKSPACES, {"search": "zeta"}).json()["results"]
    assert [w["name"] for w in results] == ["Zeta Hiring"]


@pytest.mark.parametrize("page_size", [2, 10])
def test_list_runs_a_constant_number_of_queries(
    owner, owner_client, page_size, django_assert_num_queries
):
    for index in range(5):
        MembershipFactory(user=owner, workspace=WorkspaceFactory(name=f"Team {index}"))
    # 1 the user of the JWT, 2 COUNT(*) of the page, 3 the page of workspaces,
    # 4 the user's roles (one read, shared by every row's "role").
    with django_assert_num_queries(4):
        response = owner_client.get(WORKSPACES, {"page_size": page_size})
    assert len(response.json()["results"]) == min(page_size, 6)


def test_create_makes_the_caller_its_owner(owner, owner_client):
    response = owner_client.post(WORKSPACES, {"name": "Platform hiring"})
    assert response.status_code == 201
    created = Workspace.objects.get(name="Platform hiring")
    assert response.json() == {
        "id": str(created.id),
        "name": "Platform hiring",
        "kind": "hiring",
        "is_personal": False,
        "role": "owner",
        "blind_feedback": True,
        "quiet_days": 14,
        "retention_days": None,
        "require_two_factor": False,
        "created_at": iso(created.created_at),
        "updated_at": iso(created.updated_at),
    }
    assert membership_of(owner, created).role == Role.OWNER


def test_create_takes_a_kind_and_settings(owner_client):
    response = owner_client.post(
        WORKSPACES,
        {"name": "My search", "kind": "job_search", "quiet_days": 10, "blind_feedback": False},
        format="json",
    )
    assert response.status_code == 201
    created = Workspace.objects.get(name="My search")
    assert (created.kind, created.quiet_days, created.blind_feedback) == ("job_search", 10, False)
    assert response.json()["kind"] == "job_search"


def test_create_with_an_unknown_kind_is_a_validation_error(owner_client):
    response = owner_client.post(WORKSPACES, {"name": "X", "kind": "agency"})
    assert response.status_code == 422
    assert set(response.json()["error"]["field_errors"]) == {"kind"}
    assert not Workspace.objects.filter(name="X").exists()


def test_changing_the_kind_later_is_a_business_rule_error(owner_client, workspace):
    response = owner_client.patch(detail_url(workspace), {"kind": "job_search"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "BUSINESS_LOGIC_ERROR"
    assert "kind cannot change" in error["message"]
    workspace.refresh_from_db()
    assert workspace.kind == "hiring"


def test_sending_the_same_kind_back_is_no_change(owner_client, workspace):
    response = owner_client.put(detail_url(workspace), {"name": "Acme", "kind": "hiring"})
    assert response.status_code == 200
    assert response.json()["kind"] == "hiring"


def test_an_owner_changes_the_settings(owner_client, workspace):
    response = owner_client.patch(
        detail_url(workspace),
        {
            "blind_feedback": False,
            "quiet_days": 21,
            "retention_days": 365,
            "require_two_factor": True,
        },
        format="json",
    )
    assert response.status_code == 200
    workspace.refresh_from_db()
    assert (
        workspace.blind_feedback,
        workspace.quiet_days,
        workspace.retention_days,
        workspace.require_two_factor,
    ) == (False, 21, 365, True)
    body = response.json()
    assert (body["quiet_days"], body["retention_days"]) == (21, 365)


@pytest.mark.parametrize(
    ("field", "value"), [("quiet_days", 0), ("quiet_days", 366), ("retention_days", 0)]
)
def test_settings_out_of_range_are_validation_errors(owner_client, workspace, field, value):
    response = owner_client.patch(detail_url(workspace), {field: value}, format="json")
    assert response.status_code == 422
    assert set(response.json()["error"]["field_errors"]) == {field}


@pytest.mark.parametrize(("role", "expected"), by_role(200, 403, 403, 403))
def test_only_an_owner_changes_the_settings(cast, api_client_for, workspace, role, expected):
    response = api_client_for(cast[role]).patch(
        detail_url(workspace), {"require_two_factor": True}, format="json"
    )
    assert response.status_code == expected
    workspace.refresh_from_db()
    assert workspace.require_two_factor == (expected == 200)


@pytest.mark.parametrize(("role", "expected"), by_role(200, 200, 200, 200))
def test_every_member_reads_the_kind_and_settings(cast, api_client_for, workspace, role, expected):
    response = api_client_for(cast[role]).get(detail_url(workspace))
    assert response.status_code == expected
    if expected == 200:
        body = response.json()
        assert (body["kind"], body["quiet_days"], body["blind_feedback"]) == ("hiring", 14, True)


def test_create_without_a_name_is_a_validation_error(owner_client):
    response = owner_client.post(WORKSPACES, {})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert error["field_errors"] == {"name": "This field is required."}


def test_anonymous_callers_get_401(anon_client, workspace):
    assert anon_client.get(WORKSPACES).status_code == 401
    assert anon_client.get(detail_url(workspace)).status_code == 401


def test_a_malformed_workspace_id_is_404_not_500(owner_client):
    response = owner_client.get(f"{WORKSPACES}not-a-uuid/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "RESOURCE_NOT_FOUND"
    response = owner_client.get(f"{WORKSPACES}not-a-uuid/members/")
    assert response.status_code == 404


@pytest.mark.parametrize(("role", "expected"), by_role(200, 200, 200, 200))
def test_retrieve_by_role(cast, api_client_for, workspace, role, expected):
    response = api_client_for(cast[role]).get(detail_url(workspace))
    assert response.status_code == expected
    if expected == 404:
        assert response.json()["error"]["code"] == "RESOURCE_NOT_FOUND"
    else:
        assert response.json()["role"] == role


@pytest.mark.parametrize(("role", "expected"), by_role(200, 403, 403, 403))
def test_only_an_owner_renames_the_workspace(cast, api_client_for, workspace, role, expected):
    response = api_client_for(cast[role]).patch(detail_url(workspace), {"name": "Renamed"})
    assert response.status_code == expected
    workspace.refresh_from_db()
    assert workspace.name == ("Renamed" if expected == 200 else "Acme Recruiting")
    if expected == 403:
        assert response.json()["error"]["code"] == "AUTHORIZATION_ERROR"


def test_put_replaces_the_name(owner_client, workspace):
    response = owner_client.put(detail_url(workspace), {"name": "Acme Talent"})
    assert response.status_code == 200
    assert response.json()["name"] == "Acme Talent"


def test_delete_is_not_allowed(owner_client, workspace):
    response = owner_client.delete(detail_url(workspace))
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "METHOD_NOT_ALLOWED"
    assert Workspace.objects.filter(pk=workspace.pk).exists()


# Members


def test_members_list_is_whole_and_ordered_by_email(owner, recruiter, owner_client, workspace):
    response = owner_client.get(members_url(workspace))
    assert response.status_code == 200
    owner_row, recruiter_row = membership_of(owner, workspace), membership_of(recruiter, workspace)
    assert response.json() == {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": str(owner_row.id),
                "user": str(owner.id),
                "email": "owner@example.com",
                "name": owner.get_full_name(),
                "role": "owner",
                "created_at": iso(owner_row.created_at),
                "updated_at": iso(owner_row.updated_at),
            },
            {
                "id": str(recruiter_row.id),
                "user": str(recruiter.id),
                "email": "recruiter@example.com",
                "name": recruiter.get_full_name(),
                "role": "recruiter",
                "created_at": iso(recruiter_row.created_at),
                "updated_at": iso(recruiter_row.updated_at),
            },
        ],
    }


@pytest.mark.parametrize("page_size", [2, 10])
def test_members_list_runs_a_constant_number_of_queries(
    owner, owner_client, workspace, page_size, django_assert_num_queries
):
    for _ in range(5):
        MembershipFactory(workspace=workspace, role=Role.INTERVIEWER)
    # 1 the user of the JWT, 2 the workspace (visible to the user?), 3 the user's roles
    # (permission), 4 COUNT(*) of the members, 5 the page of members joined with their users.
    with django_assert_num_queries(5):
        response = owner_client.get(members_url(workspace), {"page_size": page_size})
    assert len(response.json()["results"]) == min(page_size, 6)


@pytest.mark.parametrize(("role", "expected"), by_role(200, 200, 200, 403))
def test_staff_read_the_members_candidates_do_not(cast, api_client_for, workspace, role, expected):
    response = api_client_for(cast[role]).get(members_url(workspace))
    assert response.status_code == expected


@pytest.mark.parametrize(("role", "expected"), by_role(201, 403, 403, 403))
def test_only_an_owner_adds_members(cast, api_client_for, workspace, role, expected):
    response = api_client_for(cast[role]).post(
        members_url(workspace), {"email": "new.hire@example.com", "role": "interviewer"}
    )
    assert response.status_code == expected
    added = Membership.objects.filter(workspace=workspace, user__email="new.hire@example.com")
    assert added.exists() == (expected == 201)
    if expected == 403:
        assert response.json()["error"]["code"] == "AUTHORIZATION_ERROR"
    if expected == 404:
        assert response.json()["error"]["code"] == "RESOURCE_NOT_FOUND"


def test_adding_an_existing_user_by_email_in_any_case(owner_client, workspace, outsider):
    response = owner_client.post(
        members_url(workspace), {"email": "OUTSIDER@example.com", "role": "recruiter"}
    )
    assert response.status_code == 201
    row = membership_of(outsider, workspace)
    assert response.json() == {
        "id": str(row.id),
        "user": str(outsider.id),
        "email": "outsider@example.com",
        "name": outsider.get_full_name(),
        "role": "recruiter",
        "created_at": iso(row.created_at),
        "updated_at": iso(row.updated_at),
    }
    outsider.refresh_from_db()
    assert outsider.default_workspace_id != workspace.id  # they keep their own default


def test_adding_an_unknown_email_invites_them(owner_client, workspace):
    response = owner_client.post(
        members_url(workspace), {"email": "invitee@example.com", "role": "candidate"}
    )
    assert response.status_code == 201
    invitee = User.objects.get(email="invitee@example.com")
    assert not invitee.has_usable_password()
    # The invitation is a membership, not a new home: their default is their own workspace.
    assert invitee.default_workspace.is_personal
    assert membership_of(invitee, invitee.default_workspace).role == Role.OWNER
    assert membership_of(invitee, workspace).role == Role.CANDIDATE


def test_adding_a_member_twice_is_a_conflict(owner_client, workspace, recruiter):
    response = owner_client.post(
        members_url(workspace), {"email": recruiter.email, "role": "interviewer"}
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "RESOURCE_CONFLICT"
    assert membership_of(recruiter, workspace).role == Role.RECRUITER


def test_adding_with_a_bad_email_or_role_is_a_validation_error(owner_client, workspace):
    response = owner_client.post(members_url(workspace), {"email": "nope", "role": "boss"})
    assert response.status_code == 422
    assert set(response.json()["error"]["field_errors"]) == {"email", "role"}


@pytest.mark.parametrize(("role", "expected"), by_role(200, 403, 403, 403))
def test_only_an_owner_changes_a_role(cast, api_client_for, workspace, role, expected):
    target = membership_of(cast["interviewer"], workspace)
    response = api_client_for(cast[role]).patch(member_url(target), {"role": "recruiter"})
    assert response.status_code == expected
    target.refresh_from_db()
    assert target.role == ("recruiter" if expected == 200 else "interviewer")
    if expected == 200:
        assert response.json()["role"] == "recruiter"


@pytest.mark.parametrize(("role", "expected"), by_role(204, 403, 403, 403))
def test_only_an_owner_removes_members(cast, api_client_for, workspace, role, expected):
    target = membership_of(cast["candidate"], workspace)
    response = api_client_for(cast[role]).delete(member_url(target))
    assert response.status_code == expected
    assert Membership.objects.filter(pk=target.pk).exists() == (expected != 204)


def test_removing_a_member_clears_their_default_workspace(owner_client, workspace, recruiter):
    owner_client.delete(member_url(membership_of(recruiter, workspace)))
    recruiter.refresh_from_db()
    assert recruiter.default_workspace_id is None


def test_the_last_owner_cannot_be_demoted_or_removed(owner, owner_client, workspace):
    row = membership_of(owner, workspace)
    demote = owner_client.patch(member_url(row), {"role": "recruiter"})
    assert demote.status_code == 400
    assert demote.json()["error"]["code"] == "BUSINESS_LOGIC_ERROR"
    remove = owner_client.delete(member_url(row))
    assert remove.status_code == 400
    assert remove.json()["error"]["message"] == "A workspace must keep at least one owner."
    row.refresh_from_db()
    assert row.role == Role.OWNER


def test_an_owner_steps_down_once_another_owner_exists(owner, owner_client, workspace, recruiter):
    owner_client.patch(member_url(membership_of(recruiter, workspace)), {"role": "owner"})
    response = owner_client.patch(
        member_url(membership_of(owner, workspace)), {"role": "recruiter"}
    )
    assert response.status_code == 200
    assert membership_of(owner, workspace).role == Role.RECRUITER


def test_a_member_of_another_workspace_is_404(owner_client, workspace, outsider, other_workspace):
    foreign = membership_of(outsider, other_workspace)
    response = owner_client.patch(
        f"{members_url(workspace)}{foreign.id}/", {"role": "candidate"}, format="json"
    )
    assert response.status_code == 404
    assert membership_of(outsider, other_workspace).role == Role.OWNER


def test_changing_to_an_unknown_role_is_a_validation_error(owner_client, workspace, recruiter):
    response = owner_client.patch(
        member_url(membership_of(recruiter, workspace)), {"role": "admin"}
    )
    assert response.status_code == 422
    assert "role" in response.json()["error"]["field_errors"]
