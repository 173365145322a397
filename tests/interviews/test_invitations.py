"""Calendar invitations: ORGANIZER and ATTENDEEs, SEQUENCE only on real change, the mail part."""

import icalendar
import pytest
from django.core import mail

from interview_tracker.models import Membership
from interviews.tasks import interview_mail

from .conftest import url

pytestmark = pytest.mark.django_db


def _event(client, interview):
    cal = icalendar.Calendar.from_ical(client.get(url(interview, "ics/")).content)
    return cal, next(iter(cal.walk("VEVENT")))


def test_the_invitation_names_the_organiser_and_every_participant(
    owner_client, interview, owner, interviewer, candidate_user
):
    cal, event = _event(owner_client, interview)
    assert str(cal["METHOD"]) == "REQUEST"
    assert str(event["ORGANIZER"]) == f"mailto:{owner.email}"
    attendees = {
        str(a): (a.params["ROLE"], a.params["PARTSTAT"], a.params["RSVP"])
        for a in event["ATTENDEE"]
    }
    assert attendees == {
        f"mailto:{interviewer.email}": ("REQ-PARTICIPANT", "NEEDS-ACTION", "TRUE"),
        f"mailto:{candidate_user.email}": ("REQ-PARTICIPANT", "NEEDS-ACTION", "TRUE"),
    }


def test_sequence_rises_on_time_and_place_only(owner_client, interview):
    def sequence():
        return int(_event(owner_client, interview)[1]["SEQUENCE"])

    start = sequence()
    owner_client.patch(url(interview), {"title": "Renamed", "notes": "x"}, format="json")
    assert sequence() == start
    same_time = interview.scheduled_at.isoformat()
    owner_client.put(url(interview, "schedule/"), {"scheduled_at": same_time}, format="json")
    assert sequence() == start
    owner_client.patch(url(interview), {"location": "Room 2"}, format="json")
    assert sequence() == start + 1
    owner_client.patch(url(interview), {"duration_minutes": 45}, format="json")
    assert sequence() == start + 2


def test_a_place_change_mails_the_update_and_cancel_keeps_the_uid(
    owner_client, interview, django_capture_on_commit_callbacks
):
    _, before = _event(owner_client, interview)
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.patch(url(interview), {"meeting_url": "https://meet.example.com/x"})
    assert {m.subject for m in mail.outbox} == {f"Interview updated: {interview.title}"}
    _name, _content, mimetype = mail.outbox[0].attachments[0]
    assert mimetype.startswith("text/calendar; method=REQUEST")
    owner_client.post(url(interview, "cancel/"))
    cal, after = _event(owner_client, interview)
    assert (str(cal["METHOD"]), str(after["UID"])) == ("CANCEL", str(before["UID"]))
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 2


def test_a_round_recorded_after_it_ended_is_not_announced(
    owner_client, interview, django_capture_on_commit_callbacks
):
    past = interview.scheduled_at.replace(year=2020).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        moved = owner_client.put(url(interview, "schedule/"), {"scheduled_at": past}, format="json")
    assert moved.status_code == 200
    assert mail.outbox == []
    future = interview.scheduled_at.isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.put(url(interview, "schedule/"), {"scheduled_at": future}, format="json")
    assert [m.subject for m in mail.outbox][:1] == [f"Interview moved: {interview.title}"]


def test_a_named_recipient_who_left_the_interview_before_the_mail_went_gets_none(
    interview, interviewer, workspace, django_capture_on_commit_callbacks
):
    # The mail of a change names its recipients when the change commits; the queue may run
    # it later. Who is gone from the interview by then (seat removed, or no longer a member of
    # the workspace) is not e-mailed.
    Membership.objects.filter(workspace=workspace, user=interviewer).delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = interview_mail.call(
            str(interview.pk),
            subject="Interview scheduled: {title}",
            intro="You take part.",
            key="test-key",
            user_ids=[str(interviewer.pk)],
        )
    assert sent == 0
    assert mail.outbox == []
