"""CalDAV sync against a real Radicale: connecting (checked, the password encrypted at rest),
interviews written, moved and removed with the .ics's UID, busy times feeding the slots."""

import datetime as dt
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest
from django.db import connection as db
from django.db import connections, transaction
from django.utils import timezone

from candidates.services import candidate_delete
from integrations import services
from integrations.calendar_sync import calendar_sync
from integrations.encryption import encrypt
from integrations.models import CalendarConnection, CalendarEvent
from interview_tracker.errors import ValidationFailed
from interviews import services as interview_services
from interviews.calendar import uid_of
from interviews.models import Interview, Participant
from interviews.slots import free_slots
from tests.caldav_server import ACCOUNTS
from tests.durable import free_port
from tests.factories import CandidateFactory, InterviewFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

PAGE = "/settings/calendar/"


@pytest.fixture
def connected(interviewer, radicale_calendar):
    """`interviewer` has connected the Radicale calendar."""
    services.calendar_connect(
        user=interviewer,
        url=radicale_calendar.url,
        username=radicale_calendar.user,
        password=radicale_calendar.password,
    )
    return radicale_calendar


@pytest.fixture
def scheduled(workspace, owner, interviewer, connected, django_capture_on_commit_callbacks):
    """An interview created through the services with `interviewer` on it, synced."""
    candidate = CandidateFactory(workspace=workspace, name="Ada Lovelace")
    with django_capture_on_commit_callbacks(execute=True):
        interview = interview_services.interview_create(
            actor=owner,
            workspace=workspace,
            candidate=candidate,
            scheduled_at=_next_tuesday_10_utc(),
            title="System design",
            duration_minutes=45,
        )
        interview_services.participant_add(
            actor=owner, interview=interview, user=interviewer, role="interviewer"
        )
    return interview


def _next_tuesday_10_utc() -> dt.datetime:
    """Inside default office hours, a week or more ahead."""
    today = timezone.now().date()
    day = today + dt.timedelta(days=7 + (1 - today.weekday()) % 7)
    return dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)


def _move(api_client, interview, when, capture_on_commit):
    """Reschedule through the API, running what the change enqueues on commit."""
    with capture_on_commit(execute=True):
        return api_client.put(
            f"/api/v1/interviews/{interview.pk}/schedule/",
            {"scheduled_at": when.isoformat()},
            format="json",
        )


def _utc(value) -> dt.datetime:
    return value.astimezone(dt.UTC)


# Connecting


def test_connecting_checks_the_calendar_and_keeps_the_password_encrypted(
    interviewer, client, radicale_calendar
):
    client.force_login(interviewer)

    response = client.post(
        PAGE,
        {
            "url": radicale_calendar.url,
            "username": "alice",
            "password": radicale_calendar.password,
        },
    )

    assert response.status_code == 302
    connection = CalendarConnection.objects.get(user=interviewer)
    assert connection.calendar_url == radicale_calendar.url
    assert connection.calendar_name.startswith("Work cal-")
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT password_encrypted FROM integrations_calendarconnection WHERE id = %s",
            [connection.pk.hex if db.vendor == "sqlite" else connection.pk],
        )
        (raw,) = cursor.fetchone()
    assert radicale_calendar.password not in raw
    assert raw.startswith("gAAAAA")  # a Fernet token
    page = client.get(PAGE).content.decode()
    assert radicale_calendar.url in page
    assert radicale_calendar.password not in page
    # The browser is not to fill in the member's own log-in for another server.
    assert 'autocomplete="new-password"' in page


def test_an_account_address_connects_its_first_calendar(interviewer, radicale, settings):
    settings.OUTBOUND_ALLOW_PRIVATE_NETWORKS = True
    calendar = radicale.new_calendar("bob")

    connection = services.calendar_connect(
        user=interviewer, url=f"{radicale.url}bob/", username="bob", password=ACCOUNTS["bob"]
    )

    assert connection.calendar_url.startswith(f"{radicale.url}bob/cal-")
    assert CalendarConnection.objects.get().calendar_url in {connection.calendar_url, calendar.url}


