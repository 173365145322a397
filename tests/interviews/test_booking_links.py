"""Self-scheduling links: the team offers times, the candidate books, moves and cancels them
at /book/<token>/ without an account."""

import datetime as dt
import hashlib
import threading
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.core import mail
from django.db import connection, connections
from django.test import Client, override_settings
from rest_framework.test import APIClient

from interview_tracker.errors import ConflictError
from interview_tracker.models import ActivityEvent
from interviews import services
from interviews.models import Availability, BookingLink, Interview, Participant, SentReminder
from interviews.reminders import reminders_send
from tests.factories import CandidateFactory, InterviewFactory, ParticipantFactory

from .conftest import url

pytestmark = pytest.mark.django_db

UTC = ZoneInfo("UTC")
NOW = dt.datetime(2030, 3, 3, 12, 0, tzinfo=dt.UTC)  # a Sunday
NINE = dt.datetime(2030, 3, 4, 9, 0, tzinfo=dt.UTC)
QUARTER = dt.timedelta(minutes=15)


@pytest.fixture
def monday_hours(interviewer):
    """`interviewer` interviews on Mondays 09:00-10:30 UTC: 09:00, 09:15 and 09:30 fit an hour."""
    Availability.objects.create(user=interviewer, weekly_hours={"monday": ["09:00-10:30"]})


@pytest.fixture
def applicant(workspace, position):
    """A candidate without an account."""
    return CandidateFactory(
        workspace=workspace, name="Ada Lovelace", email="ada@example.com", position=position
    )


@pytest.fixture
def round_(workspace, applicant, position, owner, interviewer):
    """An hour with `interviewer`, provisionally on Wednesday, to be booked by `applicant`."""
    interview = InterviewFactory(
        workspace=workspace,
        candidate=applicant,
        position=position,
        title="Technical round",
        scheduled_at=dt.datetime(2030, 3, 6, 15, 0, tzinfo=dt.UTC),
        notes="Internal: weak on SQL?",
        created_by=owner,
    )
    ParticipantFactory(interview=interview, user=interviewer, role=Participant.Role.INTERVIEWER)
    return interview


@pytest.fixture
def offered(round_, owner, monday_hours):
    """A link offering Monday 09:00, 09:15 and 09:30; its path."""
    with time_machine.travel(NOW, tick=False):
        _, token = services.booking_link_create(
            actor=owner,
            interview=round_,
            zone=UTC,
            window=(NINE - dt.timedelta(hours=1), NINE + dt.timedelta(hours=3)),
        )
    return f"/book/{token}/"


@pytest.fixture
def team_client(owner):
    """The owner's API client, signed in without a token (tokens expire in travelled time)."""
    client = APIClient()
    client.force_authenticate(owner)
    return client


def _calendar(message):
    _name, content, mimetype = message.attachments[0]
    return mimetype, icalendar.Calendar.from_ical(content)


def _mail_to(address):
    return [m for m in mail.outbox if m.to == [address]]


# The team's side: the API


@time_machine.travel(NOW, tick=False)
def test_offering_every_free_time_answers_the_link_once_and_stores_only_its_digest(
    team_client, round_, monday_hours
):
    response = team_client.post(
        url(round_, "booking-link/"), {"from": "2030-03-04", "to": "2030-03-04"}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    token = body["token"]
    assert body == {
        "url": f"http://127.0.0.1:8000/book/{token}/",
        "token": token,
        "expires_at": "2030-03-04T09:30:00+00:00",
        "slots": [
            "2030-03-04T09:00:00+00:00",
            "2030-03-04T09:15:00+00:00",
            "2030-03-04T09:30:00+00:00",
        ],
    }
    link = BookingLink.objects.get()
    assert len(token) >= 43
    assert link.digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(BookingLink.objects.values().get())
    assert ActivityEvent.objects.filter(verb="booking_link_created", object_id=round_.pk).exists()


@time_machine.travel(NOW, tick=False)
def test_chosen_times_must_be_free_and_carry_an_offset(team_client, round_, monday_hours):
    response = team_client.post(
        url(round_, "booking-link/"),
        {"slots": ["2030-03-04T09:15:00+00:00", "2030-03-04T14:00:00+00:00"]},
        format="json",
    )
    assert response.status_code == 422
    assert list(response.json()["error"]["field_errors"]) == ["slots.1"]
    naive = team_client.post(
        url(round_, "booking-link/"), {"slots": ["2030-03-04T09:15:00"]}, format="json"
    )
    assert naive.status_code == 422
    assert not BookingLink.objects.exists()
    chosen = team_client.post(
        url(round_, "booking-link/"),
        {"slots": ["2030-03-04T10:15:00+01:00", "2030-03-04T09:00:00+00:00"]},
        format="json",
    )
    assert chosen.status_code == 201
    assert chosen.json()["slots"] == ["2030-03-04T09:00:00+00:00", "2030-03-04T09:15:00+00:00"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("owner", 201),
        ("recruiter", 201),
        ("interviewer", 403),
        ("candidate", 403),
        ("outsider", 404),
        (None, 401),
    ],
)
def test_only_owners_and_recruiters_offer_times(client_for, interview, role, expected):
    response = client_for(role).post(url(interview, "booking-link/"), {}, format="json")
    assert response.status_code == expected
    assert BookingLink.objects.count() == (1 if expected == 201 else 0)


