"""Finding 6: a candidate member read a round's outcome (``failed``) through the API and the
htmx panel although the portal hid it. One candidate view now serves every path."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from interviews.models import Interview, Participant
from tests.factories import CandidateFactory, InterviewFactory, ParticipantFactory


@pytest.fixture
def candidate(workspace, candidate_user):
    return CandidateFactory(workspace=workspace, name="Grace Hopper", user=candidate_user)


@pytest.fixture
def failed_round(workspace, candidate, owner, candidate_user):
    interview = InterviewFactory(
        workspace=workspace,
        candidate=candidate,
        title="System design",
        scheduled_at=timezone.now() - dt.timedelta(days=1),
        status=Interview.Status.COMPLETED,
        outcome=Interview.Outcome.FAILED,
        created_by=owner,
    )
    ParticipantFactory(interview=interview, user=candidate_user, role=Participant.Role.CANDIDATE)
    return interview


# Time, place, format and status; no notes, evaluations, scorecards or outcome.
CANDIDATE_VIEW = [
    "id",
    "workspace",
    "position",
    "candidate",
    "title",
    "round_number",
    "kind",
    "mode",
    "format",
    "scheduled_at",
    "duration_minutes",
    "location",
    "meeting_url",
    "interviewer_name",
    "status",
    "sequence",
    "created_by",
    "created_at",
    "updated_at",
]


def _web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_finding_06_the_api_gives_candidates_no_outcome(
    candidate_client, owner_client, candidate, failed_round
):
    candidate_view = sorted(CANDIDATE_VIEW)
    listed = candidate_client.get("/api/v1/interviews/").json()["results"]
    assert [sorted(row) for row in listed] == [candidate_view]
    detail = candidate_client.get(f"/api/v1/interviews/{failed_round.pk}/").json()
    assert "outcome" not in detail
    assert sorted(detail) == sorted([*candidate_view, "participants"])
    nested = candidate_client.get(f"/api/v1/candidates/{candidate.pk}/interviews/").json()
    assert [sorted(row) for row in nested["results"]] == [candidate_view]
    # Staff still read it.
    assert owner_client.get(f"/api/v1/interviews/{failed_round.pk}/").json()["outcome"] == "failed"


def test_finding_06_the_pages_give_candidates_no_outcome(
    candidate_user, owner, candidate, failed_round
):
    panel = _web(candidate_user).get(f"/interviews/for-candidate/{candidate.pk}/")
    assert panel.status_code == 200
    body = panel.content.decode()
    assert "System design" in body
    assert "Failed" not in body
    assert "Schedule an interview" not in body
    for page in ("/interviews/portal/", f"/interviews/{failed_round.pk}/"):
        body = _web(candidate_user).get(page).content.decode()
        assert "System design" in body
        assert "Outcome" not in body
        assert "Failed" not in body

    staff_panel = _web(owner).get(f"/interviews/for-candidate/{candidate.pk}/").content.decode()
    assert "Outcome: Failed" in staff_panel
    assert "Schedule an interview" in staff_panel
    staff_detail = _web(owner).get(f"/interviews/{failed_round.pk}/").content.decode()
    assert "Outcome: Failed" in staff_detail
