"""No interviewer in two scheduled or ongoing interviews at once, from every path."""

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction

from interview_tracker.errors import ConflictError
from interviews import services
from interviews.models import Interview, Participant
from tests.factories import InterviewFactory, ParticipantFactory

from .conftest import url

pytestmark = pytest.mark.django_db

NINE = dt.datetime(2030, 3, 4, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def booked(workspace, candidate, interviewer):
    """`interviewer` interviews 09:00-10:00 UTC on 4 March 2030."""
    other = InterviewFactory(
        workspace=workspace, candidate=candidate, scheduled_at=NINE, duration_minutes=60
    )
    ParticipantFactory(interview=other, user=interviewer, role=Participant.Role.INTERVIEWER)
    return other


def _without_timestamp(response):
    body = response.json()
    body["error"].pop("timestamp")
    return body


def _conflict_body(booked, interviewer):
    return {
        "error": {
            "code": "RESOURCE_CONFLICT",
            "message": (
                f"{interviewer.email} already has an interview from "
                "2030-03-04T09:00:00+00:00 to 2030-03-04T10:00:00+00:00."
            ),
            "details": {
                "resource_type": "Interview",
                "interviewer": str(interviewer.pk),
                "interview": str(booked.pk),
                "scheduled_at": "2030-03-04T09:00:00+00:00",
                "ends_at": "2030-03-04T10:00:00+00:00",
            },
        }
    }


def test_rescheduling_onto_the_interviewers_other_interview_answers_409(
    owner_client, interview, interviewer, booked
):
    response = owner_client.put(
        url(interview, "schedule/"), {"scheduled_at": "2030-03-04T10:30:00+01:00"}, format="json"
    )
    assert response.status_code == 409
    assert _without_timestamp(response) == _conflict_body(booked, interviewer)
    interview.refresh_from_db()
    assert interview.scheduled_at != NINE + dt.timedelta(minutes=30)


def test_back_to_back_interviews_do_not_overlap(owner_client, interview, booked):
    response = owner_client.put(
        url(interview, "schedule/"), {"scheduled_at": "2030-03-04T10:00:00Z"}, format="json"
    )
    assert response.status_code == 200
    seat = Participant.objects.get(interview=interview, role="interviewer")
    assert (seat.starts_at, seat.ends_at, seat.active) == (
        NINE + dt.timedelta(hours=1),
        NINE + dt.timedelta(hours=2),
        True,
    )


def test_lengthening_an_interview_into_another_answers_409(
    owner_client, interview, interviewer, booked
):
    owner_client.put(
        url(interview, "schedule/"), {"scheduled_at": "2030-03-04T08:00:00Z"}, format="json"
    )
    response = owner_client.patch(url(interview), {"duration_minutes": 90}, format="json")
    assert response.status_code == 409
    assert _without_timestamp(response) == _conflict_body(booked, interviewer)
    assert Interview.objects.get(pk=interview.pk).duration_minutes == 60


def test_adding_a_booked_interviewer_answers_409_and_an_observer_seat_is_free(
    owner_client, workspace, candidate, interviewer, booked
):
    clashing = InterviewFactory(
        workspace=workspace, candidate=candidate, scheduled_at=NINE + dt.timedelta(minutes=45)
    )
    response = owner_client.post(
        url(clashing, "participants/"),
        {"user": str(interviewer.pk), "role": "interviewer"},
        format="json",
    )
    assert response.status_code == 409
    assert _without_timestamp(response) == _conflict_body(booked, interviewer)
    observer = owner_client.post(
        url(clashing, "participants/"),
        {"user": str(interviewer.pk), "role": "observer"},
        format="json",
    )
    assert observer.status_code == 201


def test_a_cancelled_interview_frees_its_interviewers_time(
    owner_client, interview, interviewer, booked
):
    assert owner_client.post(url(booked, "cancel/")).status_code == 200
    assert Participant.objects.get(interview=booked).active is False
    response = owner_client.put(
        url(interview, "schedule/"), {"scheduled_at": "2030-03-04T09:00:00Z"}, format="json"
    )
    assert response.status_code == 200


def test_a_completed_interview_frees_its_time_and_an_ongoing_one_holds_it(owner, interview, booked):
    services.interview_start(actor=owner, interview=booked)
    with pytest.raises(ConflictError):
        services.interview_schedule(actor=owner, interview=interview, scheduled_at=NINE)
    services.interview_set_outcome(actor=owner, interview=booked, outcome="passed")
    services.interview_schedule(actor=owner, interview=interview, scheduled_at=NINE)
    assert Participant.objects.filter(interview=booked, active=True).count() == 0


def test_the_page_shows_the_conflict(client, owner, workspace, candidate, interviewer, booked):
    clashing = InterviewFactory(workspace=workspace, candidate=candidate, scheduled_at=NINE)
    client.force_login(owner)
    response = client.post(
        f"/interviews/{clashing.pk}/participants/",
        {"email": interviewer.email, "role": "interviewer"},
        follow=True,
    )
    assert response.status_code == 200
    assert f"{interviewer.email} already has an interview from 2030-03-04T09:00" in (
        response.content.decode()
    )
    assert not Participant.objects.filter(interview=clashing).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_bookings_of_one_interviewer_leave_one(
    workspace, candidate, owner, interviewer
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    rounds = [
        InterviewFactory(workspace=workspace, candidate=candidate, scheduled_at=NINE + offset)
        for offset in (dt.timedelta(0), dt.timedelta(minutes=30))
    ]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def book(interview: Interview) -> None:
        try:
            barrier.wait(timeout=10)
            services.participant_add(
                actor=owner, interview=interview, role="interviewer", user=interviewer
            )
            outcomes.append("booked")
        except ConflictError as exc:
            outcomes.append(exc.details["interviewer"])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(interview,)) for interview in rounds]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == sorted(["booked", str(interviewer.pk)])
    assert Participant.objects.filter(user=interviewer, active=True).count() == 1


@pytest.mark.postgres
def test_the_database_refuses_an_overlap_the_services_did_not_check(
    workspace, candidate, interviewer, booked
):
    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint exists on PostgreSQL only")
    clashing = InterviewFactory(workspace=workspace, candidate=candidate, scheduled_at=NINE)
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantFactory(interview=clashing, user=interviewer, role="interviewer")


def test_a_plan_stage_seats_its_interviewers_only_when_they_are_free(
    owner, workspace, candidate, position, interviewer, booked
):
    stage = services.plan_stage_create(
        actor=owner, position=position, name="Pairing", kind="coding", duration_minutes=60
    )
    stage.default_interviewers.set([interviewer])

    with pytest.raises(ConflictError, match=interviewer.email):
        services.interview_create(
            actor=owner,
            workspace=workspace,
            candidate=candidate,
            plan_stage=stage,
            scheduled_at=NINE + dt.timedelta(minutes=30),
        )
    later = services.interview_create(
        actor=owner,
        workspace=workspace,
        candidate=candidate,
        plan_stage=stage,
        scheduled_at=NINE + dt.timedelta(hours=1),
    )

    seat = Participant.objects.get(interview=later, user=interviewer)
    assert (seat.active, seat.starts_at, seat.ends_at) == (
        True,
        NINE + dt.timedelta(hours=1),
        NINE + dt.timedelta(hours=2),
    )
