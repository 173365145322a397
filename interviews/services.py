"""Every write of interviews: lifecycle, outcome, participants, messages and scorecards.

Each service locks the interview row first (``select_for_update``), so two concurrent
transitions of one interview are serialised: the second sees the first's result and is refused
with a message naming both states. Side effects on the candidate and position pipeline, the
activity log and cache invalidation run in the same transaction; e-mails go after commit.
"""

import datetime as dt
import re
import secrets
import uuid
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from interview_tracker.errors import BusinessRuleError, ConflictError, ValidationFailed
from interview_tracker.mail import absolute_url, choose_password_url, mail_queue
from interview_tracker.models import (
    CLOSED_STATUSES,
    STAFF_ROLES,
    Membership,
    PipelineStatus,
    Role,
    User,
    Workspace,
    new_calendar_token,
    token_digest,
)
from interview_tracker.services import (
    activity_record,
    member_add,
    pipeline_status_change,
    require_team_member,
)
from interview_tracker.tasks import enqueue_on_commit
from positions.models import OpeningStatus, Position

from . import cache
from .models import (
    WEEKDAYS,
    Availability,
    BookingLink,
    Decision,
    EmailTemplate,
    Feedback,
    Interview,
    Message,
    Offer,
    Participant,
    PlanStage,
)
from .slots import free_slots, parse_weekly_hours
from .tasks import interview_mail

# Fields a create or an edit may set directly (status and outcome have their own services).
EDITABLE_FIELDS = frozenset(
    {
        "title",
        "round_number",
        "kind",
        "mode",
        "format",
        "duration_minutes",
        "location",
        "meeting_url",
        "interviewer_name",
        "notes",
        "overall_feedback",
        "strengths",
        "areas_for_improvement",
    }
)
# Edits that change the calendar event (its end or its place), so they raise its SEQUENCE.
CALENDAR_FIELDS = frozenset({"duration_minutes", "location", "meeting_url"})
MESSAGE_MAX_LENGTH = 5000
Status = Interview.Status
Outcome = Interview.Outcome


def _also(interview: Interview) -> list[Any]:
    """The candidate and position whose timelines show this interview's events."""
    return [
        Candidate(pk=interview.candidate_id) if interview.candidate_id else None,
        Position(pk=interview.position_id) if interview.position_id else None,
    ]


def _record(actor: User | None, verb: str, interview: Interview, summary: str, **details: Any):
    activity_record(
        actor=actor,
        verb=verb,
        target=interview,
        summary=summary,
        details=details,
        also=_also(interview),
    )


def _lock(interview: Interview) -> Interview:
    return (
        Interview.objects.select_for_update(of=("self",))
        .select_related("created_by", "workspace")
        .get(pk=interview.pk)
    )


def _require_aware(value: dt.datetime, field: str = "scheduled_at") -> dt.datetime:
    """``value`` in UTC; a time without an offset is refused, as an error of ``field``."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationFailed(
            {field: "Include a time zone offset, e.g. 2025-03-01T14:00:00+01:00."}
        )
    return value.astimezone(dt.UTC)


def _guard_double_booking(interview: Interview, user_ids: list[Any]) -> None:
    """Refuse the interview's time for interviewers already booked then (ConflictError).

    The interviewers' user rows are locked first, in a stable order, so two bookings of one
    person wait for each other and the second sees the first (SQLite's IMMEDIATE transactions
    serialise writers the same way); PostgreSQL's exclusion constraint checks again at write.
    """
    if not user_ids or not interview.seat_window["active"]:
        return
    list(User.objects.select_for_update().filter(pk__in=user_ids).order_by("pk").values("pk"))
    clash = _find_clash(interview, user_ids)
    if clash is not None:
        raise clash


def _find_clash(interview: Interview, user_ids: list[Any]) -> ConflictError | None:
    """The 409 for the first active seat of these interviewers that meets this interview's
    time, naming the person and the other interview's time; None when they are free."""
    window = interview.seat_window
    seat = (
        Participant.objects.overlapping(
            user_ids=user_ids,
            starts_at=window["starts_at"],
            ends_at=window["ends_at"],
            exclude_interview=interview.pk,
        )
        .select_related("user", "interview")
        .order_by("starts_at", "id")
        .first()
    )
    if seat is None:
        return None
    other = seat.interview
    ends = other.scheduled_at + dt.timedelta(minutes=other.duration_minutes)
    return ConflictError(
        f"{seat.user.email} already has an interview from {other.scheduled_at.isoformat()} "
        f"to {ends.isoformat()}.",
        details={
            "resource_type": "Interview",
            "interviewer": str(seat.user_id),
            "interview": str(other.pk),
            "scheduled_at": other.scheduled_at.isoformat(),
            "ends_at": ends.isoformat(),
        },
    )


def _interviewer_ids(interview: Interview) -> list[Any]:
    return list(
        Participant.objects.filter(
            interview=interview, role=Participant.Role.INTERVIEWER
        ).values_list("user_id", flat=True)
    )


def _write_seats(interview: Interview) -> None:
    """Copy the interview's time and status onto its seats. The exclusion constraint's
    refusal (a booking that slipped past the check) is the same 409 as the check's."""
    try:
        with transaction.atomic():
            Participant.objects.filter(interview=interview).update(**interview.seat_window)
    except IntegrityError as exc:
        clash = _find_clash(interview, _interviewer_ids(interview))
        if clash is None:
            raise
        raise clash from exc


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationFailed(dict.fromkeys(unknown, "This field cannot be set here."))
    duration = fields.get("duration_minutes")
    if duration is not None and not 1 <= int(duration) <= 600:
        raise ValidationFailed({"duration_minutes": "Must be between 1 and 600 minutes."})


def _mail_participants(
    interview: Interview, *, subject: str, intro: str, users: list[User] | None = None
) -> None:
    """E-mail the participants (or ``users``) the .ics once the transaction commits; ``subject``
    may name the interview as ``{title}``. The key makes each mail of this change one outbox
    row however often the task runs. A round already over (one recorded after the fact) is
    not announced: an invitation to the past only clutters inboxes and calendars."""
    if interview.scheduled_at + dt.timedelta(minutes=interview.duration_minutes) < timezone.now():
        return
    enqueue_on_commit(
        interview_mail,
        str(interview.pk),
        subject=subject,
        intro=intro,
        key=f"interview:{uuid.uuid4()}",
        user_ids=None if users is None else [str(user.pk) for user in users],
    )


def _move_pipeline(
    interview: Interview, *, from_statuses: set[str], to: str, actor: User | None, models: list
) -> None:
    for model, pk in models:
        if pk is None:
            continue
        # Lock before reading the status, so the decision holds until commit.
        current = (
            model.objects.select_for_update().filter(pk=pk).values_list("status", flat=True).first()
        )
        if current in from_statuses:
            pipeline_status_change(obj=model(pk=pk), status=to, actor=actor)


def _mark_interviewing(interview: Interview, actor: User | None) -> None:
    # Scheduling moves an early-stage candidate and position to "interviewing".
    _move_pipeline(
        interview,
        from_statuses={PipelineStatus.APPLIED, PipelineStatus.SCREENING},
        to=PipelineStatus.INTERVIEWING,
        actor=actor,
        models=[(Candidate, interview.candidate_id), (Position, interview.position_id)],
    )


