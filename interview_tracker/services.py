"""Writes of the core: registration, workspaces, members, the activity log and the pipeline."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Subquery
from django.http import HttpRequest
from django.utils import timezone
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from .bulk import insert_rows, new_record
from .errors import BusinessRuleError, ConflictError, InvitationUnclaimed, ValidationFailed
from .extensions import registry
from .mail import team_invitation_queue
from .models import (
    STAFF_ROLES,
    ActivityEvent,
    Membership,
    PipelineStatus,
    Role,
    StatusChange,
    User,
    UserSession,
    Workspace,
    WorkspaceKind,
    new_calendar_token,
    validate_time_zone,
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
    """Create a user and their personal workspace (a job search unless they said they hire),
    which becomes their default.

    An address that an invitation already holds raises ``InvitationUnclaimed``: the caller
    mails the set-password link, which proves the mailbox (``user_personal_workspace_ensure``
    gives the account its own workspace first)."""
    email = User.objects.normalize_email(email).strip()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        if existing.is_unclaimed_invitation:
            raise InvitationUnclaimed(existing)
        raise ConflictError(
            "An account with this e-mail already exists. Log in instead.",
            details={"resource_type": "User"},
        )
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
    user_personal_workspace_ensure(user=candidate, kind=workspace_kind)
    return candidate


# What an owner may change after creation; the kind is not among them.
WORKSPACE_SETTINGS = frozenset(
    {"name", "blind_feedback", "quiet_days", "retention_days", "require_two_factor"}
)


def _check_settings(settings: dict[str, Any]) -> None:
    unknown = set(settings) - WORKSPACE_SETTINGS
    if unknown:
        raise ValidationFailed(dict.fromkeys(unknown, "This setting does not exist."))


@transaction.atomic
def user_personal_workspace_ensure(
    *, user: User, kind: str = WorkspaceKind.JOB_SEARCH
) -> Workspace:
    """The person's own workspace, made their default. Accounts created by an invitation get
    one too, so the inviter's workspace is something they belong to, never where they live."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    personal = Workspace.objects.filter(
        memberships__user=locked, memberships__role=Role.OWNER, is_personal=True
    ).first()
    if personal is None:
        label = locked.get_full_name() or locked.email.split("@")[0]
        personal = workspace_create(
            owner=locked, name=f"{label}'s workspace", is_personal=True, kind=kind
        )
    if locked.default_workspace_id != personal.pk:
        locked.default_workspace = personal
        locked.save(update_fields=["default_workspace"])
    user.default_workspace = personal
    user.forget_workspace_roles()
    return personal


@transaction.atomic
def user_credentials_changed(*, user: User, keep_session: HttpRequest | None = None) -> None:
    """End everything that signs in as ``user`` and was issued before now: dashboard sessions,
    API access and refresh tokens (rotated ones included) and the calendar feed URL. Called
    after a password change or reset, when two-factor sign-in is turned on, and by "sign out
    everywhere". ``keep_session``: the request whose own session carries on.

    The session hash and the token check read ``credentials_changed_at``, so a session or
    token this misses (another worker's cache, a row written meanwhile) is refused anyway; the
    deletions keep the sessions page truthful."""
    now = timezone.now()
    user.credentials_changed_at = now
    user.calendar_token = new_calendar_token()
    user.save(update_fields=["credentials_changed_at", "calendar_token"])
    sessions = UserSession.objects.filter(user=user)
    if keep_session is not None:
        sessions = sessions.exclude(session_key=keep_session.session.session_key)
    sessions.delete()
    outstanding = OutstandingToken.objects.filter(
        user=user, expires_at__gt=now, blacklistedtoken__isnull=True
    )
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True
    )
    if keep_session is not None:
        update_session_auth_hash(keep_session, user)


RECOVERY_CODES = 10


def user_has_two_factor(user: User) -> bool:
    return user_has_device(user, confirmed=True)