@time_machine.travel(NOW, tick=False)
def test_a_cancelled_interview_offers_nothing(team_client, owner, round_, monday_hours):
    services.interview_cancel(actor=owner, interview=round_)
    response = team_client.post(url(round_, "booking-link/"), {}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "BUSINESS_LOGIC_ERROR"
    assert not BookingLink.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_the_candidate_can_be_e_mailed_the_link(
    team_client, round_, monday_hours, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = team_client.post(
            url(round_, "booking-link/"), {"notify_candidate": True}, format="json"
        )
    (message,) = _mail_to("ada@example.com")
    assert response.json()["url"] in message.body


# The candidate's side: the page


def test_the_page_shows_the_offered_times_in_the_chosen_zone_and_nothing_internal(
    client, offered, interviewer
):
    with time_machine.travel(NOW, tick=False):
        page = client.get(offered, {"tz": "Europe/Paris"})
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    text = page.content.decode()
    assert "Choose a time for your interview" in text
    assert '<meta name="robots" content="noindex, nofollow">' in text
    # 09:00 UTC is 10:00 in Paris.
    assert 'value="2030-03-04T10:00:00+01:00"' in text
    assert text.count('name="start"') == 3
    assert '<option value="Europe/Paris" selected>' in text
    for internal in ("weak on SQL", interviewer.email, "Acme Recruiting"):
        assert internal not in text


def test_an_unknown_link_is_404(client):
    assert client.get("/book/not-a-real-token/").status_code == 404


def test_booking_sets_the_time_and_invites_everyone_including_the_candidate(
    client, offered, round_, interviewer, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            offered, {"start": "2030-03-04T10:15:00+01:00", "tz": "Europe/Paris"}
        )
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.scheduled_at == NINE + QUARTER
    assert round_.sequence == 1
    link = BookingLink.objects.get()
    assert (link.status, link.time_zone) == ("booked", "Europe/Paris")
    verbs = set(ActivityEvent.objects.values_list("verb", flat=True))
    assert {"interview_rescheduled", "interview_booked"} <= verbs
    (to_candidate,) = _mail_to("ada@example.com")
    assert "10:15 CET" in to_candidate.body
    mimetype, cal = _calendar(to_candidate)
    assert mimetype.startswith("text/calendar; method=REQUEST")
    event = next(iter(cal.walk("VEVENT")))
    assert {str(a) for a in event["ATTENDEE"]} == {
        f"mailto:{interviewer.email}",
        "mailto:ada@example.com",
    }
    assert len(_mail_to(interviewer.email)) == 1
    with time_machine.travel(NOW, tick=False):
        page = client.get(response["Location"]).content.decode()
    assert "Your interview is booked" in page
    assert "Monday 4 March 2030, 10:15" in page


def test_booking_the_time_already_held_invites_without_raising_the_sequence(
    client, round_, owner, monday_hours, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        services.interview_schedule(actor=owner, interview=round_, scheduled_at=NINE)
        _, token = services.booking_link_create(
            actor=owner, interview=round_, zone=UTC, slots=[NINE]
        )
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/book/{token}/", {"start": NINE.isoformat()})
    assert response.status_code == 302
    round_.refresh_from_db()
    assert (round_.scheduled_at, round_.sequence) == (NINE, 1)
    (to_candidate,) = _mail_to("ada@example.com")
    assert to_candidate.subject == "Interview booked: Technical round"
    assert _calendar(to_candidate)[0].startswith("text/calendar; method=REQUEST")


def test_a_taken_time_answers_409_with_the_same_conflict_and_the_other_times(
    client, offered, round_, workspace, applicant, interviewer, team_client
):
    other = InterviewFactory(workspace=workspace, candidate=applicant, scheduled_at=NINE)
    ParticipantFactory(interview=other, user=interviewer, role=Participant.Role.INTERVIEWER)
    with time_machine.travel(NOW, tick=False):
        page = client.post(offered, {"start": NINE.isoformat(), "tz": "UTC"})
        api = team_client.put(
            url(round_, "schedule/"), {"scheduled_at": NINE.isoformat()}, format="json"
        )
    assert page.status_code == 409
    text = page.content.decode()
    message = api.json()["error"]["message"]
    # The same rule refuses both; the candidate's page names the interviewer and the time
    # asked for, never the interviewer's e-mail or their other interview.
    assert message.startswith(f"{interviewer.email} already has an interview from")
    assert "That time was just taken." in text
    assert (
        f"{interviewer.get_full_name()} is no longer free on Monday 04 March at 09:00 (UTC)."
    ) in text
    assert interviewer.email not in text
    assert str(other.pk) not in text
    # Every offered hour (from 09:00, 09:15, 09:30) meets the other 09:00-10:00: none is left.
    assert 'name="start"' not in text
    round_.refresh_from_db()
    assert round_.sequence == 0
    assert BookingLink.objects.get().status == "open"


def test_a_json_booking_of_a_taken_time_answers_the_error_envelope(
    client, offered, workspace, applicant, interviewer
):
    other = InterviewFactory(
        workspace=workspace, candidate=applicant, scheduled_at=NINE, duration_minutes=15
    )
    ParticipantFactory(interview=other, user=interviewer, role=Participant.Role.INTERVIEWER)
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            offered, {"start": NINE.isoformat()}, content_type="application/json"
        )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "RESOURCE_CONFLICT"
    assert error["message"] == (
        f"{interviewer.get_full_name()} is no longer free on Monday 04 March at 09:00 (UTC). "
        "Choose another time."
    )
    assert error["details"] == {"slots": ["2030-03-04T09:15:00+00:00", "2030-03-04T09:30:00+00:00"]}


def test_a_json_booking_answers_the_booked_time(client, offered, round_):
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            offered,
            {"start": "2030-03-04T09:30:00Z", "time_zone": "America/New_York"},
            content_type="application/json",
        )
    assert response.status_code == 200
    assert response.json() == {
        "state": "booked",
        "scheduled_at": "2030-03-04T04:30:00-05:00",
        "time_zone": "America/New_York",
    }


def test_a_json_booking_without_an_offset_names_the_start(client, offered, round_):
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            offered, {"start": "2030-03-04T09:30:00"}, content_type="application/json"
        )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert list(error["field_errors"]) == ["start"]
    assert "time zone offset" in error["field_errors"]["start"]
    round_.refresh_from_db()
    assert round_.scheduled_at == dt.datetime(2030, 3, 6, 15, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("zone", [[], {}, 7, None])
def test_a_json_zone_that_is_not_a_name_falls_back_to_the_organisers(client, offered, zone):
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            offered,
            {"start": "2030-03-04T09:30:00Z", "time_zone": zone},
            content_type="application/json",
        )
    assert response.status_code == 200, response.content
    assert response.json()["time_zone"] == "UTC"  # the organiser's (the test settings')


