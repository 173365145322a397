"""Finding 5: ``statistics/interviewers`` gave an interviewer who had not submitted their
scorecard a colleague's exact rating on a blind interview (``average_rating_given``, narrowed
to the interview's day). The statistics now read scorecards through the scorecards' own
visibility rule, which also honours the workspace's ``blind_feedback``."""

import datetime as dt

import pytest

from interview_tracker.models import Role
from interviews.models import Interview, Participant
from tests.factories import (
    FeedbackFactory,
    InterviewFactory,
    MembershipFactory,
    ParticipantFactory,
    UserFactory,
)

DAY = dt.date(2031, 5, 6)


@pytest.fixture
def colleague(workspace):
    user = UserFactory(email="colleague@example.com")
    MembershipFactory(user=user, workspace=workspace, role=Role.INTERVIEWER)
    return user


@pytest.fixture
def panel_round(workspace, interviewer, colleague):
    """A completed round on DAY: the colleague scored it 2, the interviewer has not yet."""
    interview = InterviewFactory(
        workspace=workspace,
        scheduled_at=dt.datetime(2031, 5, 6, 10, tzinfo=dt.UTC),
        status=Interview.Status.COMPLETED,
    )
    for user in (interviewer, colleague):
        ParticipantFactory(interview=interview, user=user, role=Participant.Role.INTERVIEWER)
    FeedbackFactory(interview=interview, author=colleague, rating=2)
    return interview


def _ratings(client) -> dict[str, float | None]:
    day = DAY.isoformat()
    response = client.get(f"/api/v1/statistics/interviewers?start_date={day}&end_date={day}")
    assert response.status_code == 200, response.content
    return {row["email"]: row["average_rating_given"] for row in response.json()["interviewers"]}


def test_finding_05_an_interviewer_who_has_not_submitted_reads_no_colleague_rating(
    interviewer_client, owner_client, panel_round
):
    # Before: {"colleague@example.com": 2.0, ...}, the colleague's blind scorecard.
    assert _ratings(interviewer_client) == {
        "colleague@example.com": None,
        "interviewer@example.com": None,
    }
    assert (
        interviewer_client.get(f"/api/v1/interviews/{panel_round.pk}/feedback/").json()["count"]
        == 0
    )
    # Managers read every scorecard, and so every average.
    assert _ratings(owner_client)["colleague@example.com"] == 2.0


def test_finding_05_once_submitted_the_interviewer_reads_the_average(
    interviewer_client, panel_round
):
    response = interviewer_client.post(
        f"/api/v1/interviews/{panel_round.pk}/feedback/", {"rating": 5}, format="json"
    )
    assert response.status_code == 201
    assert _ratings(interviewer_client) == {
        "colleague@example.com": 2.0,
        "interviewer@example.com": 5.0,
    }


def test_finding_05_without_blind_feedback_scorecards_and_averages_are_open_to_interviewers(
    interviewer_client, workspace, panel_round
):
    workspace.blind_feedback = False
    workspace.save(update_fields=["blind_feedback"])
    assert (
        interviewer_client.get(f"/api/v1/interviews/{panel_round.pk}/feedback/").json()["count"]
        == 1
    )
    assert _ratings(interviewer_client)["colleague@example.com"] == 2.0


def test_finding_05_the_statistics_still_count_every_submitted_scorecard(
    interviewer_client, panel_round
):
    response = interviewer_client.get("/api/v1/statistics/interviewers")
    rows = {row["email"]: row for row in response.json()["interviewers"]}
    assert rows["colleague@example.com"]["feedback_submitted"] == 1
    assert rows["interviewer@example.com"]["feedback_overdue"] == 1
