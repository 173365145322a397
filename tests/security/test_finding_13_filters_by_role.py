"""Finding 13: a candidate member probed internal fields of their own record with list filters
(``?tags=weak-hire`` answered 1, ``?tags=strong`` 0). A filter over a field the candidate view
hides is now ignored for the rows of the workspaces where the requester is a candidate member;
filters over fields they read (status) still work, and staff rows are filtered as before."""

import datetime as dt

import pytest
from django.utils import timezone

from interview_tracker.models import Role
from interviews.models import Interview, Participant
from tests.factories import (
    CandidateFactory,
    InterviewFactory,
    MembershipFactory,
    ParticipantFactory,
    PositionFactory,
    WorkspaceFactory,
)


@pytest.fixture
def own_record(workspace, candidate_user):
    record = CandidateFactory(
        workspace=workspace,
        user=candidate_user,
        tags=["weak-hire"],
        source="referral",
        position=PositionFactory(workspace=workspace),
    )
    interview = InterviewFactory(
        workspace=workspace,
        candidate=record,
        scheduled_at=timezone.now() - dt.timedelta(days=1),
        status=Interview.Status.COMPLETED,
        outcome=Interview.Outcome.FAILED,
    )
    ParticipantFactory(interview=interview, user=candidate_user, role=Participant.Role.CANDIDATE)
    return record


def _count(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()["count"]


@pytest.mark.parametrize(
    ("path", "hit", "miss"),
    [
        ("candidates", "tags=weak-hire", "tags=strong-hire"),
        ("candidates", "source=referral", "source=linkedin"),
        ("interviews", "outcome=failed", "outcome=passed"),
    ],
)
def test_finding_13_a_candidate_member_cannot_probe_hidden_fields(
    candidate_client, own_record, path, hit, miss
):
    # Before: 1 and 0, an answer about a field the candidate view hides.
    assert _count(candidate_client, f"/api/v1/{path}/?{hit}") == 1
    assert _count(candidate_client, f"/api/v1/{path}/?{miss}") == 1


def test_finding_13_filters_over_what_a_candidate_reads_still_work(candidate_client, own_record):
    assert _count(candidate_client, "/api/v1/candidates/?status=applied") == 1
    assert _count(candidate_client, "/api/v1/candidates/?status=hired") == 0
    assert _count(candidate_client, "/api/v1/interviews/?status=completed") == 1
    assert _count(candidate_client, "/api/v1/interviews/?status=scheduled") == 0


def test_finding_13_staff_filters_are_unchanged(owner_client, own_record):
    assert _count(owner_client, "/api/v1/candidates/?tags=weak-hire") == 1
    assert _count(owner_client, "/api/v1/candidates/?tags=strong-hire") == 0
    assert _count(owner_client, "/api/v1/interviews/?outcome=failed") == 1
    assert _count(owner_client, "/api/v1/interviews/?outcome=passed") == 0


def test_finding_13_a_member_of_both_kinds_filters_only_their_staff_rows(
    candidate_client, candidate_user, own_record
):
    team = WorkspaceFactory(name="Their own team")
    MembershipFactory(user=candidate_user, workspace=team, role=Role.OWNER)
    tagged = CandidateFactory(workspace=team, tags=["weak-hire"], source="referral")
    CandidateFactory(workspace=team, tags=["strong-hire"], source="linkedin")
    position = PositionFactory(workspace=team, tags=["remote"])
    PositionFactory(workspace=team)

    listed = candidate_client.get("/api/v1/candidates/?tags=weak-hire").json()["results"]
    assert sorted(row["id"] for row in listed) == sorted([str(own_record.pk), str(tagged.pk)])
    listed = candidate_client.get("/api/v1/candidates/?source=linkedin").json()["results"]
    assert str(tagged.pk) not in [row["id"] for row in listed]
    assert str(own_record.pk) in [row["id"] for row in listed]
    listed = candidate_client.get("/api/v1/positions/?tags=remote").json()["results"]
    assert [row["id"] for row in listed] == [str(position.pk)]