def test_a_conflict_that_names_no_interviewer_is_still_said_in_words():
    from interviews.booking_views import _taken

    refused = ConflictError("Taken.", details={"interviewer": "not-an-id"})
    text = _taken(refused, "2030-03-04T09:30:00+00:00", UTC)
    assert text == "The interviewer is no longer free on Monday 04 March at 09:30 (UTC). " + (
        "Choose another time."
    )
    assert _taken(ConflictError("Taken."), "", UTC).startswith("The interviewer is no longer")


@pytest.mark.parametrize("start", ["2030-03-04T09:45:00+00:00", "tomorrow", ""])
def test_only_an_offered_time_can_be_booked(client, offered, round_, start):
    with time_machine.travel(NOW, tick=False):
        page = client.post(offered, {"start": start})
        api = client.post(offered, {"start": start}, content_type="application/json")
    assert page.status_code == 422
    assert "Choose one of the offered times." in page.content.decode()
    assert api.status_code == 422
    assert api.json()["error"]["field_errors"] == {"start": "Choose one of the offered times."}
    assert BookingLink.objects.get().status == "open"


def test_an_expired_link_says_so_and_books_nothing(client, offered, round_):
    later = NINE + dt.timedelta(minutes=31)
    with time_machine.travel(later, tick=False):
        page = client.get(offered)
        post = client.post(offered, {"start": "2030-03-04T09:30:00+00:00"})
        api = client.post(
            offered, {"start": "2030-03-04T09:30:00+00:00"}, content_type="application/json"
        )
    assert page.status_code == 410
    assert "This link has expired" in page.content.decode()
    assert post.status_code == 410
    assert api.status_code == 400
    assert api.json()["error"]["details"] == {"state": "expired"}
    round_.refresh_from_db()
    assert round_.sequence == 0


