"""How large a request body may be, enforced before anything reads it.

Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` caps form fields but not files, and under ASGI Django
reads the whole body into a spooled file before any middleware or view runs: a 300 MB upload was
stored before the 5 MB rule on resumes refused it. The cap is checked twice, from one rule
(``body_limit``): against ``Content-Length`` as soon as the headers arrive, and against the bytes
actually received (a chunked body declares no length), in ``BodyLimitApplication`` around the
ASGI application and in ``RequestBodyLimitMiddleware`` for WSGI.
"""

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from django.conf import settings
from django.http import HttpResponse, JsonResponse

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
# Loose on purpose: Django types its handler with dict and Mapping where ASGI says MutableMapping.
ASGIApp = Callable[[Any, Any, Any], Awaitable[None]]

# Room for a multipart body's framing and the form's other fields beside the file.
MULTIPART_ALLOWANCE = 1024 * 1024


def body_limit(content_type: str) -> int:
    """A multipart body carries one upload (``MAX_UPLOAD_BYTES``); any other body is data
    (``DATA_UPLOAD_MAX_MEMORY_SIZE``)."""
    if content_type.lower().startswith("multipart/"):
        return int(settings.MAX_UPLOAD_BYTES) + MULTIPART_ALLOWANCE
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def too_large_response(path: str, limit: int) -> HttpResponse:
    message = f"The request body is larger than the {limit // 1024} KiB this server accepts."
    if path.startswith("/api/"):
        from interview_tracker.api.exceptions import error_body

        return JsonResponse(error_body("PAYLOAD_TOO_LARGE", message), status=413)
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")


class BodyLimitApplication:
    """Wraps the ASGI application: refuses a declared length over the limit at once and stops
    reading a body that grows past it, answering 413 either way."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        limit = body_limit(headers.get(b"content-type", b"").decode("latin-1"))
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _refuse(scope, send, limit)
            return
        received = 0
        exceeded = False

        async def counted() -> Message:
            nonlocal received, exceeded
            if exceeded:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # To Django the client has gone: it discards what it spooled and answers
                    # nothing, and the 413 below is the answer.
                    exceeded = True
                    return {"type": "http.disconnect"}
            return message

        await self.app(scope, counted, send)
        if exceeded:
            await _refuse(scope, send, limit)


async def _refuse(scope: Scope, send: Send, limit: int) -> None:
    response = too_large_response(scope.get("path", ""), limit)
    headers = [(b"content-type", response["Content-Type"].encode())]
    headers.append((b"content-length", str(len(response.content)).encode()))
    headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": response.content})
