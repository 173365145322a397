"""Probes for operators and orchestrators: whether the process lives, whether it can serve.

``/health`` and ``/health/liveness`` never touch the database; the others do, retrying with
exponential backoff, and answer 503 when it stays unreachable.

Anyone may ask whether the service is up; where the database lives (host, port, name, the SQLite
path), its driver and the pool's figures help an attacker as much as an operator, so only staff
(signed in) or a caller presenting ``HEALTH_TOKEN`` as a bearer token read them.
"""

import datetime as dt
import hmac
import time
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import OutboundMail
from .tasks import failed_task_count

RETRIES = 3
FIRST_BACKOFF_SECONDS = 0.1


def _now() -> str:
    return timezone.now().isoformat()


def masked_database_url(settings_dict: dict[str, Any]) -> str:
    """The connection's address without credentials: postgresql://***:***@host:5432/name."""
    engine = settings_dict["ENGINE"].rsplit(".", 1)[-1]
    if engine == "sqlite3":
        return f"sqlite:///{settings_dict['NAME']}"
    netloc = settings_dict.get("HOST") or "localhost"
    if settings_dict.get("PORT"):
        netloc = f"{netloc}:{settings_dict['PORT']}"
    if settings_dict.get("USER") or settings_dict.get("PASSWORD"):
        netloc = f"***:***@{netloc}"
    return f"{engine}://{netloc}/{settings_dict.get('NAME') or ''}"


def pool_figures(conn: BaseDatabaseWrapper) -> dict[str, int] | None:
    """Figures of psycopg's pool where the database has one (PostgreSQL in production)."""
    pool = getattr(conn, "pool", None)
    if pool is None:
        return None
    stats = pool.get_stats()
    size = stats.get("pool_size", 0)
    available = stats.get("pool_available", 0)
    return {
        "pool_size": size,
        "checked_out": size - available,
        "checked_in": available,
        "overflow": max(0, size - pool.min_size),
        "min_size": pool.min_size,
        "max_size": pool.max_size,
        "requests_waiting": stats.get("requests_waiting", 0),
    }


def check_database() -> dict[str, Any]:
    """``SELECT 1`` with retries and exponential backoff (0.1 s, 0.2 s) for transient failures."""
    conn = connections[DEFAULT_DB_ALIAS]
    url = masked_database_url(conn.settings_dict)
    error = ""
    for attempt in range(RETRIES):
        try:
            with conn.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError as exc:
            error = exc.__class__.__name__
            conn.close_if_unusable_or_obsolete()
            if attempt + 1 < RETRIES:
                time.sleep(FIRST_BACKOFF_SECONDS * 2**attempt)
            continue
        info: dict[str, Any] = {"status": "connected", "vendor": conn.vendor, "url": url}
        figures = pool_figures(conn)
        if figures is not None:
            info["engine_info"] = figures
        return {"status": "healthy", "connected": True, "info": info, "timestamp": _now()}
    return {
        "status": "unhealthy",
        "connected": False,
        "info": {"status": "unreachable", "url": url, "error": error},
        "attempts": RETRIES,
        "timestamp": _now(),
    }


def may_read_details(request: HttpRequest) -> bool:
    token: str = settings.HEALTH_TOKEN
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    if token and scheme == "Bearer" and hmac.compare_digest(presented.encode(), token.encode()):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


def for_caller(request: HttpRequest, result: dict[str, Any]) -> dict[str, Any]:
    """The whole database check for operators; up or down for everyone else."""
    if may_read_details(request):
        return result
    return {key: result[key] for key in ("status", "connected", "timestamp")}


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "healthy", "timestamp": _now()})


@never_cache
@require_GET
def liveness(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "alive", "timestamp": _now()})


def task_figures() -> dict[str, Any]:
    """The queue's state for an operator: tasks that failed for good and mail still waiting."""
    now = timezone.now()
    day_ago = now - dt.timedelta(hours=24)
    unsent = OutboundMail.objects.filter(sent_at__isnull=True)
    oldest = unsent.order_by("created_at").values_list("created_at", flat=True).first()
    return {
        "backend": settings.TASKS["default"]["BACKEND"],
        "failed_last_24h": failed_task_count(day_ago),
        "mail_waiting": unsent.count(),
        "oldest_mail_waiting_seconds": round((now - oldest).total_seconds()) if oldest else None,
        "mail_failed_last_24h": unsent.filter(
            created_at__gte=day_ago, attempts__gte=settings.TASKS_MAX_ATTEMPTS
        ).count(),
    }


@never_cache
@require_GET
def detailed(request: HttpRequest) -> JsonResponse:
    database = check_database()
    healthy = database["connected"]
    body: dict[str, Any] = {
        "api": {"status": "healthy", "timestamp": _now()},
        "database": for_caller(request, database),
        "overall_status": "healthy" if healthy else "unhealthy",
    }
    if healthy and getattr(request.user, "is_staff", False):
        body["tasks"] = task_figures()
    return JsonResponse(body, status=200 if healthy else 503)


@never_cache
@require_GET
def database(request: HttpRequest) -> JsonResponse:
    result = check_database()
    return JsonResponse(for_caller(request, result), status=200 if result["connected"] else 503)


@never_cache
@require_GET
def readiness(request: HttpRequest) -> JsonResponse:
    result = check_database()
    ready = result["connected"]
    return JsonResponse(
        {
            "status": "ready" if ready else "not_ready",
            "database": result["status"],
            "timestamp": _now(),
        },
        status=200 if ready else 503,
    )
