"""Writes of the candidates app: create, update, move through the pipeline, delete."""

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction

from interview_tracker.errors import ConflictError, ValidationFailed
from interview_tracker.fields import clean_tags
from interview_tracker.models import Membership, User, Workspace
from interview_tracker.services import (
    activity_record,
    activity_record_deletion,
    pipeline_status_change,
    status_edit,
)
from positions.models import Position

from .models import Candidate


def _duplicate(email: str) -> ConflictError:
    return ConflictError(
        f"A candidate with the e-mail {email} already exists in this workspace.",
        details={"resource_type": "Candidate", "field": "email"},
    )


def _check_references(workspace_id: Any, position: Position | None, user: User | None) -> None:
    errors = {}
    if position is not None and position.workspace_id != workspace_id:
        errors["position"] = "Choose a position from the same workspace."
    if (
        user is not None
        and not Membership.objects.filter(user=user, workspace_id=workspace_id).exists()
    ):
        errors["user"] = "The portal account must be a member of this workspace."
    if errors:
        raise ValidationFailed(errors)


@transaction.atomic
def candidate_create(
    *,
    workspace: Workspace,
    actor: User | None,
    name: str,
    email: str,
    position: Position | None = None,
    user: User | None = None,
    status: str | None = None,
    rejection_reason: str = "",
    tags: Iterable[str] = (),
    **fields: Any,
) -> Candidate:
    """Add a candidate; they start ``applied``.

    The e-mail is unique per workspace, case-insensitively. No check-then-insert: the database
    constraint decides, so two concurrent creates cannot both pass (the loser gets a 409).
    """
    name = name.strip()
    if not name:
        raise ValidationFailed({"name": "This field may not be blank."})
    email = email.strip()
    _check_references(workspace.id, position, user)
    candidate = Candidate(
        workspace=workspace,
        name=name,
        email=email,
        position=position,
        user=user,
        rejection_reason=rejection_reason,
        tags=clean_tags(tags),
        **fields,
    )
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError as exc:
        raise _duplicate(email) from exc
    activity_record(
        actor=actor,
        verb="created",
        target=candidate,
        summary=f"Candidate {name} added",
        also=[position],
    )
    if status and status != candidate.status:
        candidate_change_status(candidate=candidate, status=status, actor=actor)
    return candidate


@transaction.atomic
def candidate_update(
    *,
    candidate: Candidate,
    actor: User | None,
    status: str | None = None,
    rejection_reason: str | None = None,
    **changes: Any,
) -> Candidate:
    """Change a candidate's fields; a new ``status`` goes through the pipeline."""
    if "name" in changes:
        changes["name"] = changes["name"].strip()
        if not changes["name"]:
            raise ValidationFailed({"name": "This field may not be blank."})
    if "email" in changes:
        changes["email"] = changes["email"].strip()
    if "tags" in changes:
        changes["tags"] = clean_tags(changes["tags"])
    _check_references(candidate.workspace_id, changes.get("position"), changes.get("user"))
    changed = []
    for field, value in changes.items():
        current = getattr(candidate, f"{field}_id" if field in {"position", "user"} else field)
        new = getattr(value, "pk", value) if field in {"position", "user"} else value
        if current != new:
            setattr(candidate, field, value)
            changed.append(field)
    if changed:
        try:
            with transaction.atomic():
                candidate.save(update_fields=[*changed, "updated_at"])
        except IntegrityError as exc:
            raise _duplicate(candidate.email) from exc
        activity_record(
            actor=actor,
            verb="updated",
            target=candidate,
            summary=f"Candidate {candidate.name} updated",
            details={"fields": sorted(changed)},
        )
    status_edit(obj=candidate, status=status, rejection_reason=rejection_reason, actor=actor)
    return candidate


@transaction.atomic
def candidate_change_status(
    *, candidate: Candidate, status: str, actor: User | None, rejection_reason: str | None = None
) -> Candidate:
    """Move a candidate through the pipeline (table, kanban, API): one StatusChange per move."""
    pipeline_status_change(
        obj=candidate, status=status, actor=actor, rejection_reason=rejection_reason
    )
    return candidate


@transaction.atomic
def candidate_delete(*, candidate: Candidate, actor: User | None) -> None:
    """Delete a candidate; their interviews go with them (the interview FK cascades)."""
    activity_record_deletion(
        actor=actor, obj=candidate, summary=f"Candidate {candidate.name} deleted"
    )
    candidate.delete()
