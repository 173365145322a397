"""Finding 3: a removed member kept access through their Candidate record and their Participant
seats. Access now needs a current membership, and removal ends it at once."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from interview_tracker.models import Membership
from interviews.models import Participant
from tests.factories import CandidateFactory, InterviewFactory, ParticipantFactory


@pytest.fixture
def candidate(workspace, candidate_user):
    return CandidateFactory(
        workspace=workspace,
        name="Grace Hopper",
        user=candidate_user,
        notes="Internal: weak on concurrency",
        tags=["weak-hire"],
        source="referral",
    )


@pytest.fixture
def interview(workspace, candidate, owner, interviewer, candidate_user):
    interview = InterviewFactory(
        workspace=workspace,
        candidate=candidate,
        title="Technical round",
        scheduled_at=timezone.now() + dt.timedelta(hours=3),
        created_by=owner,
    )
    ParticipantFactory(interview=interview, user=interviewer, role=Participant.Role.INTERVIEWER)
    ParticipantFactory(interview=interview, user=candidate_user, role=Participant.Role.CANDIDATE)
    return interview


def _remove(owner_client, workspace, user) -> None:
    membership = Membership.objects.get(workspace=workspace, user=user)
    response = owner_client.delete(f"/api/v1/workspaces/{workspace.pk}/members/{membership.pk}/")
    assert response.status_code == 204


def _web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_finding_03_removed_candidate_member_loses_their_record_and_interviews(
    owner_client, candidate_client, workspace, candidate, interview, candidate_user
):
    record = f"/api/v1/candidates/{candidate.pk}/"
    assert candidate_client.get(record).json() == {
        "id": str(candidate.pk),
        "name": "Grace Hopper",
        "status": "applied",
        "updated_at": candidate_client.get(record).json()["updated_at"],
    }
    assert candidate_client.get(f"/api/v1/interviews/{interview.pk}/").status_code == 200

    _remove(owner_client, workspace, candidate_user)

    # Before: the record answered 200 with the staff view (notes, tags, source).
    assert candidate_client.get(record).status_code == 404
    assert candidate_client.get(f"{record}activity/").status_code == 404
    assert candidate_client.get(f"{record}interviews/").status_code == 404
    assert candidate_client.get("/api/v1/candidates/?tags=weak-hire").json()["count"] == 0
    assert candidate_client.get("/api/v1/interviews/").json()["count"] == 0
    for suffix in ("", "messages/", "ics/"):
        assert (
            candidate_client.get(f"/api/v1/interviews/{interview.pk}/{suffix}").status_code == 404
        )
    posted = candidate_client.post(
        f"/api/v1/interviews/{interview.pk}/messages/", {"body": "Still here?"}, format="json"
    )
    assert posted.status_code == 404
    assert interview.messages.count() == 0


def test_finding_03_removed_candidate_member_sees_nothing_in_the_pages_and_feed(
    owner_client, workspace, candidate, interview, candidate_user
):
    web = _web(candidate_user)
    portal = web.get("/interviews/portal/")
    assert "Technical round" in portal.content.decode()

    _remove(owner_client, workspace, candidate_user)

    portal = web.get("/interviews/portal/")
    assert portal.status_code == 200
    assert "Technical round" not in portal.content.decode()
    assert "Your application" not in portal.content.decode()
    assert web.get(f"/interviews/for-candidate/{candidate.pk}/").status_code == 404
    assert web.get(f"/interviews/{interview.pk}/").status_code == 404
    assert web.get(f"/interviews/{interview.pk}/messages/").status_code == 404
    feed = Client().get(f"/interviews/calendar/{candidate_user.calendar_token}.ics")
    assert feed.status_code == 200
    assert str(interview.pk) not in feed.content.decode()


def test_finding_03_removed_interviewer_can_neither_read_nor_post_in_the_thread(
    owner_client, interviewer_client, workspace, interview, interviewer
):
    thread = f"/api/v1/interviews/{interview.pk}/messages/"
    assert interviewer_client.get(thread).status_code == 200

    _remove(owner_client, workspace, interviewer)

    assert interviewer_client.get(thread).status_code == 404
    assert interviewer_client.post(thread, {"body": "Hi"}, format="json").status_code == 404
    assert interviewer_client.get(f"/api/v1/interviews/{interview.pk}/feedback/").status_code == 404
    web = _web(interviewer)
    assert web.post(f"/interviews/{interview.pk}/messages/", {"body": "Hi"}).status_code == 404
    assert interview.messages.count() == 0
    feed = Client().get(f"/interviews/calendar/{interviewer.calendar_token}.ics")
    assert str(interview.pk) not in feed.content.decode()


def test_finding_03_removed_members_get_no_reminders_nor_calendar_mail(
    owner_client,
    workspace,
    interview,
    interviewer,
    candidate_user,
    django_capture_on_commit_callbacks,
):
    _remove(owner_client, workspace, interviewer)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", verbosity=0)
    assert [m.to for m in mail.outbox] == [[candidate_user.email]]

    mail.outbox.clear()
    moved = (timezone.now() + dt.timedelta(days=2)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.put(
            f"/api/v1/interviews/{interview.pk}/schedule/", {"scheduled_at": moved}, format="json"
        )
    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [[candidate_user.email]]


def test_finding_03_a_member_again_reads_again(
    owner_client, candidate_client, workspace, candidate, candidate_user
):
    _remove(owner_client, workspace, candidate_user)
    assert candidate_client.get(f"/api/v1/candidates/{candidate.pk}/").status_code == 404
    response = owner_client.post(
        f"/api/v1/workspaces/{workspace.pk}/members/",
        {"email": candidate_user.email, "role": "candidate"},
        format="json",
    )
    assert response.status_code == 201
    assert candidate_client.get(f"/api/v1/candidates/{candidate.pk}/").status_code == 200
