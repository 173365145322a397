"""Writes of the core: registration, workspaces, members, the activity log and the pipeline."""

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from .errors import BusinessRuleError, ConflictError, ValidationFailed
from .extensions import registry
from .mail import team_invitation_queue
from .models import (
    ActivityEvent,
    Membership,
    PipelineStatus,
    Role,
    StatusChange,
    User,
    Workspace,
    WorkspaceKind,
)


@transaction.atomic
def user_register(
    *,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    time_zone: str = "UTC",
    workspace_kind: str = WorkspaceKind.JOB_SEARCH,
) -> User:
    """Create a user and their personal workspace (a job search unless they said they are
    hiring), which becomes their default."""
    email = User.objects.normalize_email(email).strip()
    if User.objects.filter(email__iexact=email).exists():
        raise ConflictError("Email already registered.", details={"resource_type": "User"})
    candidate = User(email=email, first_name=first_name, last_name=last_name, time_zone=time_zone)
    try:
        validate_password(password, user=candidate)
    except ValidationError as exc:
        raise ValidationFailed({"password": " ".join(exc.messages)}) from exc
    candidate.set_password(password)
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError as exc:  # a concurrent registration won the race
        raise ConflictError("Email already registered.", details={"resource_type": "User"}) from exc
    label = candidate.get_full_name() or email.split("@")[0]
    workspace = workspace_create(
        owner=candidate, name=f"{label}'s workspace", is_personal=True, kind=workspace_kind
    )
    candidate.default_workspace = workspace
    candidate.save(update_fields=["default_workspace"])
    return candidate


@transaction.atomic
def workspace_create(
    *, owner: User, name: str, is_personal: bool = False, kind: str | None = None
) -> Workspace:
    """A new workspace owned by ``owner``; a personal one is a job search unless ``kind`` says
    otherwise, any other a hiring team."""
    if kind is None:
        kind = WorkspaceKind.JOB_SEARCH if is_personal else WorkspaceKind.HIRING
    workspace = Workspace.objects.create(name=name, is_personal=is_personal, kind=kind)
    Membership.objects.create(user=owner, workspace=workspace, role=Role.OWNER)
    owner.forget_workspace_roles()
    if owner.default_workspace_id is None:
        owner.default_workspace = workspace
        owner.save(update_fields=["default_workspace"])
    return workspace


def workspace_update(*, workspace: Workspace, name: str) -> Workspace:
    workspace.name = name
    workspace.save(update_fields=["name", "updated_at"])
    return workspace


@transaction.atomic
def member_add(*, workspace: Workspace, email: str, role: str, invite: bool = True) -> Membership:
    """Add a person by e-mail; someone without an account is invited (an account is created)."""
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        if not invite:
            raise ValidationFailed({"email": "No user has this e-mail address."})
        user = User.objects.create_user(email=email.strip(), password=None)
        user.default_workspace = workspace
        user.save(update_fields=["default_workspace"])
    if Membership.objects.filter(user=user, workspace=workspace).exists():
        raise ConflictError(
            f"{user.email} is already a member of this workspace.",
            details={"resource_type": "Membership"},
        )
    try:
        with transaction.atomic():
            membership = Membership.objects.create(user=user, workspace=workspace, role=role)
    except IntegrityError as exc:
        raise ConflictError("Already a member.", details={"resource_type": "Membership"}) from exc
    if user.default_workspace_id is None:
        user.default_workspace = workspace
        user.save(update_fields=["default_workspace"])
    return membership


@transaction.atomic
def member_invite(*, workspace: Workspace, email: str, role: str) -> Membership:
    """``member_add`` from the team page, and an e-mail to the new member through the outbox
    (with the link to choose a password when their account is new)."""
    membership = member_add(workspace=workspace, email=email, role=role)
    team_invitation_queue(user=membership.user, workspace_name=workspace.name, role=role)
    return membership


def _ensure_an_owner_remains(membership: Membership) -> None:
    others = Membership.objects.filter(workspace_id=membership.workspace_id, role=Role.OWNER)
    if not others.exclude(pk=membership.pk).exists():
        raise BusinessRuleError("A workspace must keep at least one owner.")


@transaction.atomic
def member_change_role(*, membership: Membership, role: str) -> Membership:
    # Lock the workspace's owner rows so two demotions cannot both pass the "one owner" check.
    list(
        Membership.objects.select_for_update()
        .filter(workspace_id=membership.workspace_id, role=Role.OWNER)
        .values_list("id", flat=True)
    )
    if membership.role == Role.OWNER and role != Role.OWNER:
        _ensure_an_owner_remains(membership)
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    return membership


