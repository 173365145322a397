"""What every task of the product shares: enqueued only once the change that asks for it is
committed, retried with backoff when it fails, and a failure after the last attempt left where
an operator sees it (the task backend's FAILED results: the admin and ``/health/detailed``).

The backends (``django_tasks_db``, ``django_tasks_redis``) run a task once and record its
outcome; neither retries. ``retried`` adds that in one place: a failing attempt enqueues the
same task again with ``run_after`` and the next attempt number, and only the last attempt's
failure reaches the backend as FAILED. Tasks are written to be safe to run twice (a worker can
die between doing the work and recording it), so a retry never repeats an effect.
"""

import datetime as dt
import functools
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, Task, TaskResultStatus, task_backends
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.backend import DatabaseBackend

logger = logging.getLogger(__name__)


def enqueue_on_commit(task: Task, *args: Any, **kwargs: Any) -> None:
    """Make ``task`` runnable when the current transaction commits; a rollback enqueues nothing.
    Outside a transaction it is enqueued at once.

    The database queue writes the task's row inside the transaction: workers see it from the
    commit on, and the change and its task commit together or not at all, so a process that
    dies right after the commit (or a connection lost then) cannot leave a change whose mail,
    delivery or sync never runs. Another backend (Redis) is not part of the transaction: the
    task is sent to it once the transaction has committed."""
    if uses_database_queue(task):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


def backoff_seconds(attempt: int) -> float:
    """The wait after failed attempt ``attempt`` (1-based): doubling from the base, capped."""
    return min(
        settings.TASKS_RETRY_MAX_SECONDS, settings.TASKS_RETRY_BASE_SECONDS * 2 ** (attempt - 1)
    )


def retried[**P](func: Callable[P, Any]) -> Callable[..., Any]:
    """Put under ``@task``: the task takes a keyword ``attempt`` (default 1) and, when an attempt
    raises, is enqueued again after ``backoff_seconds`` until ``TASKS_MAX_ATTEMPTS``."""

    @functools.wraps(func)
    def run(*args: Any, attempt: int = 1, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except Exception as exc:
            # The task object is the module attribute ``@task`` bound to this function's name.
            this: Task = import_string(f"{func.__module__}.{func.__qualname__}")
            backend = this.get_backend()
            if attempt >= settings.TASKS_MAX_ATTEMPTS or not backend.supports_defer:
                logger.exception("Task %s failed for good on attempt %s", this.name, attempt)
                raise
            delay = backoff_seconds(attempt)
            run_after = timezone.now() + dt.timedelta(seconds=delay)
            this.using(run_after=run_after).enqueue(*args, attempt=attempt + 1, **kwargs)
            logger.warning(
                "Task %s attempt %s failed (%s); attempt %s in %.0f s",
                this.name,
                attempt,
                exc,
                attempt + 1,
                delay,
            )
            return {"attempt": attempt, "error": repr(exc), "retry_at": run_after.isoformat()}

    return run


def uses_database_queue(task: Task | None = None) -> bool:
    """Whether ``task`` (without one: the default backend) runs on the database queue."""
    backend = task.get_backend() if task is not None else task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    return isinstance(backend, DatabaseBackend)


def failed_task_count(since: dt.datetime) -> int | None:
    """Tasks that failed for good since ``since``, where the backend can count them (the
    database queue); None where it cannot."""
    if not uses_database_queue():
        return None
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        status=TaskResultStatus.FAILED, finished_at__gte=since
    ).count()


def requeue_stale_tasks(now: dt.datetime | None = None) -> int:
    """Database-queue tasks RUNNING for longer than ``TASKS_CLAIM_SECONDS`` lost their worker
    (killed, machine gone): make them ready again so another worker runs them. Safe because
    every task may run twice. The Redis backend does the same itself (``REDIS_CLAIM_TIMEOUT``)."""
    if not uses_database_queue():
        return 0
    from django_tasks_db.models import DBTaskResult

    cutoff = (now or timezone.now()) - dt.timedelta(seconds=settings.TASKS_CLAIM_SECONDS)
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    ).update(status=TaskResultStatus.READY)
