"""The workspace scope of every read names the user's workspace ids as literals, so no tenant's
size changes another's query plan, and a user with no staff workspace still gets answers."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidates.models import Candidate
from candidates.selectors import possible_duplicates
from interviews.models import Interview
from positions.models import Position
from tests.factories import CandidateFactory, InterviewFactory, ParticipantFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Position, Candidate, Interview])
def test_the_scope_names_workspace_ids_not_a_membership_subquery(model, owner, workspace):
    owner.workspace_roles  # noqa: B018 - read once per request, before the list query
    with CaptureQueriesContext(connection) as ctx:
        list(model.objects.for_user(owner))
    [query] = ctx.captured_queries
    assert "membership" not in query["sql"].lower()
    assert workspace.pk.hex in query["sql"].replace("-", "")


def test_a_candidate_member_sees_their_interviews_and_own_record_only(
    candidate_user, workspace, owner
):
    mine = InterviewFactory(workspace=workspace)
    ParticipantFactory(interview=mine, user=candidate_user, role="candidate")
    InterviewFactory(workspace=workspace)
    record = CandidateFactory(workspace=workspace, user=candidate_user)
    CandidateFactory(workspace=workspace)
    PositionFactory(workspace=workspace)

    assert list(Interview.objects.for_user(candidate_user)) == [mine]
    assert list(Candidate.objects.for_user(candidate_user)) == [record]
    assert not Position.objects.for_user(candidate_user).exists()


def test_a_participant_sees_nothing_of_a_workspace_they_are_not_a_member_of(
    candidate_user, other_workspace
):
    elsewhere = InterviewFactory(workspace=other_workspace)
    ParticipantFactory(interview=elsewhere, user=candidate_user, role="candidate")
    assert not Interview.objects.for_user(candidate_user).exists()


@pytest.mark.parametrize(
    "endpoint",
    ["overview", "timeline", "companies", "funnel", "sources", "interviewers", "stale"],
)
def test_statistics_of_a_user_without_staff_workspace_are_empty(
    candidate_client, workspace, endpoint
):
    # The candidate member's scope is an empty IN (): the raw-SQL aggregates must answer, empty.
    PositionFactory(workspace=workspace)
    InterviewFactory(workspace=workspace)
    response = candidate_client.get(f"/api/v1/statistics/{endpoint}")
    assert response.status_code == 200
    if endpoint == "overview":
        assert response.json()["total_applications"] == response.json()["total_interviews"] == 0


def test_the_duplicate_rule_joins_only_the_workspaces_openings(owner, workspace):
    # Joined to every tenant's openings, PostgreSQL hashed them all for a page of 100: a small
    # workspace's candidate list took 1.35 times as long beside one 100 times larger
    # (bench tenancy). The join names the workspaces, so their openings' index serves it.
    opening = PositionFactory(workspace=workspace)
    candidate = CandidateFactory(workspace=workspace, position=opening)
    with CaptureQueriesContext(connection) as ctx:
        possible_duplicates([candidate])
    [query] = ctx.captured_queries
    sql = query["sql"].replace('"', "")
    # The join's condition: up to the next clause (PostgreSQL's form ends with ORDER BY).
    join = re.split(r"\b(?:WHERE|ORDER BY)\b", sql[sql.index("JOIN positions_position") :])[0]
    assert "workspace_id" in join
    assert workspace.pk.hex in join.replace("-", "")