def _mark_rejected(interview: Interview, actor: User | None) -> None:
    # A failed round rejects the candidate; a position is an opening shared by many candidates,
    # so it is rejected only when the interview is its own (a job-seeker's application).
    targets: list[tuple[Any, Any]] = [(Candidate, interview.candidate_id)]
    if interview.candidate_id is None:
        targets.append((Position, interview.position_id))
    _move_pipeline(
        interview,
        from_statuses={
            PipelineStatus.APPLIED,
            PipelineStatus.SCREENING,
            PipelineStatus.INTERVIEWING,
            PipelineStatus.OFFER,
        },
        to=PipelineStatus.REJECTED,
        actor=actor,
        models=targets,
    )


def _resolve_links(
    workspace_id: Any, candidate: Candidate | None, position: Position | None
) -> tuple[Candidate | None, Position | None]:
    errors = {}
    if candidate is not None and candidate.workspace_id != workspace_id:
        errors["candidate"] = "This candidate belongs to another workspace."
    if position is not None and position.workspace_id != workspace_id:
        errors["position"] = "This position belongs to another workspace."
    if candidate is None and position is None:
        errors["candidate"] = "Give a candidate, a position, or both."
    if errors:
        raise ValidationFailed(errors)
    return candidate, position


@transaction.atomic
def interview_create(
    *,
    actor: User | None,
    workspace: Workspace,
    scheduled_at: dt.datetime,
    candidate: Candidate | None = None,
    position: Position | None = None,
    plan_stage: PlanStage | None = None,
    **fields: Any,
) -> Interview:
    """Schedule an interview; one of a plan stage takes the stage's kind, duration and name
    (unless given) and its default interviewers as participants."""
    _check_fields(fields)
    candidate, position = _resolve_links(workspace.pk, candidate, position)
    if plan_stage is not None:
        fields = plan_stage_prefill(plan_stage, fields)
    interview = Interview(
        workspace=workspace,
        candidate=candidate,
        position=position,
        plan_stage=plan_stage,
        scheduled_at=_require_aware(scheduled_at),
        created_by=actor,
        **fields,
    )
    if position is None and candidate is not None and candidate.position_id:
        # A candidate's interview is for the opening they applied to, unless told otherwise.
        interview.position_id = candidate.position_id
    if plan_stage is not None and plan_stage.position_id != interview.position_id:
        raise ValidationFailed({"plan_stage": "Choose a stage of this interview's opening."})
    interview.save()
    if plan_stage is not None:
        seated = list(plan_stage.default_interviewers.all())
        _guard_double_booking(interview, [user.pk for user in seated])
        Participant.objects.bulk_create(
            Participant(interview=interview, user=user, role=Participant.Role.INTERVIEWER)
            for user in seated
        )
        _write_seats(interview)
    _record(actor, "interview_scheduled", interview, f"Interview “{interview}” scheduled")
    _mark_interviewing(interview, actor)
    cache.invalidate(workspace_id=interview.workspace_id, interview_id=interview.pk)
    _mail_participants(
        interview, subject=f"Interview scheduled: {interview}", intro="An interview is scheduled."
    )
    return interview


@transaction.atomic
def interview_update(
    *,
    actor: User | None,
    interview: Interview,
    scheduled_at: dt.datetime | None = None,
    candidate: Candidate | None = None,
    position: Position | None = None,
    **fields: Any,
) -> Interview:
    """Edit the descriptive fields; a new ``scheduled_at`` goes through ``interview_schedule``."""
    _check_fields(fields)
    locked = _lock(interview)
    changed = [name for name, value in fields.items() if getattr(locked, name) != value]
    for name in changed:
        setattr(locked, name, fields[name])
    if candidate is not None or position is not None:
        _resolve_links(locked.workspace_id, candidate, position)
        if candidate is not None and candidate.pk != locked.candidate_id:
            locked.candidate = candidate
            changed.append("candidate")
        if position is not None and position.pk != locked.position_id:
            locked.position = position
            changed.append("position")
    if "duration_minutes" in changed:
        _guard_double_booking(locked, _interviewer_ids(locked))
    # Calendars update an event only when its SEQUENCE rises: on a change of time or place.
    moved = CALENDAR_FIELDS.intersection(changed)
    if moved:
        locked.sequence += 1
    if changed:
        locked.save(update_fields=[*changed, *(["sequence"] if moved else []), "updated_at"])
        if "duration_minutes" in changed:
            _write_seats(locked)
        _record(actor, "interview_updated", locked, "Interview details updated", fields=changed)
        cache.invalidate(workspace_id=locked.workspace_id, interview_id=locked.pk)
    if moved and locked.status == Status.SCHEDULED:
        _mail_participants(
            locked, subject=f"Interview updated: {locked}", intro="This interview has changed."
        )
    if scheduled_at is not None and _require_aware(scheduled_at) != locked.scheduled_at:
        locked = interview_schedule(actor=actor, interview=locked, scheduled_at=scheduled_at)
    return locked


@transaction.atomic
def interview_schedule(
    *, actor: User | None, interview: Interview, scheduled_at: dt.datetime
) -> Interview:
    """Move a scheduled interview to a new time; SEQUENCE rises so calendars update it."""
    when = _require_aware(scheduled_at)
    locked = _lock(interview)
    if locked.status != Status.SCHEDULED:
        raise BusinessRuleError(
            f"Cannot reschedule an interview that is {locked.status}; only scheduled "
            "interviews can move.",
            details={"status": locked.status},
        )
    previous = locked.scheduled_at
    if when == previous:
        # Nothing moves: calendars keep their event and nobody is e-mailed.
        return locked
    locked.scheduled_at = when
    _guard_double_booking(locked, _interviewer_ids(locked))
    locked.sequence += 1
    locked.save(update_fields=["scheduled_at", "sequence", "updated_at"])
    _write_seats(locked)
    _record(
        actor,
        "interview_rescheduled",
        locked,
        f"Interview “{locked}” moved",
        **{"from": previous.isoformat(), "to": when.isoformat()},
    )
    _mark_interviewing(locked, actor)
    cache.invalidate(workspace_id=locked.workspace_id, interview_id=locked.pk)
    _mail_participants(
        locked, subject=f"Interview moved: {locked}", intro="This interview has a new time."
    )
    return locked


def _record_status(actor: User | None, interview: Interview, previous: str) -> None:
    """The timeline event of a status change (``interview_completed``…: webhooks and the
    activity feed follow these), however the status changed."""
    to = interview.status
    _record(
        actor,
        f"interview_{to}",
        interview,
        f"Interview “{interview}” {previous} → {to}",
        **{"from": previous, "to": to},
    )


def _transition(*, actor: User | None, interview: Interview, to: str) -> Interview:
    locked = _lock(interview)
    if not locked.can_transition(to):
        raise BusinessRuleError(
            f"Cannot move the interview from {locked.status} to {to}.",
            details={"from": locked.status, "to": to},
        )
    previous = locked.status
    locked.status = to
    fields = ["status", "updated_at"]
    if to == Status.CANCELLED:
        locked.outcome = Outcome.CANCELLED
        locked.sequence += 1
        fields += ["outcome", "sequence"]
    locked.save(update_fields=fields)
    _write_seats(locked)
    _record_status(actor, locked, previous)
    cache.invalidate(workspace_id=locked.workspace_id, interview_id=locked.pk)
    if to == Status.CANCELLED:
        _mail_participants(
            locked, subject=f"Interview cancelled: {locked}", intro="This interview is cancelled."
        )
    return locked


@transaction.atomic
def interview_start(*, actor: User | None, interview: Interview) -> Interview:
    return _transition(actor=actor, interview=interview, to=Status.ONGOING)


