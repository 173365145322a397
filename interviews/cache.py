"""Read-through caching of interview lists and details: a cached read costs two cache round
trips instead of its queries and serialisation (2-3x, see bench/README.md "interview_cache";
message pages are one indexed query each and gain nothing, so they are not cached).

Keys carry version tokens: one per workspace (any interview write there changes its lists) and
one per interview (its detail). A write replaces the tokens after commit, so the
very next read misses and sees the write; stale entries simply expire.

The services invalidate after each write they make. Deletions are invalidated by the model
signals ``connect`` wires instead, because most interviews disappear without passing through
an interview service: a candidate's or a workspace's deletion cascades to its interviews, and a
position's deletion empties its interviews' ``position`` (SET_NULL, an UPDATE with no signal).
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models.signals import post_delete, pre_delete

from interview_tracker import cache as shared
from positions.models import Position

from .models import Interview

TIMEOUT = 300


def _workspace_key(workspace_id: Any) -> str:
    return f"interviews:v:ws:{workspace_id}"


def _interview_key(interview_id: Any) -> str:
    return f"interviews:v:iv:{interview_id}"


def invalidate(*, workspace_id: Any = None, interview_id: Any = None) -> None:
    """Replace the workspace's and the interview's version tokens after the commit."""
    keys = []
    if workspace_id is not None:
        keys.append(_workspace_key(workspace_id))
    if interview_id is not None:
        keys.append(_interview_key(interview_id))
    shared.replace_versions(keys)


def cache_key(
    kind: str,
    *,
    user: Any,
    query: str,
    workspace_ids: Iterable[Any] = (),
    interview_id: Any = None,
) -> str:
    keys = [_workspace_key(ws) for ws in sorted(str(ws) for ws in workspace_ids)]
    if interview_id is not None:
        keys.append(_interview_key(interview_id))
    parts = [kind, shared.reader_part(user), query, *shared.versions(keys)]
    return shared.make_key("interviews:c", parts)


def read_through(key: str, compute: Callable[[], Any]) -> Any:
    return shared.read_through(key, compute, TIMEOUT)


def _interview_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    invalidate(workspace_id=instance.workspace_id, interview_id=instance.pk)


def _position_deleting(sender: Any, instance: Any, **kwargs: Any) -> None:
    # Before the delete: afterwards the interviews it leaves no longer point at it.
    for interview_id in Interview.objects.filter(position_id=instance.pk).values_list(
        "pk", flat=True
    ):
        invalidate(interview_id=interview_id)
    invalidate(workspace_id=instance.workspace_id)


def connect() -> None:
    """Wire the deletion receivers (``InterviewsConfig.ready``)."""
    post_delete.connect(_interview_deleted, sender=Interview, dispatch_uid="interviews.cache")
    pre_delete.connect(_position_deleting, sender=Position, dispatch_uid="interviews.cache")
