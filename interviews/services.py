"""Every write of interviews: lifecycle, outcome, participants, messages and scorecards.

Each service locks the interview row first (``select_for_update``), so two concurrent
transitions of one interview are serialised: the second sees the first's result and is refused
with a message naming both states. Side effects on the candidate and position pipeline, the
activity log and cache invalidation run in the same transaction; e-mails go after commit.
"""

import datetime as dt
import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse

from candidates.models import Candidate
from interview_tracker.errors import BusinessRuleError, ConflictError, ValidationFailed
from interview_tracker.models import (
    PipelineStatus,
    Role,
    User,
    Workspace,
    new_calendar_token,
)
from interview_tracker.services import activity_record, member_add, pipeline_status_change
from interview_tracker.tasks import enqueue_on_commit
from positions.models import Position

from . import cache
from .hiring import check_scorecard_template, plan_stage_prefill
from .models import Feedback, Interview, Message, Participant, PlanStage
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


def _require_aware(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationFailed(
            {"scheduled_at": "Include a time zone offset, e.g. 2025-03-01T14:00:00+01:00."}
        )
    return value.astimezone(dt.UTC)


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
    row however often the task runs."""
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
        Participant.objects.bulk_create(
            Participant(interview=interview, user=user, role=Participant.Role.INTERVIEWER)
            for user in plan_stage.default_interviewers.all()
        )
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
    if changed:
        locked.save(update_fields=[*changed, "updated_at"])
        _record(actor, "interview_updated", locked, "Interview details updated", fields=changed)
        cache.invalidate(workspace_id=locked.workspace_id, interview_id=locked.pk)
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
    locked.scheduled_at = when
    locked.sequence += 1
    locked.save(update_fields=["scheduled_at", "sequence", "updated_at"])
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
    _record(
        actor,
        f"interview_{to}",
        locked,
        f"Interview “{locked}” {previous} → {to}",
        **{"from": previous, "to": to},
    )
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
    previous = locked.outcome
    fields = ["outcome", "updated_at"]
    locked.outcome = outcome
    if outcome in {Outcome.PASSED, Outcome.FAILED} and locked.status in {
        Status.SCHEDULED,
        Status.ONGOING,
    }:
        locked.status = Status.COMPLETED
        fields.append("status")
    locked.save(update_fields=fields)
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
    try:
        with transaction.atomic():
            participant = Participant.objects.create(interview=locked, user=user, role=role)
    except IntegrityError as exc:
        raise ConflictError(
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
                    f"You have been invited to take part as {role}. An account was created for "
                    f"{user.email}: choose your password at {reverse('password-reset')} "
                    f"and log in at {reverse('login')}."
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
