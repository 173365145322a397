"""Writes of the positions app: companies, roles, skills, CV versions, positions and contacts.

Every write appends to the activity log; every status change goes through
``pipeline_status_change`` (the one writer of StatusChange).
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models.deletion import ProtectedError
from django.utils import timezone

from interview_tracker.errors import BusinessRuleError, ConflictError, ValidationFailed
from interview_tracker.fields import clean_tags
from interview_tracker.models import CLOSED_STATUSES, PipelineStatus, User, Workspace
from interview_tracker.services import (
    activity_record,
    activity_record_deletion,
    pipeline_status_change,
    require_team_member,
    status_edit,
)

from .models import Company, Contact, CVVersion, JobRole, Position, Skill
from .selectors import companies_named


def _label(model: type[models.Model]) -> str:
    return str(model._meta.verbose_name).capitalize()


def _check_same_workspace(workspace_id: Any, **related: models.Model | None) -> None:
    """References must stay inside the row's workspace (a user may belong to several)."""
    errors = {
        field: "Choose one from the same workspace."
        for field, obj in related.items()
        if obj is not None and obj.workspace_id != workspace_id  # type: ignore[attr-defined]
    }
    if errors:
        raise ValidationFailed(errors)


def _save_new(obj: models.Model, *, conflict: str) -> None:
    """Insert under a savepoint; a unique constraint the database enforces answers 409."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise ConflictError(conflict, details={"resource_type": type(obj).__name__}) from exc


def _save_changes(obj: models.Model, fields: Iterable[str], *, conflict: str) -> None:
    try:
        with transaction.atomic():
            obj.save(update_fields=[*fields, "updated_at"])
    except IntegrityError as exc:
        raise ConflictError(conflict, details={"resource_type": type(obj).__name__}) from exc


def _assign(obj: models.Model, changes: dict[str, Any]) -> list[str]:
    """Set the changed attributes; returns the names of those that differ."""
    changed = []
    for field, value in changes.items():
        if getattr(obj, field) != value:
            setattr(obj, field, value)
            changed.append(field)
    return changed


def _delete(obj: models.Model, *, actor: User | None, also: Iterable[models.Model] = ()) -> None:
    label = _label(type(obj))
    activity_record_deletion(actor=actor, obj=obj, summary=f"{label} “{obj}” deleted", also=also)
    try:
        with transaction.atomic():
            obj.delete()
    except ProtectedError as exc:
        count = len(exc.protected_objects)
        raise BusinessRuleError(
            f"{label} “{obj}” is used by {count} record(s); reassign or delete them first.",
            details={"resource_type": type(obj).__name__, "protected_count": count},
        ) from exc


# Companies ------------------------------------------------------------------------------------


@transaction.atomic
def companies_by_name(*, workspace_id: Any, names: set[str]) -> dict[str, Company]:
    """The workspace's companies with these names (keyed by lower-case name), creating the
    missing ones: two queries whatever the number of names."""
    wanted = {name.lower(): name for name in names if name}
    found = companies_named(workspace_id, wanted)
    missing = [Company(workspace_id=workspace_id, name=wanted[k]) for k in wanted if k not in found]
    Company.objects.bulk_create(missing)
    found.update((company.name.lower(), company) for company in missing)
    return found


def company_get_or_create(*, workspace: Workspace, name: str, actor: User | None) -> Company:
    """Find a company by name, case-insensitively, or create it."""
    name = name.strip()
    if not name:
        raise ValidationFailed({"company_name": "A company name is required."})
    existing = Company.objects.filter(workspace=workspace, name__iexact=name).first()
    if existing is not None:
        return existing  # the usual case: one read, no transaction of its own
    company = Company(workspace=workspace, name=name)
    with transaction.atomic():
        try:
            with transaction.atomic():
                company.save()
        except IntegrityError:  # created concurrently: the unique constraint decided, use theirs
            return Company.objects.get(workspace=workspace, name__iexact=name)
        activity_record(
            actor=actor, verb="created", target=company, summary=f"Company {name} created"
        )
    return company


def _create_named[N: Company | Skill | JobRole](obj: N, *, actor: User | None) -> N:
    """Insert a catalog row whose name is unique per workspace (409 on a duplicate)."""
    label = _label(type(obj))
    obj.name = obj.name.strip()
    _save_new(obj, conflict=f"A {label.lower()} named “{obj.name}” already exists.")
    activity_record(actor=actor, verb="created", target=obj, summary=f"{label} {obj.name} created")
    return obj


def _update_named(
    obj: Company | Skill | JobRole, *, actor: User | None, changes: dict[str, Any]
) -> list[str]:
    """Apply changes to a catalog row; returns the changed fields (already recorded)."""
    label = _label(type(obj))
    if "name" in changes:
        changes["name"] = changes["name"].strip()
    changed = _assign(obj, changes)
    if changed:
        _save_changes(
            obj, changed, conflict=f"A {label.lower()} named “{obj.name}” already exists."
        )
        activity_record(
            actor=actor,
            verb="updated",
            target=obj,
            summary=f"{label} {obj.name} updated",
            details={"fields": changed},
        )
    return changed


@transaction.atomic
def company_create(
    *, workspace: Workspace, actor: User | None, name: str, **fields: Any
) -> Company:
    return _create_named(Company(workspace=workspace, name=name, **fields), actor=actor)


@transaction.atomic
def company_update(*, company: Company, actor: User | None, **changes: Any) -> Company:
    _update_named(company, actor=actor, changes=changes)
    return company


@transaction.atomic
def company_delete(*, company: Company, actor: User | None) -> None:
    """A company that positions still reference cannot go (its FK protects them)."""
    _delete(company, actor=actor)


# Skills and roles -----------------------------------------------------------------------------


@transaction.atomic
def skill_create(*, workspace: Workspace, actor: User | None, name: str, **fields: Any) -> Skill:
    return _create_named(Skill(workspace=workspace, name=name, **fields), actor=actor)


@transaction.atomic
def skill_update(*, skill: Skill, actor: User | None, **changes: Any) -> Skill:
    _update_named(skill, actor=actor, changes=changes)
    return skill


@transaction.atomic
def skill_delete(*, skill: Skill, actor: User | None) -> None:
    _delete(skill, actor=actor)


@transaction.atomic
def role_create(
    *,
    workspace: Workspace,
    actor: User | None,
    name: str,
    typical_skills: Iterable[Skill] = (),
    **fields: Any,
) -> JobRole:
    skills = list(typical_skills)
    for skill in skills:
        _check_same_workspace(workspace.id, typical_skills=skill)
    role = _create_named(JobRole(workspace=workspace, name=name, **fields), actor=actor)
    role.typical_skills.set(skills)
    return role


@transaction.atomic
def role_update(
    *,
    role: JobRole,
    actor: User | None,
    typical_skills: Iterable[Skill] | None = None,
    **changes: Any,
) -> JobRole:
    if typical_skills is not None:
        skills = list(typical_skills)
        for skill in skills:
            _check_same_workspace(role.workspace_id, typical_skills=skill)
        current = set(role.typical_skills.values_list("pk", flat=True))
        if current != {skill.pk for skill in skills}:
            role.typical_skills.set(skills)
            activity_record(
                actor=actor,
                verb="updated",
                target=role,
                summary=f"Role {role.name} updated",
                details={"fields": ["typical_skills"]},
            )
    _update_named(role, actor=actor, changes=changes)
    return role


@transaction.atomic
def role_delete(*, role: JobRole, actor: User | None) -> None:
    _delete(role, actor=actor)


# CV versions ----------------------------------------------------------------------------------


@transaction.atomic
def cv_version_create(
    *, workspace: Workspace, actor: User | None, label: str, **fields: Any
) -> CVVersion:
    cv = CVVersion(workspace=workspace, label=label.strip(), **fields)
    cv.save()
    activity_record(actor=actor, verb="created", target=cv, summary=f"CV version {cv.label} added")
    return cv


@transaction.atomic
def cv_version_update(*, cv_version: CVVersion, actor: User | None, **changes: Any) -> CVVersion:
    changed = _assign(cv_version, changes)
    if changed:
        cv_version.save(update_fields=[*changed, "updated_at"])
        activity_record(
            actor=actor,
            verb="updated",
            target=cv_version,
            summary=f"CV version {cv_version.label} updated",
            details={"fields": changed},
        )
    return cv_version


@transaction.atomic
def cv_version_delete(*, cv_version: CVVersion, actor: User | None) -> None:
    """Positions that used it keep their history; their ``cv_version`` becomes empty."""
    _delete(cv_version, actor=actor)


# Positions ------------------------------------------------------------------------------------


def _check_salary(salary_min: int | None, salary_max: int | None) -> None:
    if salary_min is not None and salary_max is not None and salary_min > salary_max:
        raise ValidationFailed({"salary_max": "Must be greater than or equal to salary_min."})


def _resolve_company(
    workspace: Workspace, actor: User | None, company: Company | None, company_name: str | None
) -> Company | None:
    if company_name:
        return company_get_or_create(workspace=workspace, name=company_name, actor=actor)
    return company


@transaction.atomic
def position_create(
    *,
    workspace: Workspace,
    actor: User | None,
    title: str,
    company: Company | None = None,
    company_name: str | None = None,
    required_skills: Iterable[Skill] = (),
    status: str | None = None,
    rejection_reason: str = "",
    tags: Iterable[str] = (),
    **fields: Any,
) -> Position:
    """Create a position (an opening or an application); it starts ``applied``.

    ``company_name`` finds or creates the company by name (case-insensitive); a ``status`` other
    than ``applied`` is reached through the pipeline, so the move is in the history.
    """
    company = _resolve_company(workspace, actor, company, company_name)
    if company is None:
        raise ValidationFailed({"company_name": "Give a company or a company name."})
    skills = list(required_skills)
    _check_same_workspace(
        workspace.id,
        company=company,
        role=fields.get("role"),
        cv_version=fields.get("cv_version"),
    )
    for skill in skills:
        _check_same_workspace(workspace.id, required_skills=skill)
    _check_salary(fields.get("salary_min"), fields.get("salary_max"))
    require_team_member(
        workspace_id=workspace.id, user=fields.get("hiring_manager"), field="hiring_manager"
    )
    position = Position(
        workspace=workspace,
        title=title.strip(),
        company=company,
        rejection_reason=rejection_reason,
        tags=clean_tags(tags),
        **fields,
    )
    position.save()
    if skills:  # a new row has none to compare with: no read before the insert
        Position.required_skills.through.objects.bulk_create(
            Position.required_skills.through(position=position, skill=skill) for skill in skills
        )
    (event,) = activity_record(
        actor=actor,
        verb="created",
        target=position,
        summary=f"Position {position.title} at {company.name} created",
    )
    if status and status != position.status:
        position_change_status(position=position, status=status, actor=actor)
    else:
        # What ``with_stats`` would read back for the new row, known here.
        position.interview_count = 0
        position.last_activity_at = event.created_at
    return position


@transaction.atomic
def position_update(
    *,
    position: Position,
    actor: User | None,
    company_name: str | None = None,
    required_skills: Iterable[Skill] | None = None,
    status: str | None = None,
    rejection_reason: str | None = None,
    **changes: Any,
) -> Position:
    """Change a position's fields; a new ``status`` goes through the pipeline."""
    if company_name:
        # Only the id is needed: a bare instance spares a query for the workspace row.
        workspace = Workspace(id=position.workspace_id)
        changes["company"] = company_get_or_create(
            workspace=workspace, name=company_name, actor=actor
        )
    if "tags" in changes:
        changes["tags"] = clean_tags(changes["tags"])
    if "title" in changes:
        changes["title"] = changes["title"].strip()
    _check_same_workspace(
        position.workspace_id,
        company=changes.get("company"),
        role=changes.get("role"),
        cv_version=changes.get("cv_version"),
    )
    _check_salary(
        changes.get("salary_min", position.salary_min),
        changes.get("salary_max", position.salary_max),
    )
    if "hiring_manager" in changes:
        manager = changes.pop("hiring_manager")
        require_team_member(
            workspace_id=position.workspace_id, user=manager, field="hiring_manager"
        )
        # Compared and saved by id: the current manager's row need not be read.
        changes["hiring_manager_id"] = getattr(manager, "pk", None)
    changed = _assign(position, changes)
    if changed:
        position.save(update_fields=[*changed, "updated_at"])
    if required_skills is not None:
        skills = list(required_skills)
        for skill in skills:
            _check_same_workspace(position.workspace_id, required_skills=skill)
        position.required_skills.set(skills)
        changed.append("required_skills")
    if changed:
        activity_record(
            actor=actor,
            verb="updated",
            target=position,
            summary=f"Position {position.title} updated",
            details={"fields": sorted(changed)},
        )
    status_edit(obj=position, status=status, rejection_reason=rejection_reason, actor=actor)
    return position


