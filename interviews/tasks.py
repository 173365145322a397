"""Interview work that runs on the task queue: the calendar e-mails of a change, built after
the change commits from the interview as it then is (its final participants and time)."""

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from candidates.services import candidates_apply_retention
from interview_tracker.models import User
from interview_tracker.tasks import retried

from .calendar import Guest, booked_guest, interview_mail_queue
from .models import Interview, Participant


@task
@retried
@transaction.atomic
def interview_mail(
    interview_id: str, *, subject: str, intro: str, key: str, user_ids: list[str] | None = None
) -> int:
    """Queue the e-mails about one change of an interview to ``user_ids`` (every participant,
    and the candidate who booked it through a link, when None). ``subject`` may name the
    interview as ``{title}``. Returns how many recipients."""
    interview = Interview.objects.select_related("created_by").filter(pk=interview_id).first()
    if interview is None:  # deleted before the queue reached it: nobody to tell
        return 0
    # Only seats of current members: a removed member's seat grants nothing, e-mails included.
    seats = Participant.objects.filter(interview_id=interview_id).of_members()
    users = User.objects.filter(interview_participations__in=seats)
    if user_ids is not None:
        users = users.filter(pk__in=user_ids)
    recipients: list[User | Guest] = list(users.order_by("email"))
    guest = booked_guest(interview)
    if guest is not None and user_ids is None:
        recipients.append(guest)
    interview_mail_queue(
        interview=interview,
        recipients=recipients,
        subject=subject.replace("{title}", str(interview)),
        intro=intro,
        key=key,
        guest=guest,
    )
    return len(recipients)


@task
@retried
def retention_apply() -> int:
    """The schedule's purge: anonymise the rejected and withdrawn candidates past their
    workspace's ``retention_days``. Running it twice anonymises nobody twice (the second run
    finds them done). Returns how many were anonymised."""
    return candidates_apply_retention(now=timezone.now())