@transaction.atomic
def interview_complete(*, actor: User | None, interview: Interview) -> Interview:
    return _transition(actor=actor, interview=interview, to=Status.COMPLETED)


@transaction.atomic
def interview_cancel(*, actor: User | None, interview: Interview) -> Interview:
    return _transition(actor=actor, interview=interview, to=Status.CANCELLED)


@transaction.atomic
def interview_set_notes(*, actor: User | None, interview: Interview, notes: str) -> Interview:
    locked = _lock(interview)
    locked.notes = notes
    locked.save(update_fields=["notes", "updated_at"])
    _record(actor, "interview_notes_updated", locked, f"Notes of “{locked}” updated")
    cache.invalidate(workspace_id=locked.workspace_id, interview_id=locked.pk)
    return locked


@transaction.atomic
def interview_set_outcome(*, actor: User | None, interview: Interview, outcome: str) -> Interview:
    """Record the outcome; passed/failed complete an open interview, cancelled cancels it."""
    if outcome not in Outcome.values:
        raise ValidationFailed({"outcome": f"“{outcome}” is not a valid outcome."})
    locked = _lock(interview)
    if locked.status == Status.CANCELLED:
        raise BusinessRuleError(
            f"Cannot record the outcome {outcome} on a cancelled interview.",
            details={"status": locked.status, "outcome": outcome},
        )
    if outcome == Outcome.CANCELLED:
        if locked.status != Status.SCHEDULED:
            raise BusinessRuleError(
                f"Cannot move the interview from {locked.status} to cancelled.",
                details={"from": locked.status, "to": Status.CANCELLED},
            )
        return _transition(actor=actor, interview=locked, to=Status.CANCELLED)
    previous, previous_status = locked.outcome, locked.status
    fields = ["outcome", "updated_at"]
    locked.outcome = outcome
    if outcome in {Outcome.PASSED, Outcome.FAILED} and locked.status in {
        Status.SCHEDULED,
        Status.ONGOING,
    }:
        locked.status = Status.COMPLETED
        fields.append("status")
    locked.save(update_fields=fields)
    _write_seats(locked)
    if locked.status != previous_status:  # completed by its outcome
        _record_status(actor, locked, previous_status)
    _record(
        actor,
        "interview_outcome",
        locked,
        f"Outcome of “{locked}”: {outcome}",
        **{"from": previous, "to": outcome},
    )
    if outcome == Outcome.FAILED:
        _mark_rejected(locked, actor)
    cache.invalidate(workspace_id=locked.workspace_id, interview_id=locked.pk)
    return locked


@transaction.atomic
def interview_delete(*, actor: User | None, interview: Interview) -> None:
    locked = _lock(interview)
    also = [obj for obj in _also(locked) if obj is not None]
    if also:
        # The interview's own timeline goes with it; its candidate's and position's keep this.
        for obj in also:
            obj.workspace_id = locked.workspace_id
        activity_record(
            actor=actor,
            verb="interview_deleted",
            target=also[0],
            summary=f"Interview “{locked}” deleted",
            also=also[1:],
        )
    locked.delete()


@transaction.atomic
def participant_add(
    *,
    actor: User | None,
    interview: Interview,
    role: str,
    user: User | None = None,
    email: str = "",
) -> Participant:
    """Add a participant by user or by e-mail; an unknown e-mail is invited (account +
    membership: ``candidate`` for a candidate, ``interviewer`` otherwise)."""
    if role not in Participant.Role.values:
        raise ValidationFailed({"role": f"“{role}” is not a valid participant role."})
    locked = _lock(interview)
    invited = False
    if user is None:
        if not email.strip():
            raise ValidationFailed({"email": "Give a user or an e-mail address."})
        user = User.objects.filter(email__iexact=email.strip()).first()
        invited = user is None
    if user is None or user.role_in(locked.workspace_id) is None:
        membership_role = Role.CANDIDATE if role == Participant.Role.CANDIDATE else Role.INTERVIEWER
        if user is not None and not email:
            raise ValidationFailed({"user": "This user is not a member of the workspace."})
        membership = member_add(
            workspace=locked.workspace, email=user.email if user else email, role=membership_role
        )
        user = membership.user
        user.forget_workspace_roles()
    if Participant.objects.filter(interview=locked, user=user).exists():
        raise ConflictError(
            f"{user.email} already takes part in this interview.",
            details={"resource_type": "Participant"},
        )
    if role == Participant.Role.INTERVIEWER:
        _guard_double_booking(locked, [user.pk])
    try:
        with transaction.atomic():
            participant = Participant.objects.create(
                interview=locked, user=user, role=role, **locked.seat_window
            )
    except IntegrityError as exc:
        clash = _find_clash(locked, [user.pk]) if role == Participant.Role.INTERVIEWER else None
        raise clash or ConflictError(
            "Already a participant.", details={"resource_type": "Participant"}
        ) from exc
    if role == Participant.Role.CANDIDATE and locked.candidate_id:
        # The invited person is this candidate: their portal shows their own status.
        Candidate.objects.filter(pk=locked.candidate_id, user__isnull=True).update(user=user)
    _record(
        actor,
        "participant_added",
        locked,
        f"{user.email} added as {role}",
        user=str(user.pk),
        role=role,
    )
    cache.invalidate(workspace_id=locked.workspace_id, interview_id=locked.pk)
    if locked.status == Status.SCHEDULED:
        if invited:
            _mail_participants(
                locked,
                users=[user],
                subject="You are invited to an interview: {title}",
                intro=(
                    f"You have been invited to take part as {role}. An account was created "
                    f"for {user.email}; choose your password here (the link works once):\n\n"
                    f"{choose_password_url(user)}\n\n"
                    f"Afterwards, log in at {absolute_url(reverse('login'))}"
                ),
            )
        else:
            _mail_participants(
                locked,
                users=[user],
                subject="Interview scheduled: {title}",
                intro=f"You take part in this interview as {role}.",
            )
    return participant


@transaction.atomic
def participant_remove(*, actor: User | None, participant: Participant) -> None:
    locked = _lock(Interview(pk=participant.interview_id))
    email = User.objects.filter(pk=participant.user_id).values_list("email", flat=True).first()
    participant.delete()
    _record(actor, "participant_removed", locked, f"{email} removed from the interview")
    cache.invalidate(workspace_id=locked.workspace_id, interview_id=locked.pk)


@transaction.atomic
def message_post(*, actor: User, interview: Interview, body: str) -> Message:
    body = body.strip()
    if not 1 <= len(body) <= MESSAGE_MAX_LENGTH:
        raise ValidationFailed({"body": f"Write between 1 and {MESSAGE_MAX_LENGTH} characters."})
    message = Message.objects.create(interview=interview, author=actor, body=body)
    return message


