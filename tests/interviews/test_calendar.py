import icalendar
import pytest
from django.core import mail

from .conftest import url

pytestmark = pytest.mark.django_db


def event_of(content):
    cal = icalendar.Calendar.from_ical(content)
    return cal, next(iter(cal.walk("VEVENT")))


def test_ics_keeps_its_uid_and_raises_the_sequence_on_reschedule(owner_client, interview, owner):
    owner.time_zone = "Europe/Berlin"
    owner.save(update_fields=["time_zone"])
    response = owner_client.get(url(interview, "ics/"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal, first = event_of(response.content)
    assert str(first["UID"]) == f"{interview.pk}@interview-tracker"
    assert str(cal["METHOD"]) == "REQUEST"
    assert first.decoded("DTSTART").tzinfo.key == "Europe/Berlin"
    assert cal.walk("VTIMEZONE")
    owner_client.put(
        url(interview, "schedule/"), {"scheduled_at": "2031-06-01T10:00:00Z"}, format="json"
    )
    _, second = event_of(owner_client.get(url(interview, "ics/")).content)
    assert second["UID"] == first["UID"]
    assert int(second["SEQUENCE"]) > int(first["SEQUENCE"])


def test_a_cancelled_interview_says_so(owner_client, interview):
    owner_client.post(url(interview, "cancel/"))
    cal, event = event_of(owner_client.get(url(interview, "ics/")).content)
    assert str(cal["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"


def test_participants_get_the_ics_when_moved_or_cancelled(
    owner_client, interview, interviewer, candidate_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.put(
            url(interview, "schedule/"), {"scheduled_at": "2031-06-01T10:00:00Z"}, format="json"
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([interviewer.email, candidate_user.email])
    assert all(m.subject.startswith("Interview moved") for m in mail.outbox)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(url(interview, "cancel/"))
    assert len(mail.outbox) == 2
    _name, content, mimetype = mail.outbox[0].attachments[0]
    assert "method=CANCEL" in mimetype
    assert "STATUS:CANCELLED" in (content.decode() if isinstance(content, bytes) else content)


def test_the_private_feed_parses_and_rotates(interviewer_client, interview, client):
    url_body = interviewer_client.get("/api/v1/calendar/feed-url/").json()
    feed = url_body["url"]
    assert "/interviews/calendar/" in feed
    assert feed.endswith(".ics")
    path = feed.split("testserver", 1)[1]
    response = client.get(path)  # no session: calendar apps subscribe anonymously
    assert response.status_code == 200
    cal = icalendar.Calendar.from_ical(response.content)
    assert [str(e["UID"]) for e in cal.walk("VEVENT")] == [f"{interview.pk}@interview-tracker"]
    rotated = interviewer_client.post("/api/v1/calendar/feed-url/").json()["url"]
    assert rotated != feed
    assert client.get(path).status_code == 404
    assert client.get(rotated.split("testserver", 1)[1]).status_code == 200


def test_a_candidates_feed_lists_only_their_interviews(
    candidate_client, interview, workspace, client
):
    from tests.factories import InterviewFactory

    InterviewFactory(workspace=workspace)
    path = (
        candidate_client.get("/api/v1/calendar/feed-url/").json()["url"].split("testserver", 1)[1]
    )
    cal = icalendar.Calendar.from_ical(client.get(path).content)
    assert len(cal.walk("VEVENT")) == 1


@pytest.mark.parametrize(
    ("role", "expected"),
    [("owner", 200), ("interviewer", 200), ("candidate", 200), ("outsider", 404)],
)
def test_ics_role_matrix(client_for, interview, role, expected):
    assert client_for(role).get(url(interview, "ics/")).status_code == expected
