import contextvars
import logging
import uuid
import zoneinfo
from collections.abc import AsyncIterator, Callable
from typing import IO, Any

from django.core.handlers.asgi import ASGIRequest
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
)
from django.utils import timezone
from whitenoise.middleware import WhiteNoiseMiddleware

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class RequestIdMiddleware:
    """Tags each request with an id (the client's X-Request-ID or a new one): it is logged with
    every line the request writes and returned in the X-Request-ID header, so a 500 reported by
    a user can be found in the logs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = (
            incoming if 0 < len(incoming) <= 64 and incoming.isprintable() else uuid.uuid4().hex
        )
        token = _request_id.set(request_id)
        request.request_id = request_id  # type: ignore[attr-defined]
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestBodyLimitMiddleware:
    """Answers 413 to a declared body over the limit before anything reads it (authentication
    included); under ASGI ``BodyLimitApplication`` also stops a body that grows past it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Imported here: LOGGING loads this module before the settings are complete.
        from interview_tracker.body_limits import body_limit, too_large_response

        declared = request.META.get("CONTENT_LENGTH") or ""
        limit = body_limit(request.META.get("CONTENT_TYPE", ""))
        if declared.isdigit() and int(declared) > limit:
            return too_large_response(request.path, limit)
        return self.get_response(request)


class RejectNulQueryMiddleware:
    """Answers 400 to a NUL character in the query string. No parameter of ours can contain
    one, and PostgreSQL refuses it in a string literal, so it must never reach a filter."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # lists(), not items(): a repeated parameter (?tags=a&tags=b) has several values.
        pairs = request.GET.lists()
        if any("\x00" in key or any("\x00" in v for v in values) for key, values in pairs):
            message = "Query parameters must not contain NUL characters."
            if request.path.startswith("/api/"):
                # Imported here: LOGGING loads this module before DRF can be imported.
                from interview_tracker.api.exceptions import error_body

                return JsonResponse(error_body("BAD_REQUEST", message), status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)


class SignedInSessionMiddleware:
    """For signed-in dashboard sessions: keeps the sessions page's "last seen" (device and
    address) a few minutes fresh at most, and sends a member whose workspace requires
    two-factor sign-in to set it up before anything else. Both are decided from the session's
    own data; the database is asked once every few minutes per session, not per request."""

    # Reachable while two-factor set-up is pending: the set-up itself, leaving, and what is
    # not the dashboard (API tokens are unaffected; probes and assets).
    EXEMPT = ("/settings/two-factor/", "/logout/", "/api/", "/static/", "/health")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Imported here: LOGGING loads this module before the apps are ready.
        from interview_tracker.sessions import (
            SETUP_REQUIRED_KEY,
            session_mark_seen,
            session_seen_long_ago,
        )

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if session_seen_long_ago(request):
                session_mark_seen(request)
            if request.session.get(SETUP_REQUIRED_KEY) and not request.path.startswith(self.EXEMPT):
                return HttpResponseRedirect("/settings/two-factor/")
        return self.get_response(request)


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class UserTimezoneMiddleware:
    """Shows times in the signed-in user's time zone (stored in UTC either way)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, which under ASGI (uvicorn) streams a file with an async iterator.

    WhiteNoise answers with a file read by a sync iterator; Django's ASGI handler then reads the
    whole file in a worker thread and warns on every static request. A static file is small
    and in the page cache, so reading it block by block on the event loop costs less than the
    thread hop. Under WSGI (and the test client) nothing changes."""

    @staticmethod
    def serve(static_file: Any, request: HttpRequest) -> Any:
        response = WhiteNoiseMiddleware.serve(static_file, request)
        if isinstance(request, ASGIRequest):
            # The file (none for HEAD or 304) stays registered to be closed with the response.
            response.streaming_content = _blocks(response.file_to_stream, response.block_size)
        return response


async def _blocks(file: IO[bytes] | None, size: int) -> AsyncIterator[bytes]:
    while file is not None and (block := file.read(size)):
        yield block