def test_a_refused_password_is_shown_by_the_field_and_nothing_is_kept(
    interviewer, client, radicale_calendar
):
    client.force_login(interviewer)

    response = client.post(
        PAGE, {"url": radicale_calendar.url, "username": "alice", "password": "wrong"}
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {
        "password": ["The calendar server refused this user name and password."]
    }
    assert not CalendarConnection.objects.exists()


def test_an_address_where_no_server_answers_is_refused(interviewer, client, settings):
    settings.OUTBOUND_ALLOW_PRIVATE_NETWORKS = True
    client.force_login(interviewer)

    response = client.post(
        PAGE,
        {"url": f"http://127.0.0.1:{free_port()}/cal/", "username": "a", "password": "b"},
    )

    assert response.status_code == 422
    assert (
        response.context["form"]
        .errors["url"][0]
        .startswith("The calendar server could not be reached")
    )
    assert not CalendarConnection.objects.exists()


def test_an_address_that_is_no_calendar_server_is_refused(interviewer, radicale, settings):
    settings.OUTBOUND_ALLOW_PRIVATE_NETWORKS = True

    with pytest.raises(ValidationFailed) as refused:
        services.calendar_connect(
            user=interviewer,
            url=f"{radicale.url}alice/no-such-calendar/",
            username="alice",
            password=ACCOUNTS["alice"],
        )

    assert refused.value.field_errors == {"url": "No calendar answers at this address."}
    assert not CalendarConnection.objects.exists()


def test_a_private_address_is_refused_unless_allowed(interviewer, client, radicale):
    client.force_login(interviewer)

    response = client.post(
        PAGE, {"url": radicale.url, "username": "alice", "password": ACCOUNTS["alice"]}
    )

    assert response.status_code == 422
    assert "private or local address" in response.context["form"].errors["url"][0]
    assert not CalendarConnection.objects.exists()


def test_disconnecting_forgets_the_connection_and_stops_writing(
    interviewer, owner, client, scheduled, connected, django_capture_on_commit_callbacks
):
    client.force_login(interviewer)

    assert client.post(f"{PAGE}disconnect/").status_code == 302

    assert not CalendarConnection.objects.exists()
    # What was written stays; later changes are no longer written.
    assert connected.event(uid_of(scheduled)) is not None
    with django_capture_on_commit_callbacks(execute=True):
        interview_services.interview_update(actor=owner, interview=scheduled, location="Room 9")
    assert "LOCATION" not in connected.event(uid_of(scheduled))


def test_connecting_writes_the_upcoming_interviews(
    workspace, owner, interviewer, radicale_calendar, django_capture_on_commit_callbacks
):
    interview = InterviewFactory(
        workspace=workspace, scheduled_at=_next_tuesday_10_utc(), created_by=owner
    )
    ParticipantFactory(interview=interview, user=interviewer)
    with django_capture_on_commit_callbacks(execute=True):
        services.calendar_connect(
            user=interviewer,
            url=radicale_calendar.url,
            username="alice",
            password=radicale_calendar.password,
        )

    event = radicale_calendar.event(uid_of(interview))
    assert event is not None
    assert _utc(event.decoded("DTSTART")) == interview.scheduled_at


# Writing, moving, removing


def test_a_scheduled_interview_is_written_with_the_ics_uid(scheduled, connected, interviewer):
    event = connected.event(uid_of(scheduled))

    assert event is not None
    assert str(event["SUMMARY"]) == "System design"
    assert int(event["SEQUENCE"]) == 0
    assert _utc(event.decoded("DTSTART")) == scheduled.scheduled_at
    assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(minutes=45)
    attendees = event["ATTENDEE"] if isinstance(event["ATTENDEE"], list) else [event["ATTENDEE"]]
    assert [str(a) for a in attendees] == [f"mailto:{interviewer.email}"]
    # The calendar server must not send invitations of its own.
    assert attendees[0].params["SCHEDULE-AGENT"] == "CLIENT"
    assert CalendarEvent.objects.get().participant.interview_id == scheduled.pk
    assert CalendarConnection.objects.get().last_synced_at is not None


def test_a_move_through_the_api_keeps_the_uid_and_raises_the_sequence(
    scheduled, connected, owner_client, django_capture_on_commit_callbacks
):
    later = scheduled.scheduled_at + dt.timedelta(days=1, hours=2)

    response = _move(owner_client, scheduled, later, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    events = connected.events()
    assert [str(e["UID"]) for e in events] == [uid_of(scheduled)]
    assert int(events[0]["SEQUENCE"]) == 1
    assert _utc(events[0].decoded("DTSTART")) == later


def test_a_new_place_and_title_are_written(
    scheduled, connected, owner_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.patch(
            f"/api/v1/interviews/{scheduled.pk}/",
            {"location": "Room 4", "title": "Architecture"},
            format="json",
        )

    event = connected.event(uid_of(scheduled))
    assert (str(event["LOCATION"]), str(event["SUMMARY"])) == ("Room 4", "Architecture")
    assert int(event["SEQUENCE"]) == 1


def test_a_cancelled_interview_is_removed(
    scheduled, connected, owner_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(f"/api/v1/interviews/{scheduled.pk}/cancel/")

    assert response.status_code == 200
    assert connected.events() == []
    assert not CalendarEvent.objects.exists()


def test_a_removed_participant_loses_the_event(
    scheduled, connected, interviewer, owner_client, django_capture_on_commit_callbacks
):
    seat = Participant.objects.get(interview=scheduled, user=interviewer)

    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.delete(f"/api/v1/interviews/{scheduled.pk}/participants/{seat.pk}/")

    assert response.status_code == 204
    assert connected.events() == []


def test_a_deleted_interview_is_removed(
    scheduled, connected, owner_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert owner_client.delete(f"/api/v1/interviews/{scheduled.pk}/").status_code == 204

    assert connected.events() == []


def test_an_interview_deleted_with_its_candidate_is_removed(
    scheduled, connected, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        candidate_delete(actor=owner, candidate=scheduled.candidate)

    assert not Interview.objects.filter(pk=scheduled.pk).exists()
    assert connected.events() == []


def test_a_calendar_that_fails_never_fails_the_change_and_shows_on_the_page(
    scheduled, connected, interviewer, owner_client, client, django_capture_on_commit_callbacks
):
    CalendarConnection.objects.update(username="bob")  # the server now refuses the login
    later = scheduled.scheduled_at + dt.timedelta(hours=3)

    response = _move(owner_client, scheduled, later, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    scheduled.refresh_from_db()
    assert scheduled.scheduled_at == later
    connection = CalendarConnection.objects.get()
    assert connection.last_error == "The calendar server refused this user name and password."
    client.force_login(interviewer)
    assert "The last attempt failed" in client.get(PAGE).content.decode()


# Busy times


def test_busy_times_of_the_calendar_remove_the_slots_they_overlap(
    interviewer, connected, interviewer_client
):
    monday = dt.date(2027, 1, 4)
    connected.add_busy("dentist@example.com", "20270104T100000Z", "20270104T113000Z")
    connected.add_busy(
        "party@example.com", "20270104T140000Z", "20270104T150000Z", transp="TRANSPARENT"
    )

    response = interviewer_client.get(
        "/api/v1/interviews/slots",
        {
            "interviewers": str(interviewer.pk),
            "duration": 60,
            "from": monday.isoformat(),
            "to": monday.isoformat(),
        },
    )

    assert response.status_code == 200
    starts = {dt.datetime.fromisoformat(s).strftime("%H:%M") for s in response.json()["slots"]}
    assert {"09:00", "11:30", "14:00"} <= starts
    assert not starts & {"09:15", "10:00", "10:45", "11:15"}


def test_the_interviews_we_wrote_do_not_block_their_own_move(scheduled, connected, interviewer):
    assert connected.event(uid_of(scheduled)) is not None
    start = scheduled.scheduled_at
    day_start = start.replace(hour=0)

    slots = free_slots(
        people=[interviewer],
        duration=dt.timedelta(minutes=45),
        start=day_start,
        end=day_start + dt.timedelta(days=1),
        zone=ZoneInfo("UTC"),
        moving=scheduled.pk,
    )

    assert start in slots


# The page: every role has their own, and only their own


def _connection_of(user, url: str) -> CalendarConnection:
    return CalendarConnection.objects.create(
        user=user,
        calendar_url=url,
        calendar_name=f"Calendar of {user.email}",
        username=user.email,
        password_encrypted=encrypt("app-password"),
    )


@pytest.mark.parametrize("role", ["owner", "recruiter", "interviewer", "candidate", "outsider"])
def test_every_role_sees_and_disconnects_only_their_own_calendar(cast, client, role):
    for who, user in cast.items():
        _connection_of(user, f"https://dav.example.com/{who}/")
    client.force_login(cast[role])

    page = client.get(PAGE)

    assert page.status_code == 200
    html = page.content.decode()
    shown = {who for who in cast if f"https://dav.example.com/{who}/" in html}
    assert shown == {role}
    assert client.post(f"{PAGE}disconnect/").status_code == 302
    left = set(CalendarConnection.objects.values_list("user__email", flat=True))
    assert left == {user.email for who, user in cast.items() if who != role}


def test_the_page_asks_anonymous_visitors_to_log_in(client):
    assert client.get(PAGE).status_code == 302
    assert client.post(f"{PAGE}disconnect/").status_code == 302


@pytest.mark.parametrize("connected_before", [False, True])
def test_the_page_reads_a_fixed_number_of_queries(
    client, interviewer, django_assert_num_queries, connected_before
):
    if connected_before:
        _connection_of(interviewer, "https://dav.example.com/me/")
    client.force_login(interviewer)
    # Session, user, the connection, the navigation's memberships.
    with django_assert_num_queries(4):
        assert client.get(PAGE).status_code == 200


def test_the_admin_shows_a_connection_without_its_password(
    client, django_user_model, scheduled, connected
):
    client.force_login(django_user_model.objects.create_superuser("root@example.com", "pw-123456"))
    connection = CalendarConnection.objects.get()

    page = client.get(f"/admin/integrations/calendarconnection/{connection.pk}/change/")

    assert page.status_code == 200
    html = page.content.decode()
    assert connection.password_encrypted not in html
    assert CalendarEvent.objects.get().href in html


def test_the_account_data_download_names_the_connection_but_never_its_password(
    interviewer, interviewer_client
):
    connection = _connection_of(interviewer, "https://dav.example.com/me/")

    body = interviewer_client.get("/api/v1/auth/me/export")

    assert body.status_code == 200
    rows = body.json()["calendar_connection"]
    assert [(row["calendar_url"], row["username"]) for row in rows] == [
        ("https://dav.example.com/me/", interviewer.email)
    ]
    assert "app-password" not in body.content.decode()
    assert connection.password_encrypted not in body.content.decode()


# The outbound rules apply to every request the CalDAV library makes


class _Answers(BaseHTTPRequestHandler):
    """Answers every request with a redirect to ``location``, or ``size`` bytes of XML."""

    location = ""
    size = 0

    def _answer(self) -> None:
        if self.location:
            self.send_response(301)
            self.send_header("Location", self.location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b"<x>" + b"a" * self.size + b"</x>"
        self.send_response(207)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PROPFIND = do_GET = _answer

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def serve(settings):
    settings.OUTBOUND_ALLOW_PRIVATE_NETWORKS = True
    servers = []

    def start(**answer) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), type("Handler", (_Answers,), answer))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/cal/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_a_redirect_is_not_followed(interviewer, radicale_calendar, serve):
    url = serve(location=radicale_calendar.url)

    with pytest.raises(ValidationFailed) as refused:
        services.calendar_connect(
            user=interviewer, url=url, username="alice", password=radicale_calendar.password
        )

    assert refused.value.field_errors == {
        "url": f"The address redirects to {radicale_calendar.url}; give that address instead."
    }


def test_an_answer_over_the_size_cap_is_refused(interviewer, serve, settings):
    settings.OUTBOUND_MAX_BYTES = 10_000
    url = serve(size=50_000)

    with pytest.raises(ValidationFailed) as refused:
        services.calendar_connect(user=interviewer, url=url, username="a", password="b")

    assert refused.value.field_errors == {
        "url": "The calendar server answered more than 10000 bytes."
    }


def test_connection_checks_share_the_log_in_rate(interviewer, client, settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "auth": "2/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    client.force_login(interviewer)
    form = {"url": "https://10.0.0.1/cal/", "username": "a", "password": "b"}

    statuses = [client.post(PAGE, form).status_code for _ in range(3)]

    assert statuses == [422, 422, 429]
    assert client.get(PAGE).status_code == 200


def test_an_older_view_of_the_interview_never_overwrites_a_newer_write(scheduled, connected):
    # As if a sync of a later change (a higher SEQUENCE) had already run on another worker.
    CalendarEvent.objects.update(sequence=scheduled.sequence + 1)
    Interview.objects.filter(pk=scheduled.pk).update(title="Stale title")

    calendar_sync.enqueue(str(scheduled.pk))

    assert str(connected.event(uid_of(scheduled))["SUMMARY"]) == "System design"


def test_an_edit_the_event_does_not_show_writes_nothing(
    scheduled, connected, owner_client, django_capture_on_commit_callbacks
):
    # Were the calendar asked, the refused login would be recorded.
    CalendarConnection.objects.update(username="bob")

    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.patch(
            f"/api/v1/interviews/{scheduled.pk}/",
            {"notes": "Bring the system diagram", "strengths": "Clear"},
            format="json",
        )

    assert response.status_code == 200
    assert CalendarConnection.objects.get().last_error == ""


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_sync_waits_for_another_writing_the_same_seat_then_keeps_its_newer_write(
    scheduled, connected
):
    if db.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    seat = Participant.objects.get(interview=scheduled, user__calendar_connection__isnull=False)
    holding = threading.Event()

    def later_sync() -> None:
        # Another worker, syncing a later change: it holds the seat while it writes.
        try:
            with transaction.atomic():
                list(Participant.objects.select_for_update().filter(pk=seat.pk).values("pk"))
                holding.set()
                time.sleep(0.5)
                CalendarEvent.objects.filter(participant=seat).update(
                    sequence=scheduled.sequence + 1
                )
        finally:
            connections.close_all()

    thread = threading.Thread(target=later_sync)
    thread.start()
    assert holding.wait(timeout=10)
    Interview.objects.filter(pk=scheduled.pk).update(title="Stale title")

    calendar_sync.enqueue(str(scheduled.pk))
    thread.join(timeout=10)

    assert str(connected.event(uid_of(scheduled))["SUMMARY"]) == "System design"
    assert CalendarEvent.objects.get(participant=seat).sequence == scheduled.sequence + 1
