"""Writes of the candidates app: create, update, move through the pipeline, delete, and the
person's data rights (export, anonymisation, the retention period)."""

import datetime as dt
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Concat, Replace
from django.utils import timezone

from interview_tracker.errors import ConflictError, ValidationFailed
from interview_tracker.extensions import registry
from interview_tracker.fields import clean_tags
from interview_tracker.models import (
    ActivityEvent,
    Membership,
    PipelineStatus,
    StatusChange,
    User,
    Workspace,
)
from interview_tracker.services import (
    activity_record,
    activity_record_deletion,
    activity_record_each,
    pipeline_status_change,
    status_edit,
)
from positions.models import Position

from .models import Candidate, Merge
from .selectors import DUPLICATES_ATTR, possible_duplicates


def _duplicate(email: str, hint: str = "") -> ConflictError:
    return ConflictError(
        f"A candidate with the e-mail {email} already exists in this workspace. {hint}".strip(),
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
    # No savepoint: the insert is this transaction's first write, so a conflict rolls back
    # nothing else (the decorator's atomic block undoes it, or its savepoint when nested).
    try:
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
    candidates_flag_duplicates(candidates=[candidate], actor=actor)
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


ANONYMISED_NAME = "Anonymised candidate"


def _person_row(candidate: Candidate) -> dict[str, Any]:
    position = candidate.position
    return {
        "id": str(candidate.pk),
        "workspace": str(candidate.workspace_id),
        "name": candidate.name,
        "email": candidate.email,
        "phone": candidate.phone,
        "links": candidate.links,
        "position": None
        if position is None
        else {"id": str(position.pk), "title": position.title, "company": position.company.name},
        "source": candidate.source,
        "notes": candidate.notes,
        "user": str(candidate.user_id) if candidate.user_id else None,
        "status": candidate.status,
        "rejection_reason": candidate.rejection_reason,
        "tags": candidate.tags,
        "consent_given_at": candidate.consent_given_at,
        "consent_note": candidate.consent_note,
        "anonymised_at": candidate.anonymised_at,
        "created_at": candidate.created_at,
        "updated_at": candidate.updated_at,
    }


def _file_rows(candidate: Candidate) -> list[dict[str, Any]]:
    if not candidate.resume:
        return []
    try:
        size: int | None = candidate.resume.size
    except OSError:  # listed in the record but gone from storage: say so rather than fail
        size = None
    return [{"field": "resume", "name": candidate.resume.name, "size": size}]


def _history_filter(candidate: Candidate) -> dict[str, Any]:
    return {
        "content_type": ContentType.objects.get_for_model(Candidate),
        "object_id": candidate.pk,
    }


def candidate_export(*, candidate: Candidate) -> dict[str, Any]:
    """Everything held about one person, as JSON-ready data: their record, the files' metadata,
    their timeline and status history, and what later apps hold (interviews, messages,
    scorecards). Nothing of any other candidate: every section is read by this candidate's id."""
    candidate = Candidate.objects.select_related("position__company").get(pk=candidate.pk)
    history = _history_filter(candidate)
    activity = (
        ActivityEvent.objects.filter(**history).select_related("actor").order_by("created_at", "id")
    )
    changes = StatusChange.objects.filter(**history).order_by("created_at", "id")
    export: dict[str, Any] = {
        "exported_at": timezone.now(),
        "candidate": _person_row(candidate),
        "files": _file_rows(candidate),
        "activity": [
            {
                "verb": event.verb,
                "summary": event.summary,
                "details": event.details,
                "actor": str(event.actor) if event.actor is not None else None,
                "created_at": event.created_at,
            }
            for event in activity
        ],
        "status_changes": [
            {
                "from_status": change.from_status,
                "to_status": change.to_status,
                "changed_by": str(change.changed_by_id) if change.changed_by_id else None,
                "created_at": change.created_at,
            }
            for change in changes
        ],
    }
    for section in registry.candidate_data:
        export[section.name] = section.export(candidate)
    return export


@transaction.atomic
def candidate_anonymise(*, candidate: Candidate, actor: User | None) -> Candidate:
    """Erase what identifies the person and keep everything the history and statistics count:
    the row, its status, position, tags, source and dates stay; the name, contact details,
    notes, portal account link and resume go, the resume's file from storage too (once the
    erasure has committed, so a rollback keeps a consistent record). Later apps redact what
    the person wrote. Anonymising twice changes nothing the second time."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.is_anonymised:
        return candidate
    for section in registry.candidate_data:
        if section.anonymise is not None:
            section.anonymise(candidate)
    resume_name = candidate.resume.name if candidate.resume else ""
    storage = candidate.resume.storage
    name = candidate.name
    candidate.name = ANONYMISED_NAME
    candidate.email = ""
    candidate.phone = ""
    candidate.links = []
    candidate.notes = ""
    candidate.rejection_reason = ""
    candidate.consent_note = ""
    candidate.user = None
    candidate.resume = ""
    candidate.anonymised_at = timezone.now()
    candidate.save(
        update_fields=[
            "name",
            "email",
            "phone",
            "links",
            "notes",
            "rejection_reason",
            "consent_note",
            "user",
            "resume",
            "anonymised_at",
            "updated_at",
        ]
    )
    # The timeline's summaries name the person ("Candidate Jane Doe added"): keep the events,
    # drop the name; on the timelines that carry the same events (their opening's, their
    # interviews', the records they were merged with), the name is replaced where it stands.
    ActivityEvent.objects.filter(**_history_filter(candidate)).update(
        summary=Concat(F("verb"), Value(" (anonymised)"))
    )
    merges = Merge.objects.filter(Q(kept=candidate) | Q(other_id=candidate.pk))
    related = Q(content_type=ContentType.objects.get_for_model(Candidate)) & Q(
        object_id__in=[m.kept_id if m.other_id == candidate.pk else m.other_id for m in merges]
    )
    for section in registry.candidate_data:
        if section.timelines is not None:
            related |= section.timelines(candidate)
    if candidate.position_id:
        related |= Q(
            content_type=ContentType.objects.get_for_model(Position),
            object_id=candidate.position_id,
        )
    ActivityEvent.objects.filter(
        related, workspace_id=candidate.workspace_id, summary__contains=name
    ).update(summary=Replace(F("summary"), Value(name), Value(ANONYMISED_NAME)))
    # A merge keeps the merged record's fields (the same person's) for its undo: they go, and
    # with them the undo; so does a resume file only the merge still referred to.
    for merge in merges:
        snapshot_resume = merge.other_snapshot.get("resume") or ""
        if snapshot_resume and snapshot_resume != resume_name:
            transaction.on_commit(partial(storage.delete, snapshot_resume))
    merges.delete()
    activity_record(
        actor=actor, verb="anonymised", target=candidate, summary="Personal data erased"
    )
    if resume_name:
        transaction.on_commit(lambda: storage.delete(resume_name))
    return candidate


def candidates_due_for_anonymisation(*, now: dt.datetime) -> QuerySet[Candidate]:
    """Rejected and withdrawn candidates whose workspace's ``retention_days`` have passed since
    their last change, not yet anonymised. One condition per workspace that sets a period (few
    rows; date arithmetic on a column is not portable between SQLite and PostgreSQL)."""
    periods = Workspace.objects.filter(retention_days__isnull=False).values_list(
        "id", "retention_days"
    )
    expired = Q(pk__in=[])
    for workspace_id, days in periods:
        assert days is not None  # filtered above
        expired |= Q(workspace_id=workspace_id, updated_at__lt=now - dt.timedelta(days=days))
    return Candidate.objects.filter(
        expired,
        anonymised_at__isnull=True,
        status__in=[PipelineStatus.REJECTED, PipelineStatus.WITHDRAWN],
    ).order_by("updated_at", "id")


def candidates_apply_retention(*, now: dt.datetime) -> int:
    """Anonymise every candidate past their workspace's retention period; one short
    transaction per candidate, so a long purge never holds locks on the whole table."""
    count = 0
    for candidate in candidates_due_for_anonymisation(now=now):
        candidate_anonymise(candidate=candidate, actor=None)
        count += 1
    return count


SNAPSHOT_FIELDS = [
    "name",
    "email",
    "phone",
    "links",
    "position_id",
    "source",
    "notes",
    "resume",
    "user_id",
    "status",
    "rejection_reason",
    "tags",
    "consent_given_at",
    "consent_note",
    "anonymised_at",
    "created_at",
]


def _snapshot(candidate: Candidate) -> dict[str, Any]:
    snapshot = {}
    for name in SNAPSHOT_FIELDS:
        value = getattr(candidate, name)
        if name == "resume":
            value = value.name or ""
        elif isinstance(value, dt.datetime):
            value = value.isoformat()
        elif value is not None and not isinstance(value, str | int | list | bool):
            value = str(value)  # the ids
        snapshot[name] = value
    return snapshot


def _lock_pair(first: Any, second: Any) -> tuple[Candidate, Candidate]:
    # Lock in id order, so two merges of the same pair in opposite directions cannot deadlock.
    rows = {
        row.pk: row
        for row in Candidate.objects.select_for_update()
        .filter(pk__in=[first, second])
        .order_by("pk")
    }
    if len(rows) < 2:  # a merge that ran meanwhile removed one of them
        raise ConflictError("One of the two candidates was merged or deleted meanwhile.")
    return rows[first], rows[second]


@transaction.atomic
def candidate_merge(*, kept: Candidate, other: Candidate, actor: User | None) -> Merge:
    """Make two records of one person one: ``kept`` stays and receives ``other``'s interviews
    (with their scorecards and messages), timeline, status history and, if it has none, its
    resume; ``other`` is then deleted. Its fields and the ids moved are stored in a ``Merge``,
    which ``merge_undo`` reverses within ``UNDO_WINDOW``."""
    if kept.pk == other.pk:
        raise ValidationFailed({"other": "A candidate cannot be merged with itself."})
    if kept.workspace_id != other.workspace_id:
        raise ValidationFailed({"other": "Choose a candidate from the same workspace."})
    kept, other = _lock_pair(kept.pk, other.pk)
    moved: dict[str, Any] = {
        "activity": [
            str(pk)
            for pk in ActivityEvent.objects.filter(**_history_filter(other)).values_list(
                "pk", flat=True
            )
        ],
        "status_changes": [
            str(pk)
            for pk in StatusChange.objects.filter(**_history_filter(other)).values_list(
                "pk", flat=True
            )
        ],
        "resume": "",
    }
    ActivityEvent.objects.filter(pk__in=moved["activity"]).update(object_id=kept.pk)
    StatusChange.objects.filter(pk__in=moved["status_changes"]).update(object_id=kept.pk)
    for section in registry.candidate_data:
        if section.move is not None:
            moved[section.name] = section.move(other, kept)
    if other.resume and not kept.resume:
        moved["resume"] = other.resume.name
        kept.resume = other.resume.name
        kept.save(update_fields=["resume", "updated_at"])
    merge = Merge.objects.create(
        workspace_id=kept.workspace_id,
        kept=kept,
        other_id=other.pk,
        other_snapshot=_snapshot(other),
        moved=moved,
        merged_by=actor if actor is not None and actor.is_authenticated else None,
    )
    # The moved rows no longer point at ``other``: deleting it cascades to nothing of theirs.
    Candidate.objects.filter(pk=other.pk).delete()
    activity_record(
        actor=actor,
        verb="merged",
        target=kept,
        summary=f"Merged with {other.name}",
        details={"merge": str(merge.pk), "other": str(other.pk)},
    )
    return merge


@transaction.atomic
def merge_undo(*, merge: Merge, actor: User | None) -> tuple[Candidate, Candidate]:
    """Restore both records of a merge: the other candidate with its id and fields as they
    were, and every moved row back onto it. Returns (kept, restored)."""
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise ConflictError("This merge is already undone.")
    kept = Candidate.objects.select_for_update().get(pk=merge.kept_id)
    fields = dict(merge.other_snapshot)
    created_at = fields.pop("created_at")
    # What the record pointed at may be gone since: an opening deleted, a portal account no
    # longer a member. The restored record then points at nothing rather than at a stale row.
    workspace_id = merge.workspace_id
    position_id, user_id = fields["position_id"], fields["user_id"]
    if (
        position_id
        and not Position.objects.filter(pk=position_id, workspace_id=workspace_id).exists()
    ):
        fields["position_id"] = None
    if (
        user_id
        and not Membership.objects.filter(user_id=user_id, workspace_id=workspace_id).exists()
    ):
        fields["user_id"] = None
    other = Candidate(id=merge.other_id, workspace_id=workspace_id, **fields)
    try:
        with transaction.atomic():
            other.save(force_insert=True)
    except IntegrityError as exc:
        hint = "Merge that record into this one or change its e-mail, then undo the merge."
        raise _duplicate(other.email, hint) from exc
    # ``created_at`` is set on insert; restore the original so the lists keep their order.
    Candidate.objects.filter(pk=other.pk).update(created_at=dt.datetime.fromisoformat(created_at))
    ActivityEvent.objects.filter(pk__in=merge.moved.get("activity", [])).update(object_id=other.pk)
    StatusChange.objects.filter(pk__in=merge.moved.get("status_changes", [])).update(
        object_id=other.pk
    )
    for section in registry.candidate_data:
        if section.move_back is not None:
            section.move_back(other, merge.moved.get(section.name, []))
    if merge.moved.get("resume") and kept.resume.name == merge.moved["resume"]:
        kept.resume = ""
        kept.save(update_fields=["resume", "updated_at"])
    merge.undone_at = timezone.now()
    merge.save(update_fields=["undone_at", "updated_at"])
    activity_record(
        actor=actor,
        verb="unmerged",
        target=kept,
        summary=f"Merge with {other.name} undone",
        details={"merge": str(merge.pk), "other": str(other.pk)},
    )
    other.refresh_from_db()
    return kept, other


def candidates_flag_duplicates(
    *, candidates: list[Candidate], actor: User | None
) -> dict[Any, list[Any]]:
    """Note on the timeline of each new candidate that matches existing ones (by e-mail, phone
    or name at the same company), with their ids, so that whoever opens it sees the merge to
    consider. Returns {flagged candidate's id: the ids it matches}."""
    return candidates_note_duplicates(
        candidates=candidates, found=possible_duplicates(candidates), actor=actor
    )


def candidates_note_duplicates(
    *, candidates: list[Candidate], found: dict[Any, list[Any]], actor: User | None
) -> dict[Any, list[Any]]:
    """The timeline notes of ``candidates_flag_duplicates`` for duplicates ``found`` ({id:
    ids it matches}) by a create or, before its batch is written, by an import."""
    for candidate in candidates:
        setattr(candidate, DUPLICATES_ATTR, found.get(candidate.pk, []))
    flagged = [c for c in candidates if found.get(c.pk)]
    if flagged:
        activity_record_each(
            actor=actor,
            verb="possible_duplicate",
            records=[
                (
                    candidate,
                    f"Possible duplicate of {len(found[candidate.pk])} existing record(s)",
                    {"candidates": [str(pk) for pk in found[candidate.pk]]},
                )
                for candidate in flagged
            ],
        )
    return {candidate.pk: found[candidate.pk] for candidate in flagged}