@transaction.atomic
def member_remove(*, membership: Membership) -> None:
    list(
        Membership.objects.select_for_update()
        .filter(workspace_id=membership.workspace_id, role=Role.OWNER)
        .values_list("id", flat=True)
    )
    if membership.role == Role.OWNER:
        _ensure_an_owner_remains(membership)
    User.objects.filter(pk=membership.user_id, default_workspace_id=membership.workspace_id).update(
        default_workspace=None
    )
    membership.delete()


def activity_record(
    *,
    actor: User | None,
    verb: str,
    target: models.Model,
    summary: str,
    details: dict[str, Any] | None = None,
    also: Iterable[models.Model | None] = (),
) -> None:
    """Append one event to the timeline of ``target`` and of each object in ``also``.

    An interview's events also show on its candidate's and its position's timelines, so each of
    them gets its own row: a timeline is then one indexed lookup.
    """
    objects = [target, *(obj for obj in also if obj is not None)]
    types = ContentType.objects.get_for_models(*{type(obj) for obj in objects})  # keyed by class
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    workspace_id = target.pk if isinstance(target, Workspace) else target.workspace_id  # type: ignore[attr-defined]
    events = ActivityEvent.objects.bulk_create(
        ActivityEvent(
            workspace_id=workspace_id,
            actor_id=actor_id,
            verb=verb,
            content_type=types[type(obj)],
            object_id=obj.pk,
            summary=summary[:255],
            details=details or {},
        )
        for obj in objects
    )
    for listener in registry.activity_listeners:
        transaction.on_commit(partial(listener, events[0]))


def activity_record_deletion(
    *, actor: User | None, obj: Any, summary: str, also: Iterable[models.Model | None] = ()
) -> None:
    """Record that ``obj`` is being deleted: on its workspace's timeline (its own timeline goes
    with it, see ``WorkspaceOwned``) and on each object in ``also``."""
    workspace = Workspace.objects.only("id").get(pk=obj.workspace_id)
    activity_record(
        actor=actor,
        verb="deleted",
        target=workspace,
        summary=summary,
        details={"type": obj._meta.model_name, "id": str(obj.pk)},
        also=also,
    )


def pipeline_status_change(
    *,
    obj: models.Model,
    status: str,
    actor: User | None,
    rejection_reason: str | None = None,
) -> bool:
    """Move a Candidate or Position to ``status``; the one writer of StatusChange.

    Runs inside the caller's transaction when there is one (an interview outcome rejects its
    candidate in the same transaction). The row is locked so two concurrent moves are recorded
    in order, each with its true ``from_status``. Returns whether anything changed.
    """
    if status not in PipelineStatus.values:
        raise ValidationFailed({"status": f"“{status}” is not a valid status."})
    with transaction.atomic():
        model = type(obj)
        locked = model._default_manager.select_for_update().get(pk=obj.pk)
        previous: str = locked.status  # type: ignore[attr-defined]
        fields = []
        if rejection_reason is not None:
            locked.rejection_reason = rejection_reason  # type: ignore[attr-defined]
            fields.append("rejection_reason")
        if previous == status and not fields:
            return False
        locked.status = status  # type: ignore[attr-defined]
        locked.save(update_fields=["status", *fields, "updated_at"])
        for field in ("status", "rejection_reason", "updated_at"):
            setattr(obj, field, getattr(locked, field))
        if previous == status:
            return True
        StatusChange.objects.create(
            workspace_id=locked.workspace_id,  # type: ignore[attr-defined]
            content_type=ContentType.objects.get_for_model(model),
            object_id=locked.pk,
            from_status=previous,
            to_status=status,
            changed_by=actor if actor is not None and actor.is_authenticated else None,
        )
        activity_record(
            actor=actor,
            verb="status_changed",
            target=locked,
            summary=f"Status changed from {previous} to {status}",
            details={"from": previous, "to": status},
        )
        return True


def status_edit(
    *, obj: Any, status: str | None, rejection_reason: str | None, actor: User | None
) -> None:
    """The status part of an edit (positions and candidates): a new status or a new rejection
    reason goes through the pipeline; an unchanged one writes nothing."""
    moved = status is not None and status != obj.status
    new_reason = rejection_reason is not None and rejection_reason != obj.rejection_reason
    if moved or new_reason:
        pipeline_status_change(
            obj=obj, status=status or obj.status, actor=actor, rejection_reason=rejection_reason
        )
