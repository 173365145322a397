"""Read-through caching of interview lists, details and message pages (reference 002).

Keys carry version tokens: one per workspace (any interview write there changes its lists) and
one per interview (its detail and messages). A write replaces the tokens after commit, so the
very next read misses and sees the write; stale entries simply expire.
"""

import hashlib
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.db import transaction

TIMEOUT = 300


def _workspace_key(workspace_id: Any) -> str:
    return f"interviews:v:ws:{workspace_id}"


def _interview_key(interview_id: Any) -> str:
    return f"interviews:v:iv:{interview_id}"


def _versions(keys: list[str]) -> list[str]:
    found = cache.get_many(keys)
    missing = {key: uuid.uuid4().hex for key in keys if key not in found}
    if missing:
        cache.set_many(missing, None)
        found.update(missing)
    return [found[key] for key in keys]


def invalidate(*, workspace_id: Any = None, interview_id: Any = None) -> None:
    """Replace the version tokens once the transaction commits (at once outside one)."""
    keys = []
    if workspace_id is not None:
        keys.append(_workspace_key(workspace_id))
    if interview_id is not None:
        keys.append(_interview_key(interview_id))

    def bump() -> None:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, None)

    transaction.on_commit(bump)


def _user_part(user: Any) -> str:
    # The role in each workspace decides what a user sees, so it is part of the key.
    roles = sorted((str(ws), role) for ws, role in user.workspace_roles.items())
    return f"{user.pk}:{roles}"


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
    raw = "|".join([kind, _user_part(user), query, *_versions(keys)])
    return "interviews:c:" + hashlib.sha256(raw.encode()).hexdigest()


def read_through(key: str, compute: Callable[[], Any]) -> Any:
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