def test_the_link_moves_the_booked_interview_with_the_same_uid_and_a_higher_sequence(
    client, offered, round_, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(offered, {"start": "2030-03-04T09:00:00+00:00"})
        page = client.get(offered, {"tz": "UTC"}).content.decode()
        # The booked time is not offered again; the two others are.
        assert page.count('name="start"') == 2
        assert "Move to another time" in page
        with django_capture_on_commit_callbacks(execute=True):
            client.post(offered, {"start": "2030-03-04T09:30:00+00:00"})
    first, second = (_calendar(m)[1] for m in _mail_to("ada@example.com"))
    first_event, second_event = (next(iter(c.walk("VEVENT"))) for c in (first, second))
    assert str(first_event["UID"]) == str(second_event["UID"])
    assert int(second_event["SEQUENCE"]) > int(first_event["SEQUENCE"])
    round_.refresh_from_db()
    assert round_.scheduled_at == NINE + 2 * QUARTER
    assert ActivityEvent.objects.filter(verb="interview_rebooked", object_id=round_.pk).exists()


def test_the_candidate_who_booked_is_reminded_once_per_time_in_their_zone(
    client, offered, round_, interviewer, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        client.post(offered, {"start": "2030-03-04T10:15:00+01:00", "tz": "Europe/Paris"})
    mail.outbox.clear()
    before = NINE - dt.timedelta(hours=2)

    def remind():
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_send(now=before, within_hours=24)

    sent = remind()
    assert sorted(r.user.email for r in sent) == ["ada@example.com", interviewer.email]
    (to_candidate,) = _mail_to("ada@example.com")
    assert to_candidate.subject == "Reminder: Technical round on Mon 04 Mar 2030, 10:15 CET"
    assert to_candidate.body.startswith("Hello Ada Lovelace,")
    assert remind() == []  # recorded: never twice
    assert SentReminder.objects.get(user=None).email == "ada@example.com"
    # Moved through the link: a reminder of the new time.
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        client.post(offered, {"start": "2030-03-04T10:30:00+01:00", "tz": "Europe/Paris"})
    assert sorted(r.user.email for r in remind()) == ["ada@example.com", interviewer.email]
    assert _mail_to("ada@example.com")[-1].subject.endswith("10:30 CET")


def test_new_times_offered_after_a_booking_leave_the_candidate_reminded_of_the_booked_one(
    client, offered, round_, owner, interviewer, django_capture_on_commit_callbacks
):
    # Invitations and reminders ask the same rule (``calendar.booked_guests``): a booking
    # counts until the candidate books again, even once a newer link replaced its link.
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        client.post(offered, {"start": "2030-03-04T09:00:00+00:00"})
        services.booking_link_create(
            actor=owner,
            interview=round_,
            zone=UTC,
            window=(NINE - dt.timedelta(hours=1), NINE + dt.timedelta(hours=3)),
        )
    assert BookingLink.objects.get(booked_at__isnull=False).status == BookingLink.Status.REPLACED
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = reminders_send(now=NINE - dt.timedelta(hours=2), within_hours=24)
    assert sorted(r.user.email for r in sent) == ["ada@example.com", interviewer.email]
    assert _mail_to("ada@example.com")[0].subject == (
        "Reminder: Technical round on Mon 04 Mar 2030, 09:00 UTC"
    )


def test_a_booked_candidate_with_an_account_is_reminded_as_a_participant_only(
    client, offered, round_, candidate_user, django_capture_on_commit_callbacks
):
    round_.candidate.email = candidate_user.email
    round_.candidate.save(update_fields=["email"])
    ParticipantFactory(interview=round_, user=candidate_user, role=Participant.Role.CANDIDATE)
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        client.post(offered, {"start": "2030-03-04T09:00:00+00:00"})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(now=NINE - dt.timedelta(hours=2), within_hours=24)
    assert len(_mail_to(candidate_user.email)) == 1
    assert not SentReminder.objects.filter(user=None).exists()


def test_the_candidate_cancels_through_the_link_and_everyone_gets_the_cancel(
    client, offered, round_, interviewer, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(offered, {"start": "2030-03-04T09:00:00+00:00"})
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(offered, {"action": "cancel"})
        page = client.get(offered)
        again = client.post(offered, {"start": "2030-03-04T09:30:00+00:00"})
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.status == Interview.Status.CANCELLED
    assert BookingLink.objects.get().status == "cancelled"
    assert page.status_code == 410
    assert "This interview is cancelled" in page.content.decode()
    assert again.status_code == 410
    booked, cancelled = (_calendar(m) for m in _mail_to("ada@example.com"))
    assert cancelled[0].startswith("text/calendar; method=CANCEL")
    assert str(cancelled[1]["METHOD"]) == "CANCEL"
    uid = str(next(iter(booked[1].walk("VEVENT")))["UID"])
    assert str(next(iter(cancelled[1].walk("VEVENT")))["UID"]) == uid
    assert [m.subject for m in _mail_to(interviewer.email)][-1].startswith("Interview cancelled")
    assert ActivityEvent.objects.filter(verb="interview_cancelled_by_candidate").exists()


def test_the_link_changes_nothing_once_the_interview_started(client, offered):
    with time_machine.travel(NOW, tick=False):
        client.post(offered, {"start": "2030-03-04T09:00:00+00:00"})
    with time_machine.travel(NINE + dt.timedelta(minutes=5), tick=False):
        page = client.get(offered)
        cancel = client.post(offered, {"action": "cancel"})
    assert page.status_code == 410
    assert "can no longer change the interview" in page.content.decode()
    assert cancel.status_code == 410
    assert Interview.objects.get(title="Technical round").status == "scheduled"


def test_a_newer_link_replaces_the_older_one(client, offered, round_, owner):
    with time_machine.travel(NOW, tick=False):
        services.booking_link_create(
            actor=owner,
            interview=round_,
            zone=UTC,
            window=(NINE, NINE + dt.timedelta(hours=2)),
        )
        page = client.get(offered)
    assert page.status_code == 410
    assert "This link was replaced" in page.content.decode()


def test_a_form_post_needs_the_pages_csrf_token_and_json_needs_none(offered):
    strict = Client(enforce_csrf_checks=True)
    with time_machine.travel(NOW, tick=False):
        form = strict.post(offered, {"start": NINE.isoformat()})
        assert form.status_code == 403
        assert BookingLink.objects.get().status == "open"
        page = strict.get(offered)
        token = page.cookies["csrftoken"].value
        posted = strict.post(offered, {"start": NINE.isoformat(), "csrfmiddlewaretoken": token})
        assert posted.status_code == 302
        moved = strict.post(
            offered,
            {"start": (NINE + QUARTER).isoformat()},
            content_type="application/json",
        )
    assert moved.status_code == 200
    assert moved.json()["state"] == "booked"


@override_settings(
    REST_FRAMEWORK={
        "DEFAULT_THROTTLE_RATES": {"anon": "1000/min", "user": "1000/min", "booking": "3/min"}
    }
)
def test_guessing_links_is_throttled(client, offered):
    answers = [client.get(f"/book/guess-{n}/").status_code for n in range(3)]
    assert answers == [404, 404, 404]
    held = client.get(offered)
    assert held.status_code == 429
    assert int(held["Retry-After"]) >= 1
    # The candidate has no account: the page offers the link again, not a log-in.
    text = held.content.decode()
    assert f'<a href="{offered}" role="button">Try again</a>' in text
    assert 'role="button">Log in</a>' not in text


@pytest.mark.parametrize("others", [0, 6])
def test_the_page_reads_a_fixed_number_of_queries(
    client, offered, workspace, applicant, interviewer, django_assert_num_queries, others
):
    for n in range(others):
        other = InterviewFactory(
            workspace=workspace, candidate=applicant, scheduled_at=NINE + dt.timedelta(days=1 + n)
        )
        ParticipantFactory(interview=other, user=interviewer)
    # The link with its interview, organiser, opening and company; the interviewers' ids,
    # the interviewers, their availability, their connected CalDAV calendars, their seats.
    with time_machine.travel(NOW, tick=False), django_assert_num_queries(6):
        assert client.get(offered, {"tz": "UTC"}).status_code == 200


# Two candidates, one interviewer, one time: exactly one booking wins.


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_bookings_of_one_time_leave_one(
    workspace, position, owner, interviewer, monday_hours
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    links = []
    for n in range(2):
        applicant = CandidateFactory(workspace=workspace, email=f"racer{n}@example.com")
        interview = InterviewFactory(
            workspace=workspace,
            candidate=applicant,
            position=position,
            scheduled_at=dt.datetime(2030, 3, 6, 9 + 2 * n, tzinfo=dt.UTC),
            created_by=owner,
        )
        ParticipantFactory(interview=interview, user=interviewer, role="interviewer")
        with time_machine.travel(NOW, tick=False):
            link, _ = services.booking_link_create(
                actor=owner,
                interview=interview,
                zone=UTC,
                slots=[NINE],
            )
        links.append(link)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def book(link: BookingLink) -> None:
        try:
            barrier.wait(timeout=10)
            services.booking_link_book(link=link, start=NINE, time_zone="UTC")
            outcomes.append("booked")
        except ConflictError as exc:
            outcomes.append(exc.details["interviewer"])
        finally:
            connections.close_all()

    with time_machine.travel(NOW, tick=False):
        threads = [threading.Thread(target=book, args=(link,)) for link in links]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert sorted(outcomes) == sorted(["booked", str(interviewer.pk)])
    assert Participant.objects.filter(user=interviewer, active=True, starts_at=NINE).count() == 1
    assert sorted(BookingLink.objects.values_list("status", flat=True)) == ["booked", "open"]


# The team's side: the interview page


@time_machine.travel(NOW, tick=False)
def test_the_interview_page_offers_free_times_and_shows_the_link_once(
    client, owner, round_, monday_hours
):
    client.force_login(owner)
    detail = client.get(f"/interviews/{round_.pk}/").content.decode()
    assert "Let the candidate choose a time" in detail
    response = client.post(
        f"/interviews/{round_.pk}/booking-link/",
        {"first_day": "2030-03-04", "last_day": "2030-03-05", "notify_candidate": ""},
    )
    assert response.status_code == 200
    shown = response.context["new_booking_url"]
    token = shown.rsplit("/", 2)[-2]
    link = BookingLink.objects.get()
    assert link.digest == hashlib.sha256(token.encode()).hexdigest()
    assert len(link.slots) == 3
    again = client.get(f"/interviews/{round_.pk}/").content.decode()
    assert token not in again
    assert "Open" in again


@time_machine.travel(NOW, tick=False)
def test_the_page_form_refuses_a_range_ending_first(client, owner, round_, monday_hours):
    client.force_login(owner)
    response = client.post(
        f"/interviews/{round_.pk}/booking-link/",
        {"first_day": "2030-03-05", "last_day": "2030-03-04"},
    )
    assert response.status_code == 422
    assert "End on or after the first day." in response.content.decode()
    assert not BookingLink.objects.exists()


@pytest.mark.parametrize(
    ("role", "expected"), [("interviewer", 302), ("candidate", 302), ("outsider", 404)]
)
def test_only_managers_offer_times_from_the_page(client, cast, interview, role, expected):
    client.force_login(cast[role])
    response = client.post(
        f"/interviews/{interview.pk}/booking-link/",
        {"first_day": "2030-03-04", "last_day": "2030-03-05"},
    )
    assert response.status_code == expected
    assert not BookingLink.objects.exists()