def _clean_scorecard(
    rating: Any, recommendation: Any, criteria: Any
) -> list[dict[str, Any]] | None:
    """Check a scorecard's fields (None: not given); the criteria, cleaned."""
    errors: dict[str, str] = {}
    if rating is not None and (not isinstance(rating, int) or not 1 <= rating <= 5):
        errors["rating"] = "Rate from 1 to 5."
    if recommendation not in (None, "", *Feedback.Recommendation.values):
        errors["recommendation"] = f"“{recommendation}” is not a valid recommendation."
    cleaned: list[dict[str, Any]] | None = None
    if criteria is not None:
        cleaned = []
        if not isinstance(criteria, list):
            errors["criteria"] = "Give a list of {name, score, note}."
        else:
            for index, item in enumerate(criteria):
                name = item.get("name") if isinstance(item, dict) else None
                score = item.get("score") if isinstance(item, dict) else None
                if not isinstance(name, str) or not name.strip() or len(name) > 120:
                    errors[f"criteria.{index}.name"] = "Name each criterion (1-120 characters)."
                if not isinstance(score, int) or not 1 <= score <= 5:
                    errors[f"criteria.{index}.score"] = "Score from 1 to 5."
                if not errors and isinstance(name, str) and isinstance(item, dict):
                    note = str(item.get("note") or "")
                    cleaned.append({"name": name.strip(), "score": score, "note": note})
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def _check_template(interview: Interview, criteria: list[dict[str, Any]]) -> None:
    """A plan-stage interview's scorecard follows its stage's template (422 otherwise)."""
    template = (
        PlanStage.objects.filter(interviews=interview.pk).values_list("criteria", flat=True).first()
    )
    if template:
        check_scorecard_template(template, criteria)


@transaction.atomic
def feedback_submit(
    *,
    actor: User,
    interview: Interview,
    rating: int,
    recommendation: str = "",
    criteria: list[dict[str, Any]] | None = None,
    comment: str = "",
) -> Feedback:
    cleaned = _clean_scorecard(rating, recommendation, criteria or [])
    locked = _lock(interview)
    if locked.status == Status.CANCELLED:
        raise BusinessRuleError("Cannot submit feedback on a cancelled interview.")
    if Feedback.objects.filter(interview=locked, author=actor).exists():
        raise ConflictError(
            "You already submitted feedback on this interview; edit it instead.",
            details={"resource_type": "Feedback"},
        )
    _check_template(locked, cleaned or [])
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(
                interview=locked,
                author=actor,
                rating=rating,
                recommendation=recommendation,
                criteria=cleaned or [],
                comment=comment,
            )
    except IntegrityError as exc:
        raise ConflictError("Feedback already submitted.") from exc
    _record(actor, "feedback_submitted", locked, f"Feedback submitted on “{locked}”")
    cache.invalidate(workspace_id=locked.workspace_id, interview_id=locked.pk)
    return feedback


@transaction.atomic
def feedback_update(
    *,
    actor: User,
    feedback: Feedback,
    rating: int | None = None,
    recommendation: str | None = None,
    criteria: list[dict[str, Any]] | None = None,
    comment: str | None = None,
) -> Feedback:
    cleaned = _clean_scorecard(rating, recommendation, criteria)
    locked = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if cleaned is not None:
        _check_template(Interview(pk=locked.interview_id), cleaned)
    changes = {
        "rating": rating,
        "recommendation": recommendation,
        "criteria": cleaned,
        "comment": comment,
    }
    fields = [name for name, value in changes.items() if value is not None]
    for name in fields:
        setattr(locked, name, changes[name])
    if fields:
        locked.save(update_fields=[*fields, "updated_at"])
        interview = Interview.objects.get(pk=locked.interview_id)
        _record(actor, "feedback_updated", interview, f"Feedback on “{interview}” edited")
        cache.invalidate(workspace_id=interview.workspace_id, interview_id=interview.pk)
    return locked


def calendar_token_rotate(*, user: User) -> str:
    """A new secret for the private feed; every existing subscription stops working."""
    user.calendar_token = new_calendar_token()
    user.save(update_fields=["calendar_token"])
    return user.calendar_token


# Self-scheduling: booking links

# An offer stays open at most this long (and never past its last time).
BOOKING_LINK_LIFETIME = dt.timedelta(days=14)
MAX_OFFERED_SLOTS = 200


def _interviewers(interview: Interview) -> list[User]:
    return list(User.objects.filter(pk__in=_interviewer_ids(interview)).order_by("pk"))


def booking_free_times(
    *, interview: Interview, start: dt.datetime, end: dt.datetime, zone: ZoneInfo
) -> list[dt.datetime]:
    """When every interviewer of the interview is free for its length (its own seats aside)."""
    return free_slots(
        people=_interviewers(interview),
        duration=dt.timedelta(minutes=interview.duration_minutes),
        start=start,
        end=end,
        zone=zone,
        moving=interview.pk,
    )


def _check_offered(
    interview: Interview, slots: list[dt.datetime], zone: ZoneInfo, now: dt.datetime
) -> list[dt.datetime]:
    """The chosen times, in UTC and in order; each must lie ahead and be free now."""
    errors: dict[str, str] = {}
    if not 1 <= len(slots) <= MAX_OFFERED_SLOTS:
        raise ValidationFailed({"slots": f"Offer between 1 and {MAX_OFFERED_SLOTS} times."})
    for index, slot in enumerate(slots):
        if slot.tzinfo is None or slot.utcoffset() is None:
            errors[f"slots.{index}"] = "Include a time zone offset."
        elif slot <= now:
            errors[f"slots.{index}"] = "Offer a time ahead."
    if errors:
        raise ValidationFailed(errors)
    chosen = sorted({slot.astimezone(dt.UTC) for slot in slots})
    duration = dt.timedelta(minutes=interview.duration_minutes)
    last = chosen[-1] + duration
    free = set(booking_free_times(interview=interview, start=chosen[0], end=last, zone=zone))
    for index, slot in enumerate(slots):
        if slot.astimezone(dt.UTC) not in free:
            errors[f"slots.{index}"] = (
                "The interviewers are not all free then (hours, limits or another interview)."
            )
    if errors:
        raise ValidationFailed(errors)
    return chosen


@transaction.atomic
def booking_link_create(
    *,
    actor: User | None,
    interview: Interview,
    zone: ZoneInfo,
    slots: list[dt.datetime] | None = None,
    window: tuple[dt.datetime, dt.datetime] | None = None,
    notify_candidate: bool = False,
) -> tuple[BookingLink, str]:
    """Offer the candidate ``slots`` (or every free time in ``window``) through a new link;
    it replaces the interview's earlier ones. Returns the link and its secret, which is
    stored only as a digest. ``zone`` is the team member's: the grid their times sit on."""
    now = timezone.now()
    if slots is not None:
        offered = _check_offered(interview, slots, zone, now)
    elif window is not None:
        free = booking_free_times(
            interview=interview, start=max(window[0], now), end=window[1], zone=zone
        )
        offered = [slot.astimezone(dt.UTC) for slot in free[:MAX_OFFERED_SLOTS]]
        if not offered:
            raise ValidationFailed(
                {"to": "The interviewers have no free time in this range; widen it."}
            )
    else:
        raise ValidationFailed({"slots": "Give the times to offer, or from and to."})
    candidate = (
        Candidate.objects.filter(pk=interview.candidate_id).first()
        if interview.candidate_id
        else None
    )
    if notify_candidate and (candidate is None or not candidate.email):
        raise ValidationFailed({"notify_candidate": "This interview has no candidate to e-mail."})
    locked = _lock(interview)
    if locked.status != Status.SCHEDULED:
        raise BusinessRuleError(
            f"Cannot offer times for an interview that is {locked.status}.",
            details={"status": locked.status},
        )
    BookingLink.objects.filter(
        interview=locked, status__in=[BookingLink.Status.OPEN, BookingLink.Status.BOOKED]
    ).update(status=BookingLink.Status.REPLACED, updated_at=now)
    token = secrets.token_urlsafe(32)
    link = BookingLink.objects.create(
        interview=locked,
        digest=token_digest(token),
        slots=[slot.isoformat() for slot in offered],
        expires_at=min(now + BOOKING_LINK_LIFETIME, offered[-1]),
        created_by=actor,
    )
    _record(
        actor,
        "booking_link_created",
        locked,
        f"{len(offered)} times offered to the candidate",
        link=str(link.pk),
        expires_at=link.expires_at.isoformat(),
    )
    if notify_candidate and candidate is not None:
        _mail_candidate(
            candidate,
            kind=EmailTemplate.Kind.INVITATION,
            link=booking_url(token),
            key=f"booking-link:{link.pk}",
        )
    return link, token


