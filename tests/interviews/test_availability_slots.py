"""Availability (GET/PUT users/me/availability, managers' read) and free slots."""

import datetime as dt
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interview_tracker.models import Role
from interviews.models import Availability, Participant
from tests.factories import InterviewFactory, MembershipFactory, ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db

ME = "/api/v1/users/me/availability"
SLOTS = "/api/v1/interviews/slots"
WEEKDAYS_9_17 = {
    "monday": ["09:00-17:00"],
    "tuesday": ["09:00-17:00"],
    "wednesday": ["09:00-17:00"],
    "thursday": ["09:00-17:00"],
    "friday": ["09:00-17:00"],
    "saturday": [],
    "sunday": [],
}


def _body(response):
    body = response.json()
    body.get("error", {}).pop("timestamp", None)
    return body


def _hours(user, weekly_hours, **caps):
    Availability.objects.update_or_create(
        user=user, defaults={"weekly_hours": weekly_hours, **caps}
    )


def _slots(client, *people, day_from, day_to=None, duration=60):
    query = f"?interviewers={','.join(str(p.pk) for p in people)}&duration={duration}"
    query += f"&from={day_from}&to={day_to or day_from}"
    return client.get(SLOTS + query)


@pytest.fixture
def colleague(workspace):
    """Another interviewer of the workspace: nobody in the cast reads their own."""
    user = UserFactory(email="colleague@example.com")
    MembershipFactory(user=user, workspace=workspace, role=Role.INTERVIEWER)
    return user


# --- availability -----------------------------------------------------------------------


def test_a_new_member_reads_office_hours_in_their_zone(api_client_for, interviewer):
    interviewer.time_zone = "Europe/Berlin"
    interviewer.save(update_fields=["time_zone"])
    response = api_client_for(interviewer).get(ME)
    assert response.status_code == 200
    assert response.json() == {
        "weekly_hours": WEEKDAYS_9_17,
        "max_interviews_per_day": None,
        "max_interviews_per_week": None,
        "busy_calendar_url": "",
        "time_zone": "Europe/Berlin",
    }


def test_put_replaces_the_availability(api_client_for, interviewer):
    client = api_client_for(interviewer)
    payload = {
        "weekly_hours": {"monday": ["08:00-12:00", "13:00-24:00"], "friday": []},
        "max_interviews_per_day": 2,
        "max_interviews_per_week": 5,
        "busy_calendar_url": "https://calendar.example.com/me.ics",
    }
    response = client.put(ME, payload, format="json")
    assert response.status_code == 200
    expected = {
        **payload,
        "weekly_hours": {
            **{day: [] for day in WEEKDAYS_9_17},
            "monday": ["08:00-12:00", "13:00-24:00"],
        },
        "time_zone": "UTC",
    }
    assert response.json() == expected
    assert client.get(ME).json() == expected


@pytest.mark.parametrize(
    ("weekly_hours", "field"),
    [
        ({"monday": ["17:00-09:00"]}, "weekly_hours.monday.0"),
        ({"monday": ["9-5"]}, "weekly_hours.monday.0"),
        ({"funday": []}, "weekly_hours.funday"),
    ],
)
def test_bad_hours_answer_422_naming_the_entry(api_client_for, interviewer, weekly_hours, field):
    response = api_client_for(interviewer).put(
        ME,
        {
            "weekly_hours": weekly_hours,
            "max_interviews_per_day": None,
            "max_interviews_per_week": None,
            "busy_calendar_url": "",
        },
        format="json",
    )
    assert response.status_code == 422
    body = _body(response)
    assert body["error"]["code"] == "VALIDATION_ERROR"
    assert field in body["error"]["field_errors"]


def test_a_missing_field_answers_400_or_422_with_the_envelope(api_client_for, interviewer):
    response = api_client_for(interviewer).put(ME, {"weekly_hours": "always"}, format="json")
    assert response.status_code in {400, 422}
    assert set(_body(response)["error"]) >= {"code", "message"}


@pytest.mark.parametrize(
    ("role", "expected"),
    [("owner", 200), ("recruiter", 200), ("interviewer", 404), ("candidate", 404), (None, 401)],
)
def test_who_reads_a_members_availability(client_for, colleague, role, expected):
    response = client_for(role).get(f"/api/v1/users/{colleague.pk}/availability")
    assert response.status_code == expected


def test_an_outsider_reads_no_member_availability(client_for, interviewer, recruiter):
    response = client_for("outsider").get(f"/api/v1/users/{interviewer.pk}/availability")
    assert response.status_code == 404
    assert _body(response)["error"]["code"] == "RESOURCE_NOT_FOUND"


