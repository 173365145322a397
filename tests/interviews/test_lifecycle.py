import threading

import pytest
from django.db import connection, connections

from interview_tracker.models import PipelineStatus
from interviews import services
from interviews.models import Interview
from tests.factories import InterviewFactory, PositionFactory

from .conftest import url

pytestmark = pytest.mark.django_db


def test_scheduled_ongoing_completed(owner_client, interview):
    assert owner_client.post(url(interview, "start/")).json()["status"] == "ongoing"
    assert owner_client.post(url(interview, "complete/")).json()["status"] == "completed"


@pytest.mark.parametrize(
    ("setup", "move", "message"),
    [
        ([], "complete", "from scheduled to completed"),
        (["start"], "cancel", "from ongoing to cancelled"),
        (["cancel"], "start", "from cancelled to ongoing"),
        (["start", "complete"], "start", "from completed to ongoing"),
    ],
)
def test_an_illegal_transition_answers_400_naming_both_states(
    owner_client, interview, setup, move, message
):
    for step in setup:
        owner_client.post(url(interview, f"{step}/"))
    response = owner_client.post(url(interview, f"{move}/"))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "BUSINESS_LOGIC_ERROR"
    assert message in error["message"]


def test_cancel_sets_the_outcome_and_raises_the_sequence(owner_client, interview):
    body = owner_client.post(url(interview, "cancel/")).json()
    assert (body["status"], body["outcome"], body["sequence"]) == ("cancelled", "cancelled", 1)


@pytest.mark.parametrize(
    ("role", "participant", "expected"),
    [
        ("owner", False, 200),
        ("recruiter", False, 200),
        ("interviewer", True, 200),
        ("interviewer", False, 403),
        ("candidate", True, 403),
        ("outsider", False, 404),
    ],
)
def test_role_matrix_for_transitions(client_for, workspace, cast, role, participant, expected):
    interview = InterviewFactory(workspace=workspace)
    if participant:
        interview.participants.create(user=cast[role], role=role if role != "owner" else "observer")
    client = client_for(role)
    for move in ("start", "complete"):
        assert client.post(url(interview, f"{move}/")).status_code == expected
    response = client.put(url(interview, "outcome/"), {"outcome": "passed"}, format="json")
    assert response.status_code == expected
    interview.refresh_from_db()
    assert (interview.status == "completed") is (expected == 200)


def test_passed_on_a_scheduled_interview_completes_it(owner_client, interview):
    body = owner_client.put(url(interview, "outcome/"), {"outcome": "passed"}, format="json").json()
    assert (body["status"], body["outcome"]) == ("completed", "passed")


def test_failed_rejects_the_candidate_in_the_same_transaction(owner_client, interview):
    body = owner_client.put(url(interview, "outcome/"), {"outcome": "failed"}, format="json").json()
    assert (body["status"], body["outcome"]) == ("completed", "failed")
    interview.candidate.refresh_from_db()
    assert interview.candidate.status == PipelineStatus.REJECTED


def test_failed_rejects_a_job_seekers_position(owner_client, workspace):
    # Reference 001: an interview for a position (no candidate) that fails rejects it.
    position = PositionFactory(workspace=workspace, status=PipelineStatus.INTERVIEWING)
    interview = InterviewFactory(workspace=workspace, candidate=None, position=position)
    owner_client.put(url(interview, "outcome/"), {"outcome": "failed"}, format="json")
    position.refresh_from_db()
    assert position.status == PipelineStatus.REJECTED


@pytest.mark.parametrize("status", [PipelineStatus.HIRED, PipelineStatus.WITHDRAWN])
def test_failed_leaves_hired_and_withdrawn_alone(owner_client, interview, status):
    interview.candidate.status = status
    interview.candidate.save(update_fields=["status"])
    owner_client.put(url(interview, "outcome/"), {"outcome": "failed"}, format="json")
    interview.candidate.refresh_from_db()
    assert interview.candidate.status == status


def test_outcome_cancelled_cancels_and_nothing_is_recorded_on_a_cancelled_interview(
    owner_client, interview
):
    body = owner_client.put(
        url(interview, "outcome/"), {"outcome": "cancelled"}, format="json"
    ).json()
    assert body["status"] == "cancelled"
    for outcome in ("passed", "failed"):
        response = owner_client.put(url(interview, "outcome/"), {"outcome": outcome}, format="json")
        assert response.status_code == 400
        assert "cancelled" in response.json()["error"]["message"]


def test_an_unknown_outcome_answers_422(owner_client, interview):
    response = owner_client.put(url(interview, "outcome/"), {"outcome": "great"}, format="json")
    assert response.status_code == 422
    assert "outcome" in response.json()["error"]["field_errors"]


def test_scheduling_moves_an_early_candidate_and_position_to_interviewing(
    owner, workspace, candidate, position
):
    services.interview_create(
        actor=owner,
        workspace=workspace,
        candidate=candidate,
        scheduled_at=Interview._meta.get_field("scheduled_at").to_python("2031-01-01T10:00:00Z"),
    )
    candidate.refresh_from_db()
    position.refresh_from_db()
    assert candidate.status == position.status == PipelineStatus.INTERVIEWING


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_transitions_exactly_one_wins(workspace, owner):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    interview = InterviewFactory(workspace=workspace)
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def run(name, service):
        try:
            barrier.wait()
            service(actor=owner, interview=Interview.objects.get(pk=interview.pk))
            results[name] = "ok"
        except services.BusinessRuleError as exc:
            results[name] = exc.message
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=("start", services.interview_start)),
        threading.Thread(target=run, args=("cancel", services.interview_cancel)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()).count("ok") == 1
    loser = next(message for message in results.values() if message != "ok")
    interview.refresh_from_db()
    assert f"from {interview.status} to" in loser
    assert interview.status in {"ongoing", "cancelled"}