def user_needs_two_factor_setup(user: User) -> bool:
    """A member of a workspace whose owner requires two-factor sign-in, without a device."""
    required = Workspace.objects.filter(memberships__user=user, require_two_factor=True)
    return required.exists() and not user_has_two_factor(user)


@transaction.atomic
def two_factor_device_start(*, user: User) -> TOTPDevice:
    """A new authenticator secret, unconfirmed until a code from it is entered (an abandoned
    start is replaced by the next)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def two_factor_enable(
    *, user: User, device: TOTPDevice, code: str, keep_session: HttpRequest | None = None
) -> list[str]:
    """Confirm ``device`` with a code from it; returns the recovery codes (shown once). Every
    other session and token ends: whoever holds one signed in without the second factor."""
    locked = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    if not locked.verify_token(code.strip().replace(" ", "")):
        raise ValidationFailed({"code": "That code does not match. Enter the current one."})
    locked.confirmed = True
    locked.save(update_fields=["confirmed"])
    codes = _recovery_codes_replace(user)
    user_credentials_changed(user=user, keep_session=keep_session)
    return codes


def _recovery_codes_replace(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def two_factor_recovery_codes_regenerate(*, user: User) -> list[str]:
    """New recovery codes; the old ones stop working."""
    if not user_has_two_factor(user):
        raise BusinessRuleError("Turn on two-factor sign-in first.")
    return _recovery_codes_replace(user)


@transaction.atomic
def two_factor_disable(*, user: User) -> None:
    required = Workspace.objects.filter(memberships__user=user, require_two_factor=True)
    if required.exists():
        names = ", ".join(sorted(required.values_list("name", flat=True)))
        raise BusinessRuleError(f"Two-factor sign-in is required by {names}.")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def two_factor_verify(*, user: User, code: str) -> bool:
    """A code from the authenticator app or an unused recovery code (which it uses up);
    django-otp slows down repeated wrong codes per device."""
    return match_token(user, code.strip().replace(" ", "")) is not None


def workspace_two_factor_require(*, workspace: Workspace, required: bool) -> Workspace:
    """Members without a device are sent to set one up the next time their session is
    checked (at log-in, and every few minutes of use)."""
    workspace.require_two_factor = required
    workspace.save(update_fields=["require_two_factor", "updated_at"])
    return workspace


def user_session_revoke(*, user: User, handle: str) -> bool:
    """End one of the user's dashboard sessions, named by its handle; whether one ended."""
    for session in UserSession.objects.filter(user=user).only("session_key"):
        if session.handle == handle:
            session.delete()
            return True
    return False


def refresh_token_revoke(*, user: User, token_id: int) -> bool:
    """Blacklist one of the user's outstanding refresh tokens; whether it was theirs."""
    token = OutstandingToken.objects.filter(user=user, pk=token_id).first()
    if token is None:
        return False
    BlacklistedToken.objects.get_or_create(token=token)
    return True


@transaction.atomic
def workspace_create(
    *,
    owner: User,
    name: str,
    is_personal: bool = False,
    kind: str | None = None,
    **settings: Any,
) -> Workspace:
    """A new workspace owned by ``owner``; a personal one is a job search unless ``kind`` says
    otherwise, any other a hiring team. ``settings`` are any of ``WORKSPACE_SETTINGS``."""
    _check_settings(settings)
    if kind is None:
        kind = WorkspaceKind.JOB_SEARCH if is_personal else WorkspaceKind.HIRING
    workspace = Workspace.objects.create(name=name, is_personal=is_personal, kind=kind, **settings)
    Membership.objects.create(user=owner, workspace=workspace, role=Role.OWNER)
    owner.forget_workspace_roles()
    if owner.default_workspace_id is None:
        owner.default_workspace = workspace
        owner.save(update_fields=["default_workspace"])
    return workspace


