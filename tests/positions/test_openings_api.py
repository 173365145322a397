"""Openings in the positions API: a hiring workspace's positions carry `opening_status`,
`hiring_manager`, `headcount` and `department`, beside every field of the first wave."""

import pytest

from positions.models import Position
from tests.factories import CompanyFactory, MembershipFactory, PositionFactory
from tests.positions.helpers import ids

pytestmark = pytest.mark.django_db

URL = "/api/v1/positions/"


def detail(position) -> str:
    return f"{URL}{position.pk}/"


def test_an_opening_is_created_with_its_fields(owner_client, recruiter, workspace):
    response = owner_client.post(
        URL,
        {
            "title": "Data Scientist",
            "company_name": "Acme",
            "opening_status": "on_hold",
            "hiring_manager": str(recruiter.pk),
            "headcount": 3,
            "department": "Data",
            "source": "careers page",
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert {key: body[key] for key in ("opening_status", "hiring_manager", "headcount")} == {
        "opening_status": "on_hold",
        "hiring_manager": str(recruiter.pk),
        "headcount": 3,
    }
    assert (body["department"], body["source"], body["status"]) == (
        "Data",
        "careers page",
        "applied",
    )
    opening = Position.objects.get(pk=body["id"])
    assert (opening.hiring_manager_id, opening.headcount) == (recruiter.pk, 3)


def test_an_opening_is_updated_and_its_manager_cleared(owner_client, interviewer, workspace):
    opening = PositionFactory(workspace=workspace)
    response = owner_client.patch(
        detail(opening),
        {"opening_status": "filled", "hiring_manager": str(interviewer.pk), "headcount": 2},
        format="json",
    )
    assert response.status_code == 200
    opening.refresh_from_db()
    assert (opening.opening_status, opening.hiring_manager_id, opening.headcount) == (
        "filled",
        interviewer.pk,
        2,
    )
    cleared = owner_client.patch(detail(opening), {"hiring_manager": None}, format="json")
    assert cleared.status_code == 200
    assert cleared.json()["hiring_manager"] is None
    opening.refresh_from_db()
    assert opening.hiring_manager_id is None


@pytest.mark.parametrize("who", ["candidate", "outsider", "unknown"])
def test_a_hiring_manager_from_outside_the_team_is_422(owner_client, workspace, cast, who):
    opening = PositionFactory(workspace=workspace)
    user_id = "00000000-0000-4000-8000-000000000000" if who == "unknown" else str(cast[who].pk)
    response = owner_client.patch(detail(opening), {"hiring_manager": user_id}, format="json")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert set(error["field_errors"]) == {"hiring_manager"}
    opening.refresh_from_db()
    assert opening.hiring_manager_id is None


def test_a_member_of_another_of_my_workspaces_is_not_this_teams_manager(
    owner, owner_client, workspace, outsider, other_workspace
):
    # The owner is in both workspaces, so the outsider's id resolves; the team rule refuses it.
    MembershipFactory(user=owner, workspace=other_workspace, role="recruiter")
    response = owner_client.post(
        URL,
        {"title": "SRE", "company_name": "Acme", "hiring_manager": str(outsider.pk)},
        format="json",
    )
    assert response.status_code == 422
    assert response.json()["error"]["field_errors"] == {
        "hiring_manager": "Choose a member of this workspace's team."
    }
    assert not Position.objects.filter(title="SRE").exists()


@pytest.mark.parametrize(("field", "value"), [("headcount", 0), ("opening_status", "paused")])
def test_invalid_opening_values_are_422(owner_client, workspace, field, value):
    opening = PositionFactory(workspace=workspace)
    response = owner_client.patch(detail(opening), {field: value}, format="json")
    assert response.status_code == 422
    assert set(response.json()["error"]["field_errors"]) == {field}


def test_filter_by_opening_status_both_ways(owner_client, workspace):
    company = CompanyFactory(workspace=workspace)
    open_one = PositionFactory(workspace=workspace, company=company, opening_status="open")
    filled = PositionFactory(workspace=workspace, company=company, opening_status="filled")
    assert ids(owner_client.get(URL, {"opening_status": "open"})) == [str(open_one.pk)]
    assert ids(owner_client.get(URL, {"opening_status": "filled"})) == [str(filled.pk)]
    both = ids(owner_client.get(URL))
    assert sorted(both) == sorted([str(open_one.pk), str(filled.pk)])
    bad = owner_client.get(URL, {"opening_status": "paused"})
    assert bad.status_code == 422


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("owner", 200),
        ("recruiter", 200),
        ("interviewer", 403),
        ("candidate", 404),
        ("outsider", 404),
    ],
)
def test_only_managers_change_an_opening(cast, api_client_for, workspace, role, expected):
    opening = PositionFactory(workspace=workspace)
    response = api_client_for(cast[role]).patch(
        detail(opening), {"opening_status": "closed"}, format="json"
    )
    assert response.status_code == expected
    opening.refresh_from_db()
    assert opening.opening_status == ("closed" if expected == 200 else "open")
