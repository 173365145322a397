"""A candidate's data rights: export of everything held, anonymisation that keeps history and
statistics, consent, and the retention period applied by the schedule."""

import datetime as dt

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from candidates.models import Candidate
from candidates.services import candidates_apply_retention
from interview_tracker.models import ActivityEvent, StatusChange
from interviews.models import Message
from tests.factories import (
    CandidateFactory,
    FeedbackFactory,
    InterviewFactory,
    MessageFactory,
    PositionFactory,
)
from tests.positions.helpers import assert_envelope

pytestmark = pytest.mark.django_db

URL = "/api/v1/candidates/"
ROLES = ["owner", "recruiter", "interviewer", "candidate", "outsider"]
MANAGERS_ONLY = {"owner": 200, "recruiter": 200, "interviewer": 403, "candidate": 404}


@pytest.fixture
def person(workspace, owner, candidate_user):
    position = PositionFactory(workspace=workspace, title="Platform engineer")
    candidate = CandidateFactory(
        workspace=workspace,
        name="Jane Doe",
        email="jane@example.com",
        phone="+44 20 7946 0000",
        links=["https://jane.example.com"],
        notes="Met at a conference",
        position=position,
        user=candidate_user,
        status="rejected",
    )
    candidate.resume.save("jane.pdf", ContentFile(b"%PDF-1.4 resume"), save=True)
    interview = InterviewFactory(workspace=workspace, candidate=candidate, title="System design")
    MessageFactory(interview=interview, author=candidate_user, body="I can do Tuesday.")
    MessageFactory(interview=interview, author=owner, body="Tuesday it is.")
    FeedbackFactory(interview=interview, author=owner, rating=3, comment="Solid basics")
    ActivityEvent.objects.create(
        workspace=workspace,
        verb="created",
        content_type_id=_candidate_type(),
        object_id=candidate.pk,
        summary="Candidate Jane Doe added",
    )
    return candidate


def _candidate_type() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Candidate).pk


def test_export_holds_the_record_interviews_messages_scorecards_and_nothing_of_others(
    owner_client, person, workspace
):
    other = CandidateFactory(workspace=workspace, name="Someone Else", email="else@example.com")
    other_interview = InterviewFactory(workspace=workspace, candidate=other, title="Other round")
    MessageFactory(interview=other_interview, body="Not Jane's message")
    FeedbackFactory(interview=other_interview, comment="Not Jane's scorecard")

    response = owner_client.get(f"{URL}{person.pk}/export/")

    assert response.status_code == 200
    body = response.json()
    assert body["candidate"]["name"] == "Jane Doe"
    assert body["candidate"]["email"] == "jane@example.com"
    assert body["candidate"]["position"]["title"] == "Platform engineer"
    assert [row["title"] for row in body["interviews"]] == ["System design"]
    assert sorted(row["body"] for row in body["messages"]) == [
        "I can do Tuesday.",
        "Tuesday it is.",
    ]
    assert [(row["rating"], row["comment"]) for row in body["scorecards"]] == [(3, "Solid basics")]
    assert body["files"] == [
        {"field": "resume", "name": person.resume.name, "size": len(b"%PDF-1.4 resume")}
    ]
    assert [row["summary"] for row in body["activity"]] == ["Candidate Jane Doe added"]
    text = response.content.decode()
    for foreign in ("Someone Else", "else@example.com", "Other round", "Not Jane's"):
        assert foreign not in text


def _statistics(client) -> dict:
    overview = client.get("/api/v1/statistics/overview")
    funnel = client.get("/api/v1/statistics/funnel")
    sources = client.get("/api/v1/statistics/sources")
    assert overview.status_code == funnel.status_code == sources.status_code == 200
    return {"overview": overview.json(), "funnel": funnel.json(), "sources": sources.json()}


def test_anonymise_erases_personal_fields_and_files_and_keeps_history_and_statistics(
    owner_client, person, candidate_user, django_capture_on_commit_callbacks
):
    resume_name = person.resume.name
    assert default_storage.exists(resume_name)
    before = _statistics(owner_client)
    changes_before = StatusChange.objects.count()
    events_before = ActivityEvent.objects.filter(object_id=person.pk).count()

    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(f"{URL}{person.pk}/anonymise/")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["name"] == "Anonymised candidate"
    assert (body["email"], body["phone"], body["links"], body["notes"]) == ("", "", [], "")
    assert body["resume"] is None
    assert body["user"] is None
    assert body["status"] == "rejected"
    assert body["anonymised_at"] is not None
    assert not default_storage.exists(resume_name)
    bodies = dict(Message.objects.values_list("author_id", "body"))
    assert bodies[candidate_user.pk] != "I can do Tuesday."
    assert "Tuesday it is." in bodies.values()
    assert _statistics(owner_client) == before
    assert StatusChange.objects.count() == changes_before
    # Every earlier event stays, without the name; one more records the erasure.
    summaries = list(
        ActivityEvent.objects.filter(object_id=person.pk).values_list("summary", flat=True)
    )
    assert len(summaries) == events_before + 1
    assert not any("Jane" in summary for summary in summaries)
    exported = owner_client.get(f"{URL}{person.pk}/export/").content.decode()
    assert "Jane" not in exported
    assert "jane@example.com" not in exported


