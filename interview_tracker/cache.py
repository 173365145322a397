"""The one caching scheme: a value is stored under a digest of everything it depends on (the
reader, their roles, the query, and version tokens that writes replace), so a changed input is
a new key and nothing is ever deleted; entries expire after their timeout.

Interview lists and details (``interviews.cache``) add version tokens that writes replace; the
statistics (``analytics.views``) rely on their short timeout alone.
"""

import hashlib
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.db import transaction


def reader_part(user: Any) -> str:
    """The user and their role in each workspace: what they may see is part of every key."""
    roles = sorted((str(ws), role) for ws, role in user.workspace_roles.items())
    return f"{user.pk}:{roles}"


def make_key(namespace: str, parts: Iterable[str]) -> str:
    return f"{namespace}:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def versions(keys: list[str]) -> list[str]:
    """The current token of each version key (a new one for a key never seen)."""
    found = cache.get_many(keys)
    missing = {key: uuid.uuid4().hex for key in keys if key not in found}
    if missing:
        cache.set_many(missing, None)
        found.update(missing)
    return [found[key] for key in keys]


def replace_versions(keys: list[str]) -> None:
    """New tokens for ``keys`` once the transaction commits (at once outside one), so the next
    read after the write misses and sees it."""

    def replace() -> None:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, None)

    transaction.on_commit(replace)


def read_through(key: str, compute: Callable[[], Any], timeout: int) -> Any:
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def read_many[N](keys: dict[N, str], compute: Callable[[N], Any], timeout: int) -> dict[N, Any]:
    """The value of each name: one round trip for the cached ones, then the missing ones
    computed and stored together."""
    cached = cache.get_many(list(keys.values()))
    values = {name: cached[key] for name, key in keys.items() if key in cached}
    missing = {name: compute(name) for name in keys if name not in values}
    if missing:
        cache.set_many({keys[name]: value for name, value in missing.items()}, timeout)
    return values | missing