def booking_url(token: str) -> str:
    return absolute_url(reverse("booking", args=[token]))


def _lock_link(link: BookingLink, *, allowed: set[str]) -> BookingLink:
    """The link locked, with its interview; BusinessRuleError when its state is not one of
    ``allowed`` (it expired, was used up, replaced or cancelled meanwhile)."""
    locked = (
        BookingLink.objects.select_for_update(of=("self",))
        .select_related("interview")
        .get(pk=link.pk)
    )
    state = locked.state(timezone.now())
    if state not in allowed:
        raise BusinessRuleError(
            f"This booking link is {state}: it can no longer change the interview.",
            details={"state": state},
        )
    return locked


@transaction.atomic
def booking_link_book(*, link: BookingLink, start: dt.datetime, time_zone: str) -> BookingLink:
    """The candidate chooses ``start`` (one of the offered times): the interview moves there
    under the same double-booking rule as every other path (ConflictError naming the
    interviewer and the other time), participants and candidate get the invitation."""
    locked = _lock_link(link, allowed={"open", "booked"})
    when = _require_aware(start, "start")
    if when not in locked.offered or when <= timezone.now():
        raise ValidationFailed({"start": "Choose one of the offered times."})
    interview = locked.interview
    moved = when != interview.scheduled_at
    first = locked.status == BookingLink.Status.OPEN
    interview_schedule(actor=None, interview=interview, scheduled_at=when)
    locked.status = BookingLink.Status.BOOKED
    locked.booked_at = timezone.now()
    locked.time_zone = time_zone
    locked.save(update_fields=["status", "booked_at", "time_zone", "updated_at"])
    _record(
        None,
        "interview_booked" if first else "interview_rebooked",
        interview,
        "Time chosen by the candidate" if first else "Time changed by the candidate",
        link=str(locked.pk),
        scheduled_at=when.isoformat(),
    )
    if first and not moved:
        # The offered time was the one already held: nothing moved, so no "moved" e-mail
        # went out, but the candidate has no invitation yet and the team should hear of it.
        _mail_participants(
            interview, subject=f"Interview booked: {interview}", intro="This interview is booked."
        )
    return locked


@transaction.atomic
def booking_link_cancel(*, link: BookingLink) -> BookingLink:
    """The candidate cancels the interview they booked: everyone gets the CANCEL."""
    locked = _lock_link(link, allowed={"booked"})
    locked.status = BookingLink.Status.CANCELLED
    locked.save(update_fields=["status", "updated_at"])
    _transition(actor=None, interview=locked.interview, to=Status.CANCELLED)
    _record(
        None,
        "interview_cancelled_by_candidate",
        locked.interview,
        "Cancelled by the candidate through the booking link",
        link=str(locked.pk),
    )
    return locked


# Structured hiring: interview plans, decisions, e-mail templates and offers.

CRITERION_NAME_MAX = 120
# The pipeline in order: "advance" without a target moves one step along it.
PIPELINE = [
    PipelineStatus.APPLIED,
    PipelineStatus.SCREENING,
    PipelineStatus.INTERVIEWING,
    PipelineStatus.OFFER,
    PipelineStatus.HIRED,
]
PLAN_FIELDS = frozenset({"name", "kind", "duration_minutes", "instructions", "criteria"})


# Interview plans


def clean_criteria(criteria: Any) -> list[dict[str, str]]:
    """The scorecard template: a list of {name, guidance}, names unique within the stage."""
    if not isinstance(criteria, list):
        raise ValidationFailed({"criteria": "Give a list of {name, guidance}."})
    cleaned: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    seen: set[str] = set()
    for index, item in enumerate(criteria):
        name = item.get("name") if isinstance(item, dict) else None
        if not isinstance(name, str) or not name.strip() or len(name) > CRITERION_NAME_MAX:
            errors[f"criteria.{index}.name"] = "Name each criterion (1-120 characters)."
            continue
        name = name.strip()
        if name.casefold() in seen:
            errors[f"criteria.{index}.name"] = f"“{name}” appears twice; names are unique."
            continue
        seen.add(name.casefold())
        cleaned.append({"name": name, "guidance": str(item.get("guidance") or "").strip()})
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def _check_interviewers(workspace_id: Any, users: Iterable[User]) -> list[User]:
    users = list(users)
    staff = set(
        Membership.objects.filter(
            workspace_id=workspace_id,
            user__in=[user.pk for user in users],
            role__in=list(STAFF_ROLES),
        ).values_list("user_id", flat=True)
    )
    strangers = [user.email for user in users if user.pk not in staff]
    if strangers:
        names = ", ".join(strangers)
        raise ValidationFailed(
            {"default_interviewers": f"Not a team member of this workspace: {names}."}
        )
    return users


def _check_plan_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - PLAN_FIELDS
    if unknown:
        raise ValidationFailed(dict.fromkeys(sorted(unknown), "This field cannot be set here."))
    if "name" in fields:
        fields["name"] = str(fields["name"]).strip()
        if not fields["name"]:
            raise ValidationFailed({"name": "Name the stage."})
    if "criteria" in fields:
        fields["criteria"] = clean_criteria(fields["criteria"])
    duration = fields.get("duration_minutes")
    if duration is not None and not 1 <= int(duration) <= 600:
        raise ValidationFailed({"duration_minutes": "Must be between 1 and 600 minutes."})
    return fields


def _lock_plan(position_id: Any) -> list[PlanStage]:
    """The opening's stages in order, locked: two editors reordering one plan take turns."""
    return list(
        PlanStage.objects.select_for_update()
        .filter(position_id=position_id)
        .order_by("order", "id")
    )


def _renumber(stages: Sequence[PlanStage]) -> None:
    for index, stage in enumerate(stages):
        stage.order = index
    PlanStage.objects.bulk_update(stages, ["order"])


@transaction.atomic
def plan_stage_create(
    *,
    actor: User | None,
    position: Position,
    default_interviewers: Iterable[User] = (),
    order: int | None = None,
    **fields: Any,
) -> PlanStage:
    """Append a stage to the opening's plan (or insert it at ``order``)."""
    fields = _check_plan_fields(fields)
    if "name" not in fields:
        raise ValidationFailed({"name": "Name the stage."})
    interviewers = _check_interviewers(position.workspace_id, default_interviewers)
    stages = _lock_plan(position.pk)
    stage = PlanStage.objects.create(
        workspace_id=position.workspace_id, position=position, order=len(stages), **fields
    )
    stage.default_interviewers.set(interviewers)
    if order is not None and order < len(stages):
        stages.insert(max(order, 0), stage)
        _renumber(stages)
    activity_record(
        actor=actor,
        verb="plan_stage_added",
        target=position,
        summary=f"Interview plan: stage “{stage.name}” added",
    )
    return stage


