"""Every e-mail the product sends goes through here: written to the outbox (``OutboundMail``)
with the change that causes it, delivered by a task once that change commits, retried with
backoff while the mail server is down, and sent at most once per row.

Why an outbox row rather than the message in the task's arguments: a retry, a second worker
or a redelivered task all meet the same row, and ``sent_at`` tells them it is done; the admin
lists what waits and the last error.
"""

import datetime as dt
import email.policy
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage, mailers
from django.core.mail.backends import console
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import OutboundMail, User
from .tasks import enqueue_on_commit, retried


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: str
    mimetype: str


def single_line(text: str) -> str:
    """Subjects are one line by construction: a newline in a title would make the mail
    library refuse the whole message (header injection)."""
    return " ".join(text.split())


@transaction.atomic
def mail_queue(
    *,
    to: str,
    subject: str,
    body: str,
    attachments: Iterable[Attachment] = (),
    key: str = "",
) -> OutboundMail | None:
    """Write one e-mail to the outbox and deliver it once the transaction commits. With a
    ``key`` already queued (a producer running twice) nothing new is written: None."""
    mail = OutboundMail(
        key=key[:200],
        to=to,
        subject=single_line(subject)[:255],
        body=body,
        attachments=[
            {"filename": a.filename, "content": a.content, "mimetype": a.mimetype}
            for a in attachments
        ],
    )
    if key:
        try:
            with transaction.atomic():
                mail.save()
        except IntegrityError:
            return None
    else:
        mail.save()
    enqueue_on_commit(mail_deliver, str(mail.pk))
    return mail


def _claim(mail_id: str, now: dt.datetime) -> OutboundMail | None:
    """Take the mail for this attempt with one conditional UPDATE (no lock held while the mail
    server answers): None when it is sent or another worker is sending it right now."""
    stale = now - dt.timedelta(seconds=settings.MAIL_CLAIM_SECONDS)
    claimed = (
        OutboundMail.objects.filter(pk=mail_id, sent_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )
    return OutboundMail.objects.get(pk=mail_id) if claimed else None


def _message(mail: OutboundMail) -> EmailMessage:
    message = EmailMessage(
        subject=mail.subject,
        body=mail.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
        # One id per outbox row: a copy that slips through anyway is recognisably the same mail.
        headers={"Message-ID": mail.message_id},
    )
    for attachment in mail.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return message


@task
@retried
def mail_deliver(mail_id: str) -> str:
    """Send one outbox row unless it was sent already; a failure releases the claim and raises,
    so ``retried`` tries again later."""
    mail = _claim(mail_id, timezone.now())
    if mail is None:
        return "already sent or being sent"
    try:
        mailers.default.send_messages([_message(mail)])
    except Exception as exc:
        OutboundMail.objects.filter(pk=mail.pk).update(
            claimed_at=None, last_error=f"{type(exc).__name__}: {exc}"[:1000]
        )
        raise
    OutboundMail.objects.filter(pk=mail.pk).update(sent_at=timezone.now(), last_error="")
    return "sent"


# RFC 5322's line limit instead of the 78 characters at which Python starts quoted-printable
# encoding: a text part then goes out as plain 7bit/8bit, and a long link stays one line.
WHOLE_LINES = email.policy.default.clone(max_line_length=998)


def absolute_url(path: str) -> str:
    """``path`` on the site as people reach it (``SITE_URL``), for links in e-mails."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def choose_password_url(user: User) -> str:
    """A one-click link to choose a password: an invited person's account has none yet. The
    same one-time link as a password reset (it stops working once a password is set)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute_url(reverse("password-reset-confirm", args=[uid, token]))


class ConsoleEmailBackend(console.EmailBackend):
    """Django's console backend, printing each text part unencoded so that a developer can
    click the links in it (quoted-printable would cut them with soft line breaks)."""

    def write_message(self, message: Any) -> None:
        rendered = message.message(policy=WHOLE_LINES).as_bytes().decode("utf-8", "replace")
        self.stream.write(f"{rendered}\n{'-' * 79}\n")


def team_invitation_queue(*, user: User, workspace_name: str, role: str) -> None:
    """Tell someone they joined a team: a new account gets the link to choose its password,
    an existing one the log-in link."""
    if user.has_usable_password():
        how = f"Log in to start: {absolute_url(reverse('login'))}"
    else:
        how = (
            "An account was created for you. Choose your password here (the link works "
            f"once):\n\n{choose_password_url(user)}"
        )
    mail_queue(
        to=user.email,
        subject=f"You joined {workspace_name} on Interview Tracker",
        body=f"You were added to “{workspace_name}” on Interview Tracker as {role}.\n\n{how}\n",
    )
