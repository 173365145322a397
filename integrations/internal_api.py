"""The REST API called in-process, for the integrations that speak for a user (MCP tools) or for
a workspace (webhook payloads).

Going through the API's own views keeps one permission model, one validation and one
representation: an MCP tool can do exactly what its token could do over HTTP, and a webhook
payload is byte for byte the API's detail view. The request is a real ``WSGIRequest`` built
from an environ, resolved by the URLconf and answered by the view; only the network is skipped.
"""

import io
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.core.handlers.wsgi import WSGIRequest
from django.urls import Resolver404, ResolverMatch, resolve

from interview_tracker.api.exceptions import api_not_found

API_PREFIX = "/api/v1/"


@dataclass(frozen=True)
class ApiAnswer:
    status: int
    data: Any

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


def call(
    method: str,
    path: str,
    *,
    base_url: str,
    token: str | None = None,
    user: Any = None,
    query: dict[str, Any] | None = None,
    body: Any = None,
    client_address: str = "127.0.0.1",
) -> ApiAnswer:
    """Answer ``method /api/v1/<path>`` as the API would for ``token`` (its scopes included) or,
    for reads made on a workspace's behalf, for ``user``; ``base_url`` (scheme and host) is what
    the API's absolute links start with."""
    raw = b"" if body is None else json.dumps(body).encode()
    site = urlsplit(base_url)
    host = site.netloc
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": API_PREFIX + path.lstrip("/"),
        "QUERY_STRING": urlencode(
            {key: value for key, value in (query or {}).items() if value not in (None, "")},
            doseq=True,
        ),
        "SERVER_NAME": site.hostname or "localhost",
        "SERVER_PORT": str(site.port or (443 if site.scheme == "https" else 80)),
        "HTTP_HOST": host,
        "REMOTE_ADDR": client_address,
        "HTTP_ACCEPT": "application/json",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(raw)),
        "wsgi.input": io.BytesIO(raw),
        "wsgi.url_scheme": site.scheme or "https",
    }
    if token:
        environ["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    request = WSGIRequest(environ)
    if user is not None:
        # Read by the API's session authentication, as the session middleware would set it;
        # the throttles let it through (no client of that user's made this call).
        request.user = user
        request.on_behalf_of_workspace = True  # type: ignore[attr-defined]
    match = _resolve(request.path_info)
    if match is None:
        return ApiAnswer(404, _envelope("RESOURCE_NOT_FOUND", "No such API path."))
    response = match.func(request, *match.args, **match.kwargs)
    if hasattr(response, "render"):
        response.render()
    content = response.content
    return ApiAnswer(response.status_code, json.loads(content) if content else None)


def _resolve(path: str) -> ResolverMatch | None:
    # Either spelling of a path, with or without its trailing slash, names the same route;
    # the API's catch-all (its 404 in the envelope) is no route.
    for candidate in (path, path[:-1] if path.endswith("/") else f"{path}/"):
        try:
            match = resolve(candidate)
        except Resolver404:
            continue
        if match.func is not api_not_found:
            return match
    return None


def _envelope(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}