@transaction.atomic
def plan_stage_update(
    *,
    actor: User | None,
    stage: PlanStage,
    default_interviewers: Iterable[User] | None = None,
    order: int | None = None,
    **fields: Any,
) -> PlanStage:
    """Edit a stage; a new ``order`` moves it and renumbers the others (0, 1, 2…)."""
    fields = _check_plan_fields(fields)
    stages = _lock_plan(stage.position_id)
    locked = next(row for row in stages if row.pk == stage.pk)
    changed = [name for name, value in fields.items() if getattr(locked, name) != value]
    for name in changed:
        setattr(locked, name, fields[name])
    if changed:
        locked.save(update_fields=[*changed, "updated_at"])
    if default_interviewers is not None:
        locked.default_interviewers.set(
            _check_interviewers(locked.workspace_id, default_interviewers)
        )
        changed.append("default_interviewers")
    if order is not None and order != stages.index(locked):
        stages.remove(locked)
        stages.insert(min(max(order, 0), len(stages)), locked)
        _renumber(stages)
        changed.append("order")
    if changed:
        activity_record(
            actor=actor,
            verb="plan_stage_updated",
            target=Position(pk=locked.position_id, workspace_id=locked.workspace_id),
            summary=f"Interview plan: stage “{locked.name}” edited",
            details={"fields": sorted(changed)},
        )
    return locked


@transaction.atomic
def plan_stage_delete(*, actor: User | None, stage: PlanStage) -> None:
    """Remove a stage; its interviews keep their data and simply lose the link."""
    stages = _lock_plan(stage.position_id)
    locked = next(row for row in stages if row.pk == stage.pk)
    stages.remove(locked)
    locked.delete()
    _renumber(stages)
    activity_record(
        actor=actor,
        verb="plan_stage_removed",
        target=Position(pk=stage.position_id, workspace_id=stage.workspace_id),
        summary=f"Interview plan: stage “{stage.name}” removed",
    )


@transaction.atomic
def plan_copy(
    *, actor: User | None, position: Position, from_position: Position
) -> list[tuple[PlanStage, PlanStage]]:
    """Append a copy of ``from_position``'s plan to ``position``'s; returns (source, copy)
    pairs so the kit's questions can follow (``questions.plans.plan_copy``)."""
    if from_position.workspace_id != position.workspace_id:
        raise ValidationFailed({"from_position": "Choose an opening of the same workspace."})
    if from_position.pk == position.pk:
        raise ValidationFailed({"from_position": "Choose another opening."})
    start = len(_lock_plan(position.pk))
    sources = list(
        PlanStage.objects.filter(position=from_position)
        .prefetch_related("default_interviewers")
        .order_by("order", "id")
    )
    copies = PlanStage.objects.bulk_create(
        PlanStage(
            workspace_id=position.workspace_id,
            position=position,
            order=start + index,
            name=source.name,
            kind=source.kind,
            duration_minutes=source.duration_minutes,
            instructions=source.instructions,
            criteria=source.criteria,
        )
        for index, source in enumerate(sources)
    )
    through = PlanStage.default_interviewers.through
    through.objects.bulk_create(
        through(planstage_id=copy.pk, user_id=user.pk)
        for source, copy in zip(sources, copies, strict=True)
        for user in source.default_interviewers.all()
    )
    activity_record(
        actor=actor,
        verb="plan_copied",
        target=position,
        summary=f"Interview plan copied from “{from_position.title}” ({len(copies)} stages)",
        details={"from_position": str(from_position.pk)},
    )
    return list(zip(sources, copies, strict=True))


def plan_stage_prefill(stage: PlanStage, fields: dict[str, Any]) -> dict[str, Any]:
    """An interview of this stage: its kind, duration and a title unless given explicitly."""
    return {
        "kind": stage.kind,
        "duration_minutes": stage.duration_minutes,
        "title": stage.name,
        **{name: value for name, value in fields.items() if value not in (None, "")},
    }


def check_scorecard_template(template: list[dict[str, str]], criteria: list[dict[str, Any]]):
    """A scorecard of a plan-stage interview scores every criterion of the template, no other."""
    expected = [item["name"] for item in template]
    given = [item["name"] for item in criteria]
    errors = {
        f"criteria.{name}": f"Score “{name}” (1-5): it is on this stage's scorecard."
        for name in expected
        if name not in given
    }
    errors |= {
        f"criteria.{name}": f"“{name}” is not a criterion of this stage's scorecard."
        for name in given
        if name not in expected
    }
    if errors:
        raise ValidationFailed(errors, message="The scorecard does not match the stage's template.")


# E-mail templates

PLACEHOLDERS = frozenset(
    {"candidate.name", "position.title", "company.name", "interview.when", "link"}
)
PLACEHOLDER = re.compile(r"{{\s*(.*?)\s*}}")
DEFAULT_TEMPLATES: dict[str, tuple[str, str]] = {
    EmailTemplate.Kind.INVITATION: (
        "Your application for {{ position.title }} at {{ company.name }}",
        "Dear {{ candidate.name }},\n\nThank you for applying for {{ position.title }}. We would "
        "like to invite you to interview with us. Please choose a time here: {{ link }}\n\n"
        "Kind regards,\n{{ company.name }}",
    ),
    EmailTemplate.Kind.SCHEDULING: (
        "Next step: {{ position.title }} at {{ company.name }}",
        "Dear {{ candidate.name }},\n\nGood news: we would like to move forward with your "
        "application for {{ position.title }}. Your next interview: {{ interview.when }}.\n"
        "Details: {{ link }}\n\nKind regards,\n{{ company.name }}",
    ),
    EmailTemplate.Kind.REJECTION: (
        "Your application for {{ position.title }}",
        "Dear {{ candidate.name }},\n\nThank you for the time you gave us. After careful "
        "consideration we will not move forward with your application for {{ position.title }}."
        "\n\nWe wish you every success,\n{{ company.name }}",
    ),
    EmailTemplate.Kind.OFFER: (
        "Your offer for {{ position.title }} at {{ company.name }}",
        "Dear {{ candidate.name }},\n\nWe are delighted to offer you the position of "
        "{{ position.title }}. Read the offer and accept or decline it here: {{ link }}\n\n"
        "Kind regards,\n{{ company.name }}",
    ),
}
# Which template a decision's e-mail uses; a hold tells the candidate nothing.
DECISION_TEMPLATE = {
    Decision.Kind.ADVANCE: EmailTemplate.Kind.SCHEDULING,
    Decision.Kind.REJECT: EmailTemplate.Kind.REJECTION,
    Decision.Kind.HIRE: EmailTemplate.Kind.OFFER,
}


def check_placeholders(**texts: str) -> None:
    errors = {}
    for field, text in texts.items():
        unknown = sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})
        if unknown:
            known = ", ".join(f"{{{{ {name} }}}}" for name in sorted(PLACEHOLDERS))
            errors[field] = f"Unknown placeholder {', '.join(unknown)}; use {known}."
    if errors:
        raise ValidationFailed(errors)


def _check_kind(kind: str) -> None:
    if kind not in EmailTemplate.Kind.values:
        raise ValidationFailed({"kind": f"“{kind}” is not a kind of e-mail template."})


@transaction.atomic
def email_template_create(
    *, actor: User | None, workspace: Workspace, kind: str, subject: str, body: str
) -> EmailTemplate:
    _check_kind(kind)
    check_placeholders(subject=subject, body=body)
    try:
        with transaction.atomic():
            return EmailTemplate.objects.create(
                workspace=workspace, kind=kind, subject=subject, body=body
            )
    except IntegrityError as exc:
        raise ConflictError(
            f"This workspace already has a {kind} template; edit it instead.",
            details={"resource_type": "EmailTemplate", "field": "kind"},
        ) from exc