@transaction.atomic
def position_change_status(
    *, position: Position, status: str, actor: User | None, rejection_reason: str | None = None
) -> Position:
    """Move a position through the pipeline; the move is recorded as a StatusChange."""
    pipeline_status_change(
        obj=position, status=status, actor=actor, rejection_reason=rejection_reason
    )
    return position


@transaction.atomic
def position_delete(*, position: Position, actor: User | None) -> None:
    """Delete a position with everything that only made sense with it.

    A job-seeker's rounds (interviews without a candidate) go with it; a recruiter's interviews
    with a candidate stay on the candidate (their ``position`` becomes empty, the FK's SET_NULL);
    contacts cascade; candidates stay in the pipeline without an opening. The reverse relations
    are reached by name so that this app never imports a later one.
    """
    interviews = getattr(position, "interviews", None)
    if interviews is not None:
        interviews.filter(candidate__isnull=True).delete()
    _delete(position, actor=actor)


# Contacts -------------------------------------------------------------------------------------


@transaction.atomic
def contact_create(*, position: Position, actor: User | None, name: str, **fields: Any) -> Contact:
    contact = Contact(workspace_id=position.workspace_id, position=position, name=name, **fields)
    contact.save()
    activity_record(
        actor=actor,
        verb="contact_added",
        target=position,
        summary=f"Contact {contact.name} added",
        details={"contact": str(contact.pk)},
    )
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, actor: User | None, **changes: Any) -> Contact:
    changed = _assign(contact, changes)
    if changed:
        contact.save(update_fields=[*changed, "updated_at"])
        activity_record(
            actor=actor,
            verb="contact_updated",
            target=contact.position,
            summary=f"Contact {contact.name} updated",
            details={"contact": str(contact.pk), "fields": changed},
        )
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact, actor: User | None) -> None:
    activity_record(
        actor=actor,
        verb="contact_removed",
        target=contact.position,
        summary=f"Contact {contact.name} removed",
        details={"contact": str(contact.pk)},
    )
    contact.delete()