def test_a_manager_reads_the_members_saved_hours(owner_client, interviewer):
    _hours(interviewer, {"tuesday": ["10:00-11:00"]}, max_interviews_per_day=1)
    body = owner_client.get(f"/api/v1/users/{interviewer.pk}/availability").json()
    assert (body["weekly_hours"], body["max_interviews_per_day"]) == (
        {"tuesday": ["10:00-11:00"]},
        1,
    )


# --- slots ------------------------------------------------------------------------------


def test_slots_follow_hours_and_skip_booked_interviews(
    owner_client, workspace, candidate, interviewer
):
    _hours(interviewer, {"monday": ["09:00-11:00"]})
    booked = InterviewFactory(
        workspace=workspace,
        candidate=candidate,
        scheduled_at=dt.datetime(2030, 3, 4, 9, 30, tzinfo=dt.UTC),
        duration_minutes=30,
    )
    ParticipantFactory(interview=booked, user=interviewer)
    response = _slots(owner_client, interviewer, day_from="2030-03-04", duration=30)
    assert response.status_code == 200
    assert response.json() == {
        "time_zone": "UTC",
        "duration_minutes": 30,
        "slots": [
            "2030-03-04T09:00:00+00:00",
            "2030-03-04T10:00:00+00:00",
            "2030-03-04T10:15:00+00:00",
            "2030-03-04T10:30:00+00:00",
        ],
    }


def test_a_panels_slots_are_the_times_all_are_free_in_the_requesters_zone(
    owner, owner_client, interviewer, recruiter
):
    owner.time_zone = "America/New_York"
    owner.save(update_fields=["time_zone"])
    interviewer.time_zone = "Europe/Berlin"
    interviewer.save(update_fields=["time_zone"])
    _hours(interviewer, {"wednesday": ["15:00-17:00"]})  # 14:00-16:00 UTC in March (CET)
    _hours(recruiter, {"wednesday": ["15:00-16:00"]})  # UTC
    response = _slots(owner_client, interviewer, recruiter, day_from="2030-03-06")
    assert response.json() == {
        "time_zone": "America/New_York",
        "duration_minutes": 60,
        "slots": ["2030-03-06T10:00:00-05:00"],
    }


def test_hours_stay_on_the_local_clock_across_a_dst_change(owner_client, interviewer):
    interviewer.time_zone = "Europe/Berlin"
    interviewer.save(update_fields=["time_zone"])
    _hours(interviewer, {"friday": ["09:00-10:00"], "monday": ["09:00-10:00"]})
    # Berlin moves to summer time on Sunday 31 March 2030.
    response = _slots(owner_client, interviewer, day_from="2030-03-29", day_to="2030-04-01")
    assert response.json()["slots"] == [
        "2030-03-29T08:00:00+00:00",  # 09:00 CET
        "2030-04-01T07:00:00+00:00",  # 09:00 CEST
    ]


def test_daily_and_weekly_caps_close_the_day_and_the_week(
    owner_client, workspace, candidate, interviewer
):
    _hours(
        interviewer,
        {"monday": ["09:00-12:00"], "tuesday": ["09:00-12:00"]},
        max_interviews_per_day=1,
    )
    monday = InterviewFactory(
        workspace=workspace,
        candidate=candidate,
        scheduled_at=dt.datetime(2030, 3, 4, 11, 0, tzinfo=dt.UTC),
    )
    ParticipantFactory(interview=monday, user=interviewer)
    daily = _slots(owner_client, interviewer, day_from="2030-03-04", day_to="2030-03-05")
    assert [s[:10] for s in daily.json()["slots"]] == ["2030-03-05"] * 9
    Availability.objects.filter(user=interviewer).update(
        max_interviews_per_day=None, max_interviews_per_week=1
    )
    weekly = _slots(owner_client, interviewer, day_from="2030-03-04", day_to="2030-03-05")
    assert weekly.json()["slots"] == []


@pytest.fixture
def ics_server(settings):
    """Serves one .ics on 127.0.0.1 (outbound requests to it allowed for the test)."""
    settings.OUTBOUND_ALLOW_PRIVATE_NETWORKS = True
    body = b"\r\n".join(
        [
            b"BEGIN:VCALENDAR",
            b"VERSION:2.0",
            b"PRODID:-//test//busy//EN",
            b"BEGIN:VEVENT",
            b"UID:dentist@example.com",
            b"DTSTAMP:20300101T000000Z",
            b"DTSTART:20300304T100000Z",
            b"DTEND:20300304T110000Z",
            b"SUMMARY:Dentist",
            b"END:VEVENT",
            b"BEGIN:VEVENT",
            b"UID:standup@example.com",
            b"DTSTAMP:20300101T000000Z",
            b"DTSTART:20300225T090000Z",
            b"DTEND:20300225T091500Z",
            b"RRULE:FREQ=DAILY",
            b"SUMMARY:Stand-up",
            b"END:VEVENT",
            b"END:VCALENDAR",
            b"",
        ]
    )

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/busy.ics"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_busy_times_from_the_calendar_url_are_taken(owner_client, interviewer, ics_server):
    _hours(interviewer, {"monday": ["09:00-12:00"]}, busy_calendar_url=ics_server)
    response = _slots(owner_client, interviewer, day_from="2030-03-04")
    # The daily stand-up takes 09:00-09:15, the dentist 10:00-11:00.
    assert response.json()["slots"] == ["2030-03-04T11:00:00+00:00"]