def workspace_update(*, workspace: Workspace, **changes: Any) -> Workspace:
    """Rename a workspace or change its settings.

    The kind is fixed at creation: it decides what the workspace's records mean (a position is
    an opening or an application), so switching it would reinterpret every record at once.
    """
    kind = changes.pop("kind", workspace.kind)
    if kind != workspace.kind:
        raise BusinessRuleError(
            "A workspace's kind cannot change; create a new workspace of the other kind.",
            details={"kind": workspace.kind},
        )
    _check_settings(changes)
    changed = _assign_changes(workspace, changes)
    if changed:
        workspace.save(update_fields=[*changed, "updated_at"])
    return workspace


def _assign_changes(obj: models.Model, changes: dict[str, Any]) -> list[str]:
    """Set the fields whose value differs and name them; a relation is compared by its id, so
    the related row is never read for the comparison."""
    changed = []
    for name, value in changes.items():
        field = obj._meta.get_field(name)
        current = getattr(obj, field.attname)  # type: ignore[union-attr]
        if current != (getattr(value, "pk", value) if field.is_relation else value):
            setattr(obj, name, value)
            changed.append(name)
    return changed


def user_update(*, user: User, **changes: Any) -> User:
    """Change one's profile: names, time zone, and the current workspace (one of theirs)."""
    workspace = changes.get("default_workspace")
    if workspace is not None and user.role_in(workspace.pk) is None:
        raise ValidationFailed({"default_workspace": "You are not a member of this workspace."})
    if "time_zone" in changes:
        try:
            validate_time_zone(changes["time_zone"])
        except ValidationError as exc:
            raise ValidationFailed({"time_zone": " ".join(exc.messages)}) from exc
    changed = _assign_changes(user, changes)
    if changed:
        user.save(update_fields=changed)
    return user


@transaction.atomic
def member_add(*, workspace: Workspace, email: str, role: str, invite: bool = True) -> Membership:
    """Add a person by e-mail; someone without an account is invited (an account is created)."""
    _check_role(role)
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        if not invite:
            raise ValidationFailed({"email": "No user has this e-mail address."})
        user = User.objects.create_user(email=email.strip(), password=None)
        user_personal_workspace_ensure(user=user)
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
    return membership


def require_team_member(*, workspace_id: Any, user: User | None, field: str) -> None:
    """People named on a record (a hiring manager, an interviewer, an approver) are staff
    members of its workspace: an outsider or a candidate member answers 422 on ``field``."""
    if user is None:
        return
    staff = Membership.objects.filter(
        workspace_id=workspace_id, user=user, role__in=list(STAFF_ROLES)
    )
    if not staff.exists():
        raise ValidationFailed({field: "Choose a member of this workspace's team."})


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationFailed({"role": f"“{role}” is not a valid role."})


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
    """Give a member another role; the last owner keeps theirs (400)."""
    _check_role(role)
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
    """Take someone off a workspace; the last owner stays (400). A removed member whose current
    workspace this was lands in another of theirs (the oldest membership), or none."""
    list(
        Membership.objects.select_for_update()
        .filter(workspace_id=membership.workspace_id, role=Role.OWNER)
        .values_list("id", flat=True)
    )
    if membership.role == Role.OWNER:
        _ensure_an_owner_remains(membership)
    membership.delete()
    remaining = (
        Membership.objects.filter(user_id=membership.user_id)
        .order_by("created_at", "id")
        .values("workspace_id")[:1]
    )
    User.objects.filter(pk=membership.user_id, default_workspace_id=membership.workspace_id).update(
        default_workspace=Subquery(remaining)
    )