@transaction.atomic
def email_template_update(
    *, actor: User | None, template: EmailTemplate, **changes: str
) -> EmailTemplate:
    if "kind" in changes and changes["kind"] != template.kind:
        raise ValidationFailed({"kind": "The kind of a template does not change."})
    changes.pop("kind", None)
    check_placeholders(**changes)
    for name, value in changes.items():
        setattr(template, name, value)
    template.save(update_fields=[*changes, "updated_at"])
    return template


def email_template_delete(*, actor: User | None, template: EmailTemplate) -> None:
    """The workspace's wording goes; the default of its kind applies again."""
    template.delete()


def email_render(*, workspace_id: Any, kind: str, values: dict[str, str]) -> tuple[str, str]:
    """The workspace's template of ``kind`` (or the default) with its placeholders filled."""
    stored = (
        EmailTemplate.objects.filter(workspace_id=workspace_id, kind=kind)
        .values_list("subject", "body")
        .first()
    )
    subject, body = stored or DEFAULT_TEMPLATES[kind]

    def fill(text: str) -> str:
        return PLACEHOLDER.sub(lambda match: values.get(match.group(1), ""), text)

    return fill(subject).replace("\n", " "), fill(body)


def _candidate_values(candidate: Candidate, link: str) -> dict[str, str]:
    """Placeholder values for ``candidate``, read from the database."""
    names = (
        Candidate.objects.filter(pk=candidate.pk)
        .values_list("name", "position__title", "position__company__name")
        .first()
    )
    name, title, company = names or ("", "", "")
    nxt = (
        Interview.objects.filter(
            candidate_id=candidate.pk,
            status=Interview.Status.SCHEDULED,
            scheduled_at__gte=timezone.now(),
        )
        .order_by("scheduled_at")
        .values_list("scheduled_at", flat=True)
        .first()
    )
    return {
        "candidate.name": name or "",
        "position.title": title or "",
        "company.name": company or "",
        "interview.when": nxt.strftime("%A %d %B %Y, %H:%M UTC") if nxt else "to be arranged",
        "link": link,
    }


def _mail_candidate(candidate: Candidate, *, kind: str, link: str, key: str) -> None:
    """Queue the candidate's e-mail of ``kind`` (delivered after commit, retried)."""
    values = _candidate_values(candidate, link)
    subject, body = email_render(workspace_id=candidate.workspace_id, kind=kind, values=values)
    mail_queue(to=candidate.email, subject=subject, body=body, key=key)


# Decisions


def _advance_target(current: str, to_status: str | None) -> str:
    if current in CLOSED_STATUSES:
        raise BusinessRuleError(
            f"Cannot advance a candidate who is {current}.", details={"from": current}
        )
    if to_status is None:
        return PIPELINE[PIPELINE.index(PipelineStatus(current)) + 1]
    if to_status not in PIPELINE or PIPELINE.index(PipelineStatus(to_status)) <= PIPELINE.index(
        PipelineStatus(current)
    ):
        raise BusinessRuleError(
            f"Cannot advance the candidate from {current} to {to_status}.",
            details={"from": current, "to": to_status},
        )
    return to_status


@transaction.atomic
def candidate_decide(
    *,
    actor: User | None,
    candidate: Candidate,
    decision: str,
    to_status: str | None = None,
    reason: str = "",
    notify_candidate: bool = False,
) -> Decision:
    """Record the team's decision and move the candidate accordingly (a hold moves nothing)."""
    reason = reason.strip()
    if decision not in Decision.Kind.values:
        raise ValidationFailed({"decision": f"“{decision}” is not a decision."})
    if decision == Decision.Kind.REJECT and not reason:
        raise ValidationFailed({"reason": "Give the reason for a rejection."})
    if to_status is not None and decision != Decision.Kind.ADVANCE:
        raise ValidationFailed({"to_status": "Only an advance names a status."})
    if notify_candidate and decision not in DECISION_TEMPLATE:
        raise ValidationFailed({"notify_candidate": "A hold sends the candidate no e-mail."})
    current = (
        Candidate.objects.select_for_update()
        .filter(pk=candidate.pk)
        .values_list("status", flat=True)
    ).get()
    target = {
        Decision.Kind.ADVANCE: lambda: _advance_target(current, to_status),
        Decision.Kind.REJECT: lambda: PipelineStatus.REJECTED,
        Decision.Kind.HOLD: lambda: current,
        Decision.Kind.HIRE: lambda: PipelineStatus.HIRED,
    }[Decision.Kind(decision)]()
    if decision in {Decision.Kind.REJECT, Decision.Kind.HIRE} and current in CLOSED_STATUSES:
        raise BusinessRuleError(
            f"Cannot move the candidate from {current} to {target}.",
            details={"from": current, "to": target},
        )
    record = Decision.objects.create(
        workspace_id=candidate.workspace_id,
        candidate=candidate,
        decision=decision,
        from_status=current,
        to_status=target,
        reason=reason,
        notified=notify_candidate,
        decided_by=actor,
    )
    activity_record(
        actor=actor,
        verb="decision_recorded",
        target=candidate,
        summary=f"Decision: {decision}" + (f" ({reason})" if reason else ""),
        details={"decision": decision, "from": current, "to": target, "reason": reason},
        also=[_position_of(candidate)],
    )
    if target != current:
        pipeline_status_change(
            obj=candidate,
            status=target,
            actor=actor,
            rejection_reason=reason if decision == Decision.Kind.REJECT else None,
        )
    if decision == Decision.Kind.HIRE:
        _fill_when_staffed(candidate.position_id, actor)
    if notify_candidate:
        _mail_candidate(
            candidate,
            kind=DECISION_TEMPLATE[Decision.Kind(decision)],
            link=reverse("interviews:portal"),
            key=f"decision:{record.pk}",
        )
    return record


def _position_of(candidate: Candidate) -> Position | None:
    if candidate.position_id is None:
        return None
    return Position(pk=candidate.position_id, workspace_id=candidate.workspace_id)


def _fill_when_staffed(position_id: Any, actor: User | None) -> None:
    """An opening whose hired candidates reach its headcount is filled."""
    if position_id is None:
        return
    position = Position.objects.select_for_update().get(pk=position_id)
    hired = Candidate.objects.filter(position_id=position_id, status=PipelineStatus.HIRED).count()
    if hired >= position.headcount and position.opening_status != OpeningStatus.FILLED:
        previous = position.opening_status
        position.opening_status = OpeningStatus.FILLED
        position.save(update_fields=["opening_status", "updated_at"])
        activity_record(
            actor=actor,
            verb="opening_filled",
            target=position,
            summary=f"Opening filled ({hired} of {position.headcount} hired)",
            details={"from": previous, "to": OpeningStatus.FILLED},
        )


# Offers

OFFER_FIELDS = frozenset({"salary", "currency", "start_date", "expires_at", "notes"})


def _check_offer_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - OFFER_FIELDS
    if unknown:
        raise ValidationFailed(dict.fromkeys(sorted(unknown), "This field cannot be set here."))
    errors = {}
    if "salary" in fields and Decimal(fields["salary"]) < 0:
        errors["salary"] = "A salary cannot be negative."
    if "currency" in fields:
        fields["currency"] = str(fields["currency"]).strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", fields["currency"]):
            errors["currency"] = "Use a three-letter ISO 4217 code, e.g. EUR."
    expires = fields.get("expires_at")
    if isinstance(expires, dt.datetime) and expires.tzinfo is None:
        errors["expires_at"] = "Include a time zone offset."
    if errors:
        raise ValidationFailed(errors)


