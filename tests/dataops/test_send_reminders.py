import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from interviews.models import SentReminder
from tests.factories import (
    FeedbackFactory,
    InterviewFactory,
    MembershipFactory,
    ParticipantFactory,
    PositionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def remind(run, django_capture_on_commit_callbacks):
    """send_reminders, with the e-mails it sends once its records are committed."""

    def call(**options):
        with django_capture_on_commit_callbacks(execute=True):
            return run("send_reminders", **options)

    return call


@pytest.fixture
def soon(workspace, interviewer, candidate_user):
    interview = InterviewFactory(
        workspace=workspace, scheduled_at=timezone.now() + dt.timedelta(hours=3), title="Tech"
    )
    ParticipantFactory(interview=interview, user=interviewer, role="interviewer")
    ParticipantFactory(interview=interview, user=candidate_user, role="candidate")
    return interview


def test_participants_of_interviews_starting_soon_are_reminded_once(remind, soon):
    later = InterviewFactory(
        workspace=soon.workspace, scheduled_at=timezone.now() + dt.timedelta(hours=30)
    )
    # A member of the workspace: seats of people who are not (any more) get no reminder.
    colleague = UserFactory()
    MembershipFactory(user=colleague, workspace=soon.workspace, role="interviewer")
    ParticipantFactory(interview=later, user=colleague)
    result = remind()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "candidate.user@example.com",
        "interviewer@example.com",
    ]
    assert mail.outbox[0].subject.startswith("Reminder: Tech on ")
    assert "Sent 2 reminders (2 upcoming)." in result.out
    remind()
    assert len(mail.outbox) == 2
    # A wider window reaches the later interview.
    remind(within=48)
    assert len(mail.outbox) == 3


def test_a_rescheduled_interview_is_reminded_again(remind, soon):
    remind()
    soon.sequence += 1
    soon.save(update_fields=["sequence"])
    remind()
    assert len(mail.outbox) == 4


def test_dry_run_sends_and_records_nothing(remind, soon):
    result = remind(dry_run=True)
    assert "Would send 2 reminders (2 upcoming)." in result.out
    assert mail.outbox == []
    assert SentReminder.objects.count() == 0


def test_interviewers_who_owe_feedback_are_reminded(remind, workspace, interviewer, recruiter):
    done = InterviewFactory(
        workspace=workspace,
        status="completed",
        scheduled_at=timezone.now() - dt.timedelta(days=2),
    )
    ParticipantFactory(interview=done, user=interviewer, role="interviewer")
    ParticipantFactory(interview=done, user=recruiter, role="interviewer")
    FeedbackFactory(interview=done, author=recruiter)
    remind()
    assert [(m.to, m.subject.split(":")[0]) for m in mail.outbox] == [
        (["interviewer@example.com"], "Feedback overdue")
    ]


def test_owners_hear_about_follow_ups_due_on_active_positions(remind, workspace, owner, recruiter):
    today = timezone.localdate()
    PositionFactory(workspace=workspace, title="Due", next_follow_up=today)
    PositionFactory(workspace=workspace, title="Later", next_follow_up=today + dt.timedelta(1))
    PositionFactory(workspace=workspace, title="Closed", next_follow_up=today, status="hired")
    remind()
    assert [(m.to, m.subject.split(" at ")[0]) for m in mail.outbox] == [
        (["owner@example.com"], "Follow up: Due")
    ]
