"""Candidates in a recruiting pipeline."""

from typing import Any, Self

from django.db import models
from django.db.models.functions import Lower

from interview_tracker.fields import TagListField
from interview_tracker.models import (
    FetchModeManager,
    PipelineStatus,
    User,
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


class Candidate(WorkspaceOwned):
    name = models.CharField(max_length=200)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    links = models.JSONField(default=list, blank=True)
    position = models.ForeignKey(
        Position, null=True, blank=True, on_delete=models.SET_NULL, related_name="candidates"
    )
    source = models.CharField(max_length=120, blank=True)
    notes = models.TextField(blank=True)
    resume = models.FileField(upload_to="resumes/%Y/%m/", blank=True)
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="candidate_records"
    )
    status = models.CharField(
        max_length=16, choices=PipelineStatus.choices, default=PipelineStatus.APPLIED
    )
    rejection_reason = models.TextField(blank=True)
    tags = TagListField()

    objects = FetchModeManager.from_queryset(CandidateQuerySet)()

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "workspace", name="candidate_email_unique_per_workspace"
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
            # Filter by opening.
            models.Index(fields=["position", "status"], name="candidate_position_idx"),
        ]

    def __str__(self) -> str:
        return self.name
