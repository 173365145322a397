"""Fields a client must not set (another tenant's workspace, the author, derived counters,
lifecycle state, identity) are ignored or rejected, and never stored."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from candidates.models import Candidate
from interview_tracker.models import Membership, User
from interviews.models import Feedback, Interview, Message
from positions.models import Position
from questions.models import Question
from tests.factories import (
    CandidateFactory,
    InterviewFactory,
    InterviewQuestionFactory,
    ParticipantFactory,
    PositionFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db

LATER = (timezone.now() + dt.timedelta(days=3)).isoformat()


def assert_ignored_or_rejected(response, ok=(200, 201)) -> None:
    assert response.status_code in {*ok, 400, 403, 422}, response.content


def test_creating_an_interview_in_another_tenants_workspace_is_rejected(
    owner_client, other_workspace
):
    response = owner_client.post(
        "/api/v1/interviews/",
        {"workspace": str(other_workspace.id), "title": "Intrusion", "scheduled_at": LATER},
    )
    assert response.status_code == 422
    assert "workspace" in response.json()["error"]["field_errors"]
    assert not Interview.objects.filter(workspace=other_workspace).exists()


def test_an_interview_cannot_be_moved_to_another_tenants_workspace(
    owner_client, workspace, other_workspace
):
    interview = InterviewFactory(workspace=workspace)
    response = owner_client.patch(
        f"/api/v1/interviews/{interview.id}/", {"workspace": str(other_workspace.id)}
    )
    assert_ignored_or_rejected(response)
    interview.refresh_from_db()
    assert interview.workspace_id == workspace.id


def test_read_only_interview_fields_are_not_written(owner_client, owner, outsider, workspace):
    interview = InterviewFactory(workspace=workspace, created_by=owner)
    before = Interview.objects.values().get(pk=interview.pk)
    body = {
        "id": str(uuid.uuid4()),
        "status": "completed",
        "outcome": "passed",
        "sequence": 99,
        "created_by": str(outsider.id),
        "created_at": "2001-01-01T00:00:00Z",
        "scheduled_at": before["scheduled_at"].isoformat(),
    }
    for method in ("put", "patch"):
        response = getattr(owner_client, method)(f"/api/v1/interviews/{interview.id}/", body)
        assert_ignored_or_rejected(response)
    after = Interview.objects.values().get(pk=interview.pk)
    for field in ("id", "status", "outcome", "sequence", "created_by_id", "created_at"):
        assert after[field] == before[field], field


def test_a_message_is_always_written_by_the_requester(owner_client, owner, outsider, workspace):
    interview = InterviewFactory(workspace=workspace)
    response = owner_client.post(
        f"/api/v1/interviews/{interview.id}/messages/",
        {"body": "Hello", "author": str(outsider.id), "interview": str(uuid.uuid4())},
    )
    assert response.status_code == 201
    message = Message.objects.get()
    assert (message.author_id, message.interview_id) == (owner.id, interview.id)


def test_a_scorecard_is_always_written_by_the_requester(
    interviewer_client, interviewer, owner, workspace
):
    interview = InterviewFactory(workspace=workspace)
    ParticipantFactory(interview=interview, user=interviewer)
    response = interviewer_client.post(
        f"/api/v1/interviews/{interview.id}/feedback/",
        {"rating": 4, "recommendation": "yes", "author": str(owner.id)},
    )
    assert response.status_code == 201
    assert Feedback.objects.get().author_id == interviewer.id


def test_question_counters_are_derived_never_written(owner_client, workspace, other_workspace):
    response = owner_client.post(
        "/api/v1/questions/",
        {
            "text": "Explain consistent hashing.",
            "category": "technical",
            "difficulty": "medium",
            "times_asked": 99,
            "times_practiced": 42,
            "average_rating": 10,
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["times_asked"], body["times_practiced"], body["average_rating"]) == (0, 0, None)
    question = QuestionFactory(workspace=workspace)
    InterviewQuestionFactory(workspace=workspace, question=question)
    response = owner_client.patch(
        f"/api/v1/questions/{question.id}/",
        {"times_asked": 50, "workspace": str(other_workspace.id)},
    )
    assert_ignored_or_rejected(response)
    question.refresh_from_db()
    assert question.workspace_id == workspace.id
    assert owner_client.get(f"/api/v1/questions/{question.id}/").json()["times_asked"] == 1


def test_creating_a_question_in_another_tenants_workspace_is_rejected(
    owner_client, other_workspace
):
    response = owner_client.post(
        "/api/v1/questions/",
        {"text": "Planted?", "category": "technical", "workspace": str(other_workspace.id)},
    )
    assert response.status_code == 422
    assert not Question.objects.filter(workspace=other_workspace).exists()


def test_the_default_workspace_cannot_point_at_another_tenant(owner_client, owner, other_workspace):
    response = owner_client.patch("/api/v1/auth/me", {"default_workspace": str(other_workspace.id)})
    assert response.status_code == 422
    assert "default_workspace" in response.json()["error"]["field_errors"]
    owner.refresh_from_db()
    assert owner.default_workspace_id != other_workspace.id


def test_identity_and_privilege_fields_of_the_user_are_not_written(owner_client, owner):
    response = owner_client.patch(
        "/api/v1/auth/me",
        {
            "email": "someone.else@example.com",
            "is_staff": True,
            "is_superuser": True,
            "id": str(uuid.uuid4()),
            "date_joined": "2001-01-01T00:00:00Z",
            "workspaces": [{"id": str(uuid.uuid4()), "name": "x", "role": "owner"}],
        },
    )
    assert_ignored_or_rejected(response)
    user = User.objects.get(pk=owner.pk)
    assert (user.email, user.is_staff, user.is_superuser) == (owner.email, False, False)
    assert user.date_joined == owner.date_joined
    assert Membership.objects.filter(user=owner).count() == 1


def test_registering_cannot_grant_staff_or_join_a_workspace(anon_client, other_workspace):
    response = anon_client.post(
        "/api/v1/auth/register",
        {
            "email": "mallory@example.com",
            "password": "a-long-passphrase",
            "is_staff": True,
            "is_superuser": True,
            "default_workspace": str(other_workspace.id),
        },
    )
    assert response.status_code == 201
    user = User.objects.get(email="mallory@example.com")
    assert (user.is_staff, user.is_superuser) == (False, False)
    assert user.default_workspace_id != other_workspace.id
    assert not Membership.objects.filter(user=user, workspace=other_workspace).exists()


def test_a_recruiter_cannot_promote_themselves(recruiter_client, recruiter, workspace):
    membership = Membership.objects.get(user=recruiter, workspace=workspace)
    response = recruiter_client.patch(
        f"/api/v1/workspaces/{workspace.id}/members/{membership.id}/", {"role": "owner"}
    )
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.role == "recruiter"


def test_a_workspace_cannot_be_turned_personal_or_renamed_by_a_recruiter(
    recruiter_client, workspace
):
    response = recruiter_client.patch(
        f"/api/v1/workspaces/{workspace.id}/", {"name": "Mine now", "is_personal": True}
    )
    assert response.status_code == 403
    workspace.refresh_from_db()
    assert (workspace.name, workspace.is_personal) == ("Acme Recruiting", False)


def test_position_counters_and_workspace_are_not_written(owner_client, workspace, other_workspace):
    position = PositionFactory(workspace=workspace)
    InterviewFactory(workspace=workspace, position=position, candidate=None)
    for method in ("put", "patch"):
        response = getattr(owner_client, method)(
            f"/api/v1/positions/{position.id}/",
            {
                "title": position.title,
                "company": str(position.company_id),
                "interview_count": 99,
                "last_activity_at": "2001-01-01T00:00:00Z",
                "workspace": str(other_workspace.id),
                "id": str(uuid.uuid4()),
            },
        )
        assert_ignored_or_rejected(response)
    position.refresh_from_db()
    assert position.workspace_id == workspace.id
    body = owner_client.get(f"/api/v1/positions/{position.id}/").json()
    assert body["interview_count"] == 1
    assert body["last_activity_at"] != "2001-01-01T00:00:00Z"


def test_creating_a_position_or_candidate_in_another_tenants_workspace_is_rejected(
    owner_client, other_workspace
):
    position = owner_client.post(
        "/api/v1/positions/",
        {"title": "Planted", "company_name": "Acme", "workspace": str(other_workspace.id)},
    )
    candidate = owner_client.post(
        "/api/v1/candidates/",
        {"name": "Planted", "email": "planted@example.com", "workspace": str(other_workspace.id)},
    )
    assert (position.status_code, candidate.status_code) == (422, 422)
    assert not Position.objects.filter(workspace=other_workspace).exists()
    assert not Candidate.objects.filter(workspace=other_workspace).exists()


def test_a_candidate_cannot_be_moved_to_another_tenant_or_linked_to_its_rows(
    owner_client, workspace, other_workspace, outsider
):
    candidate = CandidateFactory(workspace=workspace)
    foreign_position = PositionFactory(workspace=other_workspace)
    for body in (
        {"workspace": str(other_workspace.id)},
        {"position": str(foreign_position.id)},
        {"user": str(outsider.id)},
    ):
        response = owner_client.patch(f"/api/v1/candidates/{candidate.id}/", body)
        assert response.status_code == 422, body
    stored = Candidate.objects.values("workspace_id", "position_id", "user_id").get(pk=candidate.pk)
    assert stored == {"workspace_id": workspace.id, "position_id": None, "user_id": None}
