"""Candidates in a recruiting pipeline."""

import datetime as dt
from typing import Any, Self

from django.db import models
from django.db.models.functions import Lower, Replace

from interview_tracker.fields import TagListField
from interview_tracker.models import (
    FetchModeManager,
    PipelineStatus,
    User,
    Workspace,
    WorkspaceOwned,
    WorkspaceScopedQuerySet,
    candidate_workspace_ids,
    staff_workspace_ids,
)
from positions.models import Position


class CandidateQuerySet(WorkspaceScopedQuerySet["Candidate"]):
    def for_user(self, user: Any) -> Self:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        # Two indexed branches (the workspace's, the user column's), combined by PostgreSQL
        # as a bitmap OR: the workspace ids are literals, so no other tenant's rows are read.
        return self.filter(
            # Staff members read every candidate of their workspaces.
            models.Q(workspace_id__in=staff_workspace_ids(user))
            # A candidate member sees their own record (its status above all), nothing else,
            # and only while they are a candidate member of its workspace.
            | models.Q(user=user, workspace_id__in=candidate_workspace_ids(user))
        )


# What people type between a phone number's digits; stripped in SQL so that "+44 20 7946-0000"
# and "442079460000" compare equal on SQLite and PostgreSQL alike.
PHONE_PUNCTUATION = (" ", "-", "(", ")", ".", "+", "/")


def _phone_digits() -> Replace:
    expression = Replace(models.F("phone"), models.Value(PHONE_PUNCTUATION[0]), models.Value(""))
    for character in PHONE_PUNCTUATION[1:]:
        expression = Replace(expression, models.Value(character), models.Value(""))
    return expression


class Candidate(WorkspaceOwned):
    # The composite indexes below lead with the workspace: no index of its own.
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    # The phone as the duplicate rule compares it (``selectors.possible_duplicates``), kept by
    # the database and indexed, so finding a page's or an import batch's duplicates is a lookup
    # instead of a pass over every candidate of the workspace.
    phone_digits = models.GeneratedField(
        expression=_phone_digits(), output_field=models.CharField(max_length=40), db_persist=True
    )
    links = models.JSONField(default=list, blank=True)
    position = models.ForeignKey(
        Position,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidates",
        db_index=False,  # candidate_position_idx leads with it
    )
    source = models.CharField(max_length=120, blank=True)
    notes = models.TextField(blank=True)
    resume = models.FileField(upload_to="resumes/%Y/%m/", blank=True)
    user = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidate_records",
        db_index=False,  # candidate_user_idx, of the few candidates that have a login
    )
    status = models.CharField(
        max_length=16, choices=PipelineStatus.choices, default=PipelineStatus.APPLIED
    )
    rejection_reason = models.TextField(blank=True)
    tags = TagListField()
    # When and how the person agreed to their data being kept (GDPR consent), as recorded by staff.
    consent_given_at = models.DateTimeField(null=True, blank=True)
    consent_note = models.CharField(max_length=500, blank=True)
    # Set once the personal fields are erased; the row stays for the history and statistics.
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = FetchModeManager.from_queryset(CandidateQuerySet)()

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            # Anonymised records have no e-mail; any number of them share the blank.
            models.UniqueConstraint(
                Lower("email"),
                "workspace",
                condition=~models.Q(email=""),
                name="candidate_email_unique_per_workspace",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=PipelineStatus.values), name="candidate_status_valid"
            ),
        ]
        indexes = [
            # The candidates table and kanban: a workspace's candidates by status, newest first.
            models.Index(
                fields=["workspace", "status", "-created_at"], name="candidate_status_idx"
            ),
            models.Index(fields=["workspace", "-created_at"], name="candidate_recent_idx"),
            # The kanban: each column's most recently updated cards, a walk that stops at N.
            models.Index(
                fields=["workspace", "status", "-updated_at", "id"], name="candidate_board_idx"
            ),
            # The retention purge: a workspace's closed candidates not yet anonymised, oldest
            # change first. Partial, as the next two: a row outside it (an open candidate, one
            # without an opening or a login: most imported rows) costs no index entry.
            models.Index(
                fields=["workspace", "status", "updated_at"],
                condition=models.Q(
                    anonymised_at__isnull=True,
                    status__in=[PipelineStatus.REJECTED, PipelineStatus.WITHDRAWN],
                ),
                name="candidate_retention_idx",
            ),
            # Filter by opening.
            models.Index(
                fields=["position", "status"],
                condition=models.Q(position__isnull=False),
                name="candidate_position_idx",
            ),
            # The candidate portal: a login's candidate records.
            models.Index(
                fields=["user"], condition=models.Q(user__isnull=False), name="candidate_user_idx"
            ),
            # The duplicate rule's other two keys (the e-mail's is the unique constraint's),
            # value first, as the e-mail's: the rule looks each value up on its own
            # (``selectors._probe``).
            models.Index(fields=["phone_digits", "workspace"], name="candidate_phone_idx"),
            models.Index(Lower("name"), "workspace", name="candidate_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None


class MergeQuerySet(WorkspaceScopedQuerySet["Merge"]):
    def undoable(self, now: Any) -> Self:
        """Merges that may still be undone: not undone yet and at most ``UNDO_WINDOW`` old."""
        return self.filter(undone_at__isnull=True, created_at__gte=now - UNDO_WINDOW)


UNDO_WINDOW = dt.timedelta(days=30)


class Merge(WorkspaceOwned):
    """Two records of one person made one: ``kept`` stays, the other is deleted after what it
    had moved onto ``kept``. What undo needs is kept here: the other's fields as they were and
    the ids of every row that moved."""

    kept = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="merges")
    other_id = models.UUIDField()
    other_snapshot = models.JSONField()
    # {"interviews": [...], "activity": [...], "status_changes": [...], "resume": name or ""}
    moved = models.JSONField(default=dict)
    merged_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    objects = FetchModeManager.from_queryset(MergeQuerySet)()

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [
            # A candidate's merges on its merge page, newest first.
            models.Index(fields=["kept", "-created_at"], name="merge_kept_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.other_snapshot.get('name', self.other_id)} → {self.kept_id}"