def _offer_record(actor: User | None, offer: Offer, verb: str, summary: str, **details: Any):
    activity_record(
        actor=actor,
        verb=verb,
        target=Candidate(pk=offer.candidate_id, workspace_id=offer.workspace_id),
        summary=summary,
        details={"offer": str(offer.pk), **details},
        also=[Position(pk=offer.position_id, workspace_id=offer.workspace_id)],
    )


@transaction.atomic
def offer_create(
    *,
    actor: User | None,
    candidate: Candidate,
    position: Position | None = None,
    approver: User | None = None,
    **fields: Any,
) -> Offer:
    """A draft offer for the candidate's opening (or ``position``)."""
    _check_offer_fields(fields)
    position_id = position.pk if position is not None else candidate.position_id
    errors = {}
    if position_id is None:
        errors["position"] = "Name the opening this offer is for."
    elif position is not None and position.workspace_id != candidate.workspace_id:
        errors["position"] = "Choose an opening of the candidate's workspace."
    if "salary" not in fields:
        errors["salary"] = "This field is required."
    if "currency" not in fields:
        errors["currency"] = "This field is required."
    if errors:
        raise ValidationFailed(errors)
    require_team_member(workspace_id=candidate.workspace_id, user=approver, field="approver")
    offer = Offer.objects.create(
        workspace_id=candidate.workspace_id,
        candidate=candidate,
        position_id=position_id,  # type: ignore[misc]  # checked not None above
        approver=approver,
        created_by=actor,
        **fields,
    )
    _offer_record(actor, offer, "offer_created", f"Offer drafted: {offer.amount}")
    return offer


def _lock_offer(offer: Offer) -> Offer:
    return Offer.objects.select_for_update(of=("self",)).get(pk=offer.pk)


@transaction.atomic
def offer_update(
    *, actor: User | None, offer: Offer, approver: User | None = None, **fields: Any
) -> Offer:
    """Edit a draft; an approved or sent offer is withdrawn and drafted anew instead."""
    _check_offer_fields(fields)
    locked = _lock_offer(offer)
    if locked.status != Offer.Status.DRAFT:
        raise BusinessRuleError(
            f"Cannot edit an offer that is {locked.status}; only a draft changes.",
            details={"status": locked.status},
        )
    if approver is not None:
        require_team_member(workspace_id=locked.workspace_id, user=approver, field="approver")
        locked.approver = approver
        fields["approver"] = approver
    for name, value in fields.items():
        setattr(locked, name, value)
    if fields:
        locked.save(update_fields=[*fields, "updated_at"])
        _offer_record(actor, locked, "offer_updated", "Offer edited", fields=sorted(fields))
    return locked


def _offer_move(*, actor: User | None, offer: Offer, to: str) -> Offer:
    locked = _lock_offer(offer)
    if not locked.can_transition(to):
        raise BusinessRuleError(
            f"Cannot move the offer from {locked.status} to {to}.",
            details={"from": locked.status, "to": to},
        )
    previous = locked.status
    locked.status = to
    locked.save(update_fields=["status", "updated_at"])
    _offer_record(
        actor,
        locked,
        f"offer_{to}",
        f"Offer {to} ({locked.amount})",
        **{"from": previous, "to": to},
    )
    return locked


@transaction.atomic
def offer_approve(*, actor: User | None, offer: Offer) -> Offer:
    return _offer_move(actor=actor, offer=offer, to=Offer.Status.APPROVED)


@transaction.atomic
def offer_send(*, actor: User | None, offer: Offer) -> Offer:
    """The candidate sees the offer in their portal and is e-mailed the offer template."""
    sent = _offer_move(actor=actor, offer=offer, to=Offer.Status.SENT)
    candidate = Candidate.objects.get(pk=sent.candidate_id)
    if candidate.status not in CLOSED_STATUSES and candidate.status != PipelineStatus.OFFER:
        pipeline_status_change(obj=candidate, status=PipelineStatus.OFFER, actor=actor)
    _mail_candidate(
        candidate,
        kind=EmailTemplate.Kind.OFFER,
        link=reverse("interviews:portal"),
        key=f"offer-sent:{sent.pk}",
    )
    return sent


@transaction.atomic
def offer_withdraw(*, actor: User | None, offer: Offer) -> Offer:
    return _offer_move(actor=actor, offer=offer, to=Offer.Status.WITHDRAWN)


def _check_not_expired(offer: Offer) -> None:
    if offer.expires_at is not None and offer.expires_at <= timezone.now():
        raise BusinessRuleError(
            "This offer expired; ask the team for a new one.",
            details={"expires_at": offer.expires_at.isoformat()},
        )


@transaction.atomic
def offer_accept(*, actor: User | None, offer: Offer) -> Offer:
    """The candidate accepts: they are hired, and the opening is filled at its headcount. A
    candidate the team closed meanwhile (rejected, withdrawn, hired) accepts nothing: the team's
    decision stands until they reopen the candidate."""
    _check_not_expired(offer)
    current = (
        Candidate.objects.select_for_update()
        .filter(pk=offer.candidate_id)
        .values_list("status", flat=True)
    ).get()
    if current in CLOSED_STATUSES:
        raise BusinessRuleError(
            f"This offer can no longer be accepted: the candidate is {current}.",
            details={"candidate_status": current},
        )
    accepted = _offer_move(actor=actor, offer=offer, to=Offer.Status.ACCEPTED)
    candidate = Candidate(pk=accepted.candidate_id, workspace_id=accepted.workspace_id)
    pipeline_status_change(obj=candidate, status=PipelineStatus.HIRED, actor=actor)
    _fill_when_staffed(accepted.position_id, actor)
    return accepted


@transaction.atomic
def offer_decline(*, actor: User | None, offer: Offer) -> Offer:
    _check_not_expired(offer)
    return _offer_move(actor=actor, offer=offer, to=Offer.Status.DECLINED)


@transaction.atomic
def availability_update(
    *,
    user: User,
    weekly_hours: dict[str, list[str]],
    max_interviews_per_day: int | None = None,
    max_interviews_per_week: int | None = None,
    busy_calendar_url: str = "",
) -> Availability:
    """Replace a person's availability (one row per person, created on first save)."""
    parse_weekly_hours(weekly_hours)
    errors = {
        name: "Give a number of at least 1, or nothing for no limit."
        for name, cap in (
            ("max_interviews_per_day", max_interviews_per_day),
            ("max_interviews_per_week", max_interviews_per_week),
        )
        if cap is not None and (not isinstance(cap, int) or not 1 <= cap <= 100)
    }
    # The address itself is checked when it is read (it may resolve differently by then).
    if busy_calendar_url and urlsplit(busy_calendar_url).scheme not in {"http", "https"}:
        errors["busy_calendar_url"] = "Give an http or https address."
    if errors:
        raise ValidationFailed(errors)
    availability, _ = Availability.objects.select_for_update().update_or_create(
        user=user,
        defaults={
            "weekly_hours": {day: list(weekly_hours.get(day, [])) for day in WEEKDAYS},
            "max_interviews_per_day": max_interviews_per_day,
            "max_interviews_per_week": max_interviews_per_week,
            "busy_calendar_url": busy_calendar_url,
        },
    )
    return availability
