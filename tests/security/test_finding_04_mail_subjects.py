"""Finding 4: one interview title with a line break made ``send_reminders`` crash for every
workspace, after every due reminder had been marked sent (10 of 10 lost); the same title
silently dropped that interview's calendar e-mails. Subjects are now single-line by
construction, each reminder is sent and recorded on its own, and "sent" is recorded only once
the mail server took the message.

The reminders go to a real SMTP server on a free loopback port (aiosmtpd) that refuses one
mailbox, as a real server refuses an address it does not know."""

import asyncio
import datetime as dt
import email
import email.policy
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from aiosmtpd.smtp import SMTP
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from interview_tracker.mail import mail_deliver
from interview_tracker.models import OutboundMail, Role
from interview_tracker.settings.base import mailer_from_url
from interviews.models import Participant, SentReminder
from tests.factories import (
    InterviewFactory,
    MembershipFactory,
    ParticipantFactory,
    UserFactory,
    WorkspaceFactory,
)

INJECTED_TITLE = "Panel\nBcc: everyone@example.com"


@dataclass
class Mailbox:
    """Accepts every recipient but the ``refused`` ones; keeps what it was given."""

    refused: set[str] = field(default_factory=set)
    delivered: list[tuple[list[str], bytes]] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.delivered.append((list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted for delivery"

    def subjects(self) -> list[str]:
        """Each delivered message's Subject header, unfolded."""
        return [
            str(email.message_from_bytes(content, policy=email.policy.default)["Subject"]).strip()
            for _, content in self.delivered
        ]


@pytest.fixture
def smtp_server(settings) -> Iterator[Mailbox]:
    """An SMTP server on 127.0.0.1, port chosen by the system, in a thread of its own."""
    mailbox = Mailbox()
    loop = asyncio.new_event_loop()
    # The loop runs in its own thread from the start: the browser tests may leave a loop
    # running in this one, where run_until_complete is refused.
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    server = asyncio.run_coroutine_threadsafe(
        loop.create_server(lambda: SMTP(mailbox), "127.0.0.1", 0, reuse_address=True), loop
    ).result(timeout=10)
    port = server.sockets[0].getsockname()[1]
    settings.MAILERS = {"default": mailer_from_url(f"smtp://127.0.0.1:{port}")}
    try:
        yield mailbox
    finally:
        server.close()
        asyncio.run_coroutine_threadsafe(server.wait_closed(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()


def _ten_rounds_in_two_workspaces() -> list[str]:
    """Ten interviews starting within the hour, one participant each (a member); the first
    one's title carries a line break. Returns the participants' addresses."""
    workspaces = [WorkspaceFactory(name="First team"), WorkspaceFactory(name="Second team")]
    addresses = []
    for n in range(10):
        workspace = workspaces[n % 2]
        person = UserFactory(email=f"person{n}@example.com")
        MembershipFactory(user=person, workspace=workspace, role=Role.INTERVIEWER)
        interview = InterviewFactory(
            workspace=workspace,
            title=INJECTED_TITLE if n == 0 else f"Round {n}",
            scheduled_at=timezone.now() + dt.timedelta(minutes=30 + n),
        )
        ParticipantFactory(interview=interview, user=person, role=Participant.Role.INTERVIEWER)
        addresses.append(person.email)
    return addresses


@pytest.mark.django_db(transaction=True)
def test_finding_04_a_title_with_a_line_break_loses_no_reminder(smtp_server):
    addresses = _ten_rounds_in_two_workspaces()
    call_command("send_reminders", verbosity=0)
    assert sorted(to[0] for to, _ in smtp_server.delivered) == sorted(addresses)
    subjects = smtp_server.subjects()
    assert all("\n" not in subject for subject in subjects)
    assert any(s.startswith("Reminder: Panel Bcc: everyone@example.com on ") for s in subjects)
    assert SentReminder.objects.count() == 10
    # Recorded once sent: a second run sends nothing again.
    call_command("send_reminders", verbosity=0)
    assert len(smtp_server.delivered) == 10


@pytest.mark.django_db(transaction=True)
def test_finding_04_a_refused_reminder_stays_due_and_blocks_no_other(smtp_server):
    addresses = _ten_rounds_in_two_workspaces()
    smtp_server.refused.add(addresses[3])
    call_command("send_reminders", verbosity=0)
    delivered = sorted(to[0] for to, _ in smtp_server.delivered)
    assert delivered == sorted(set(addresses) - {addresses[3]})
    # Recorded with its outbox row, so it is not lost: the row waits, with the server's refusal.
    waiting = OutboundMail.objects.get(sent_at__isnull=True)
    assert waiting.to == addresses[3]
    assert waiting.last_error.startswith("SMTPRecipientsRefused")
    assert SentReminder.objects.count() == 10
    # The queue's next attempt, once the mailbox exists, sends that one and only that one.
    smtp_server.refused.clear()
    mail_deliver.call(str(waiting.pk))
    assert [to for to, _ in smtp_server.delivered[9:]] == [[addresses[3]]]
    call_command("send_reminders", verbosity=0)
    assert len(smtp_server.delivered) == 10


def test_finding_04_calendar_mail_of_a_title_with_a_line_break_is_sent(
    owner_client, workspace, interviewer, django_capture_on_commit_callbacks
):
    response = owner_client.post(
        "/api/v1/interviews/",
        {
            "title": INJECTED_TITLE,
            "scheduled_at": (timezone.now() + dt.timedelta(days=1)).isoformat(),
            "position": None,
            "candidate": str(_candidate_id(owner_client)),
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    with django_capture_on_commit_callbacks(execute=True):
        added = owner_client.post(
            f"/api/v1/interviews/{response.json()['id']}/participants/",
            {"user": str(interviewer.pk), "role": "interviewer"},
            format="json",
        )
    assert added.status_code == 201
    # Before: the message was refused while being built, logged and never sent.
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["interviewer@example.com"], "Interview scheduled: Panel Bcc: everyone@example.com")
    ]
    assert mail.outbox[0].message()["Bcc"] is None


def _candidate_id(client) -> str:
    response = client.post(
        "/api/v1/candidates/", {"name": "Ada", "email": "ada@example.com"}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()["id"]