# The rejection reason of an application the company never answered.
GHOSTED = "ghosted"
SNOOZE_DAYS = (1, 3, 7, 14)


@transaction.atomic
def position_follow_up_done(*, position: Position, actor: User | None) -> Position:
    """The follow-up is done: the date is cleared and the timeline says so."""
    due = position.next_follow_up
    Position.objects.filter(pk=position.pk).update(next_follow_up=None, updated_at=timezone.now())
    position.next_follow_up = None
    activity_record(
        actor=actor,
        verb="follow_up_done",
        target=position,
        summary=f"Followed up on “{position.title}”",
        details={"due": due.isoformat() if due else None},
    )
    return position


@transaction.atomic
def position_follow_up_snooze(*, position: Position, actor: User | None, days: int) -> Position:
    if days not in SNOOZE_DAYS:
        raise ValidationFailed({"days": f"Snooze for {', '.join(map(str, SNOOZE_DAYS))} days."})
    until = timezone.localdate() + dt.timedelta(days=days)
    Position.objects.filter(pk=position.pk).update(next_follow_up=until, updated_at=timezone.now())
    position.next_follow_up = until
    activity_record(
        actor=actor,
        verb="follow_up_snoozed",
        target=position,
        summary=f"Follow-up on “{position.title}” moved to {until:%d %b}",
        details={"until": until.isoformat()},
    )
    return position


@transaction.atomic
def position_mark_ghosted(*, position: Position, actor: User | None) -> Position:
    """The company stopped answering: the application is rejected with the reason "ghosted"
    and no follow-up is left pending."""
    if position.status in CLOSED_STATUSES and position.rejection_reason == GHOSTED:
        return position
    if position.status in {PipelineStatus.HIRED, PipelineStatus.WITHDRAWN}:
        raise BusinessRuleError(
            f"A {position.status} application cannot be ghosted.",
            details={"status": position.status},
        )
    pipeline_status_change(
        obj=position, status=PipelineStatus.REJECTED, actor=actor, rejection_reason=GHOSTED
    )
    Position.objects.filter(pk=position.pk).update(next_follow_up=None)
    position.next_follow_up = None
    return position