def activity_record(
    *,
    actor: User | None,
    verb: str,
    target: models.Model,
    summary: str,
    details: dict[str, Any] | None = None,
    also: Iterable[models.Model | None] = (),
) -> list[ActivityEvent]:
    """Append one event to the timeline of ``target`` and of each object in ``also`` (returned
    in that order).

    An interview's events also show on its candidate's and its position's timelines, so each of
    them gets its own row: a timeline is then one indexed lookup.
    """
    objects = [target, *(obj for obj in also if obj is not None)]
    workspace_id = target.pk if isinstance(target, Workspace) else target.workspace_id  # type: ignore[attr-defined]
    events = _insert_events(actor, verb, [(obj, workspace_id, summary, details) for obj in objects])
    for listener in registry.activity_listeners:
        listener(events[:1])  # the target's: the others repeat it on related timelines
    return events


def activity_record_each(
    *,
    actor: User | None,
    verb: str,
    records: Sequence[tuple[models.Model, str, dict[str, Any]]],
) -> list[ActivityEvent]:
    """One event per ``(target, summary, details)``, each on its target's timeline, in one
    insert: what ``activity_record`` does for each, for many targets at once."""
    events = _insert_events(
        actor,
        verb,
        [(obj, obj.workspace_id, summary, details) for obj, summary, details in records],  # type: ignore[attr-defined]
    )
    for listener in registry.activity_listeners:
        listener(events)
    return events


def _insert_events(
    actor: User | None,
    verb: str,
    rows: list[tuple[models.Model, Any, str, dict[str, Any] | None]],
) -> list[ActivityEvent]:
    """The one writer of timeline events: (object, workspace id, summary, details) each."""
    types = ContentType.objects.get_for_models(*{type(obj) for obj, *_ in rows})  # by class
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    events = []
    for obj, workspace_id, summary, details in rows:
        event = new_record(
            ActivityEvent,
            {
                "workspace_id": workspace_id,
                "actor_id": actor_id,
                "verb": verb,
                "object_id": obj.pk,
                "summary": summary[:255],
                "details": details or {},
            },
        )
        event.content_type = types[type(obj)]  # listeners read it
        events.append(event)
    insert_rows(ActivityEvent, events)
    return events


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
    """Move a Candidate or Position to ``status`` (``_record_moves`` writes its history).

    Runs inside the caller's transaction when there is one (an interview outcome rejects its
    candidate in the same transaction). The row is locked so two concurrent moves are recorded
    in order, each with its true ``from_status``. Returns whether anything changed.
    """
    _require_statuses([status])
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
        if previous != status:
            _record_moves(actor, [(locked, previous)])
        return True


def pipeline_status_moves(
    *, model: type[models.Model], moves: dict[Any, str], actor: User | None
) -> int:
    """Move many Candidates or Positions of ``model`` ({id: status}) as
    ``pipeline_status_change`` moves one, in a constant number of statements: the rows locked
    in one query (in id order, as concurrent batches then wait instead of deadlocking), one
    UPDATE per target status, the history and the timeline each inserted at once. Returns how
    many moved (a row already at its status does not)."""
    _require_statuses(moves.values())
    with transaction.atomic():
        locked = list(
            model._default_manager.select_for_update().filter(pk__in=list(moves)).order_by("pk")
        )
        moved = [(obj, obj.status) for obj in locked if obj.status != moves[obj.pk]]  # type: ignore[attr-defined]
        now = timezone.now()
        by_status: dict[str, list[Any]] = {}
        for obj, _ in moved:
            by_status.setdefault(moves[obj.pk], []).append(obj.pk)
            obj.status, obj.updated_at = moves[obj.pk], now  # type: ignore[attr-defined]
        for status, ids in by_status.items():
            model._default_manager.filter(pk__in=ids).update(status=status, updated_at=now)
        _record_moves(actor, moved)
    return len(moved)


def _require_statuses(statuses: Iterable[str]) -> None:
    unknown = sorted(set(statuses) - set(PipelineStatus.values))
    if unknown:
        raise ValidationFailed({"status": f"“{unknown[0]}” is not a valid status."})