def test_an_unreachable_calendar_counts_as_free(owner_client, interviewer, settings):
    settings.OUTBOUND_ALLOW_PRIVATE_NETWORKS = False
    _hours(interviewer, {"monday": ["09:00-10:00"]}, busy_calendar_url="http://127.0.0.1:9/x.ics")
    response = _slots(owner_client, interviewer, day_from="2030-03-04")
    assert response.json()["slots"] == ["2030-03-04T09:00:00+00:00"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [("owner", 200), ("recruiter", 200), ("interviewer", 404), ("candidate", 404)],
)
def test_who_reads_a_members_slots(client_for, colleague, role, expected):
    response = _slots(client_for(role), colleague, day_from="2030-03-04")
    assert response.status_code == expected


def test_an_outsider_gets_404_and_anyone_may_read_their_own_slots(client_for, cast):
    outsider = client_for("outsider")
    assert _slots(outsider, cast["owner"], day_from="2030-03-04").status_code == 404
    assert _slots(outsider, cast["outsider"], day_from="2030-03-04").status_code == 200


def test_an_interview_may_span_two_windows_that_touch(owner_client, interviewer):
    _hours(interviewer, {"monday": ["09:00-10:00", "10:00-11:00"]})
    # 2030-03-04 is a Monday; "20300304" (ISO basic) counts its whole day as well.
    response = _slots(owner_client, interviewer, day_from="2030-03-04", day_to="20300304")
    assert response.status_code == 200
    slots = response.json()["slots"]
    assert slots[0] == "2030-03-04T09:00:00+00:00"
    assert "2030-03-04T09:30:00+00:00" in slots  # 09:30-10:30 crosses 10:00
    assert slots[-1] == "2030-03-04T10:00:00+00:00"
    assert len(slots) == 5


def test_an_evening_window_runs_into_the_next_mornings(owner_client, interviewer):
    _hours(interviewer, {"monday": ["23:00-24:00"], "tuesday": ["00:00-01:00"]})
    response = _slots(owner_client, interviewer, day_from="2030-03-04", day_to="2030-03-05")
    assert "2030-03-04T23:30:00+00:00" in response.json()["slots"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("interviewers=nope", "interviewers"),
        ("interviewers={me}&duration=5", "duration"),
        ("interviewers={me}&from=yesterday", "from"),
        ("interviewers={me}&from=2030-03-05&to=2030-03-01", "to"),
        # The calendar's first and last years: no moment there can be searched from.
        ("interviewers={me}&from=2030-03-05&to=9999-12-31", "to"),
        ("interviewers={me}&from=0001-01-01&to=0001-01-02", "from"),
        ("interviewers={me}&from=9999-12-30T23:00:00%2B00:00", "from"),
    ],
)
def test_bad_queries_answer_with_the_error_envelope(owner_client, owner, query, field):
    response = owner_client.get(f"{SLOTS}?{query.format(me=owner.pk)}")
    assert response.status_code in {400, 422}
    error = _body(response)["error"]
    assert field in error["field_errors"]


def _seed_week(workspace, candidate, people, per_person):
    for person in people:
        for n in range(per_person):
            interview = InterviewFactory(
                workspace=workspace,
                candidate=candidate,
                scheduled_at=dt.datetime(2030, 3, 4 + n % 5, 9 + n // 5, 0, tzinfo=dt.UTC),
            )
            ParticipantFactory(interview=interview, user=person, role=Participant.Role.INTERVIEWER)


@pytest.mark.parametrize("per_person", [1, 6])
def test_slots_read_a_constant_number_of_queries(
    owner_client, workspace, candidate, interviewer, recruiter, per_person
):
    _seed_week(workspace, candidate, [interviewer, recruiter], per_person)
    with CaptureQueriesContext(connection) as queries:
        response = _slots(
            owner_client, interviewer, recruiter, day_from="2030-03-04", day_to="2030-03-08"
        )
    assert response.status_code == 200
    # The requester (token) and their memberships, the people (with the managed-members
    # subquery), their availability, their connected CalDAV calendars, their active seats.
    assert len(queries) == 5
