"""Writes of structured hiring: interview plans, decisions, e-mail templates and offers.

The same conventions as ``services``: keyword-only, atomic, domain errors, every change on the
candidate's (and opening's) timeline, e-mail queued through ``interview_tracker.mail.mail_queue``.
"""

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from interview_tracker.errors import BusinessRuleError, ConflictError, ValidationFailed
from interview_tracker.mail import mail_queue
from interview_tracker.models import (
    CLOSED_STATUSES,
    STAFF_ROLES,
    Membership,
    PipelineStatus,
    User,
    Workspace,
)
from interview_tracker.services import activity_record, pipeline_status_change
from positions.models import OpeningStatus, Position

from .models import Decision, EmailTemplate, Interview, Offer, PlanStage

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
    pairs so the kit's questions can follow (``questions.services.plan_copy``)."""
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


def _check_approver(workspace_id: Any, approver: User | None) -> None:
    if approver is None:
        return
    if not Membership.objects.filter(
        workspace_id=workspace_id, user=approver, role__in=list(STAFF_ROLES)
    ).exists():
        raise ValidationFailed({"approver": "The approver must be a team member."})


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
    _check_approver(candidate.workspace_id, approver)
    offer = Offer.objects.create(
        workspace_id=candidate.workspace_id,
        candidate=candidate,
        position_id=position_id,  # type: ignore[misc]  # checked not None above
        approver=approver,
        created_by=actor,
        **fields,
    )
    _offer_record(actor, offer, "offer_created", f"Offer drafted: {offer.salary} {offer.currency}")
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
        _check_approver(locked.workspace_id, approver)
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
        f"Offer {to} ({locked.salary} {locked.currency})",
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
    """The candidate accepts: they are hired, and the opening is filled at its headcount."""
    _check_not_expired(offer)
    accepted = _offer_move(actor=actor, offer=offer, to=Offer.Status.ACCEPTED)
    candidate = Candidate(pk=accepted.candidate_id, workspace_id=accepted.workspace_id)
    pipeline_status_change(obj=candidate, status=PipelineStatus.HIRED, actor=actor)
    _fill_when_staffed(accepted.position_id, actor)
    return accepted


@transaction.atomic
def offer_decline(*, actor: User | None, offer: Offer) -> Offer:
    _check_not_expired(offer)
    return _offer_move(actor=actor, offer=offer, to=Offer.Status.DECLINED)