def test_two_anonymised_candidates_share_the_blank_email(owner_client, workspace):
    first = CandidateFactory(workspace=workspace)
    second = CandidateFactory(workspace=workspace)
    assert owner_client.post(f"{URL}{first.pk}/anonymise/").status_code == 200
    assert owner_client.post(f"{URL}{second.pk}/anonymise/").status_code == 200
    assert Candidate.objects.filter(email="").count() == 2


def test_consent_is_recorded_through_the_api(owner_client, workspace):
    candidate = CandidateFactory(workspace=workspace)
    response = owner_client.patch(
        f"{URL}{candidate.pk}/",
        {"consent_given_at": "2026-11-02T10:00:00Z", "consent_note": "Career fair form"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["consent_given_at"] == "2026-11-02T10:00:00Z"
    assert response.json()["consent_note"] == "Career fair form"


@pytest.mark.parametrize("role", ROLES)
def test_export_and_anonymise_permission_walk(role, cast, api_client_for, workspace):
    candidate = CandidateFactory(workspace=workspace, name="Kept Name")
    client = api_client_for(cast[role])
    export = client.get(f"{URL}{candidate.pk}/export/")
    anonymise = client.post(f"{URL}{candidate.pk}/anonymise/")
    expected = MANAGERS_ONLY.get(role, 404)
    assert export.status_code == expected
    assert anonymise.status_code == expected
    if expected == 404:
        assert_envelope(anonymise, 404, "RESOURCE_NOT_FOUND")
    if expected != 200:
        candidate.refresh_from_db()
        assert candidate.name == "Kept Name"


def test_retention_anonymises_closed_candidates_past_the_period_only(workspace, other_workspace):
    workspace.retention_days = 30
    workspace.save(update_fields=["retention_days"])
    with time_machine.travel(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), tick=False):
        old_rejected = CandidateFactory(workspace=workspace, status="rejected")
        old_withdrawn = CandidateFactory(workspace=workspace, status="withdrawn")
        old_active = CandidateFactory(workspace=workspace, status="interviewing")
        old_hired = CandidateFactory(workspace=workspace, status="hired")
        kept_forever = CandidateFactory(workspace=other_workspace, status="rejected")
    with time_machine.travel(dt.datetime(2026, 1, 25, tzinfo=dt.UTC), tick=False):
        recent = CandidateFactory(workspace=workspace, status="rejected")

    with time_machine.travel(dt.datetime(2026, 2, 5, tzinfo=dt.UTC), tick=False):
        assert candidates_apply_retention(now=dt.datetime(2026, 2, 5, tzinfo=dt.UTC)) == 2

    anonymised = set(
        Candidate.objects.filter(anonymised_at__isnull=False).values_list("pk", flat=True)
    )
    assert anonymised == {old_rejected.pk, old_withdrawn.pk}
    for untouched in (old_active, old_hired, kept_forever, recent):
        untouched.refresh_from_db()
        assert untouched.anonymised_at is None


def test_the_schedule_runs_the_retention_purge(workspace, settings):
    workspace.retention_days = 1
    workspace.save(update_fields=["retention_days"])
    with time_machine.travel(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), tick=False):
        candidate = CandidateFactory(workspace=workspace, status="withdrawn")
    with time_machine.travel(dt.datetime(2026, 1, 5, tzinfo=dt.UTC), tick=False):
        call_command("periodic_tasks", verbosity=0)
    candidate.refresh_from_db()
    assert candidate.anonymised_at is not None
    assert candidate.name == "Anonymised candidate"


@pytest.mark.parametrize("size", [2, 12])
def test_export_query_count_is_constant(size, owner_client, workspace, django_assert_num_queries):
    candidate = CandidateFactory(workspace=workspace)
    for _ in range(size):
        interview = InterviewFactory(workspace=workspace, candidate=candidate)
        MessageFactory(interview=interview)
        FeedbackFactory(interview=interview)
    # user + roles, the candidate (get_object), its re-read with position and company, the
    # content type is cached, activity with actors, status changes, interviews, messages with
    # authors, scorecards with authors.
    with django_assert_num_queries(9):
        assert owner_client.get(f"{URL}{candidate.pk}/export/").status_code == 200


def test_the_export_page_shows_each_section_to_managers_only(login, owner, interviewer, person):
    page = login(owner).get(f"/candidates/{person.pk}/export/")
    assert page.status_code == 200
    html = page.content.decode()
    for shown in ("jane@example.com", "System design", "I can do Tuesday.", "Solid basics"):
        assert shown in html
    assert f'href="/api/v1/candidates/{person.pk}/export"' in html
    assert login(interviewer).get(f"/candidates/{person.pk}/export/").status_code == 403


def test_the_form_records_consent_and_the_page_anonymises(login, owner, workspace):
    candidate = CandidateFactory(workspace=workspace, name="Form Person", email="f@example.com")
    client = login(owner)
    saved = client.post(
        f"/candidates/{candidate.pk}/edit/",
        {
            "name": "Form Person",
            "email": "f@example.com",
            "status": "applied",
            "consent_given_at": "2026-11-02T10:00",
            "consent_note": "Signed the form",
        },
    )
    assert saved.status_code == 302, saved.content
    candidate.refresh_from_db()
    assert candidate.consent_note == "Signed the form"
    assert candidate.consent_given_at is not None
    assert client.post(f"/candidates/{candidate.pk}/anonymise/").status_code == 302
    candidate.refresh_from_db()
    assert candidate.name == "Anonymised candidate"
    assert candidate.consent_note == ""