def _record_moves(actor: User | None, moved: list[tuple[models.Model, str]]) -> None:
    """The history row and timeline event of each ``(record at its new status, previous
    status)``: the one writer of StatusChange."""
    if not moved:
        return
    changed_by = actor.pk if actor is not None and actor.is_authenticated else None
    types = ContentType.objects.get_for_models(*{type(obj) for obj, _ in moved})
    insert_rows(
        StatusChange,
        [
            new_record(
                StatusChange,
                {
                    "workspace_id": obj.workspace_id,  # type: ignore[attr-defined]
                    "content_type_id": types[type(obj)].pk,
                    "object_id": obj.pk,
                    "from_status": previous,
                    "to_status": obj.status,  # type: ignore[attr-defined]
                    "changed_by_id": changed_by,
                },
            )
            for obj, previous in moved
        ],
    )
    activity_record_each(
        actor=actor,
        verb="status_changed",
        records=[
            (
                obj,
                f"Status changed from {previous} to {obj.status}",  # type: ignore[attr-defined]
                {"from": previous, "to": obj.status},  # type: ignore[attr-defined]
            )
            for obj, previous in moved
        ],
    )


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


def user_export(*, user: User) -> dict[str, Any]:
    """A user's own account data, as JSON-ready data: the profile, the workspaces they belong
    to, what they did (their activity and pipeline moves) and what later apps hold that they
    wrote (messages, scorecards)."""
    memberships = Membership.objects.filter(user=user).select_related("workspace")
    activity = ActivityEvent.objects.filter(actor=user).order_by("created_at", "id")
    moves = StatusChange.objects.filter(changed_by=user).order_by("created_at", "id")
    export: dict[str, Any] = {
        "exported_at": timezone.now(),
        "user": {
            "id": str(user.pk),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "time_zone": user.time_zone,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "memberships": [
            {"workspace": str(m.workspace_id), "name": m.workspace.name, "role": m.role}
            for m in memberships.order_by("workspace__name", "id")
        ],
        "activity": [
            {
                "workspace": str(event.workspace_id),
                "verb": event.verb,
                "summary": event.summary,
                "details": event.details,
                "created_at": event.created_at,
            }
            for event in activity
        ],
        "status_changes": [
            {
                "workspace": str(move.workspace_id),
                "object_id": str(move.object_id),
                "from_status": move.from_status,
                "to_status": move.to_status,
                "created_at": move.created_at,
            }
            for move in moves
        ],
    }
    for section in registry.user_data:
        export[section.name] = section.export(user)
    return export


@transaction.atomic
def user_delete(*, user: User, password: str) -> None:
    """Delete an account after its password is confirmed. Workspaces nobody else belongs to go
    with it; a shared workspace it is the last owner of refuses (its members would be left with
    nobody to manage it: hand ownership over first). What colleagues keep (messages, scorecards,
    timelines) stays, with its author emptied by the foreign keys."""
    if not user.check_password(password):
        raise ValidationFailed({"password": "The password is not correct."})
    owned = Membership.objects.select_for_update().filter(user=user, role=Role.OWNER)
    owned_ids = list(owned.values_list("workspace_id", flat=True))
    others = Membership.objects.filter(workspace_id__in=owned_ids).exclude(user=user)
    other_owners = set(others.filter(role=Role.OWNER).values_list("workspace_id", flat=True))
    shared = set(others.values_list("workspace_id", flat=True))
    stranded = Workspace.objects.filter(pk__in=shared - other_owners).order_by("name", "id")
    if stranded:
        names = ", ".join(workspace.name for workspace in stranded)
        raise BusinessRuleError(
            f"You are the last owner of {names}; make another member an owner first.",
            details={"workspaces": [str(workspace.pk) for workspace in stranded]},
        )
    member_of = Membership.objects.filter(user=user).values("workspace_id")
    shared_with_anyone = Membership.objects.filter(workspace_id__in=member_of).exclude(user=user)
    Workspace.objects.filter(pk__in=member_of).exclude(
        pk__in=shared_with_anyone.values("workspace_id")
    ).delete()
    user.delete()
