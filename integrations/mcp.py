"""The Model Context Protocol server at ``/mcp``: AI agents act for a user with a personal
access token.

Built on the official SDK (``MCPServer``, streamable HTTP, stateless: every request stands
alone, so any web server of several may answer it). Each tool is one call of the REST API made
in-process with the caller's token (``internal_api``), so a tool may see and do exactly what the
token may over HTTP: the same ``for_user`` reads, role rules, scopes, validation and throttles.
A refused call is a tool result with ``isError`` whose text is the API's error envelope.
"""

import contextvars
import json
from collections.abc import Callable
from typing import Annotated, Any, Literal

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.http.request import split_domain_port, validate_host
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from pydantic import Field, ValidationError
from rest_framework import exceptions

from .authentication import authenticate_token, token_from_header
from .internal_api import call

_token: contextvars.ContextVar[str] = contextvars.ContextVar("mcp_token")
_base_url: contextvars.ContextVar[str] = contextvars.ContextVar("mcp_base_url")

Id = Annotated[str, Field(description="The object's id (a UUID).")]
Page = Annotated[int, Field(ge=1, description="Page number, from 1.")]
PageSize = Annotated[int, Field(ge=1, le=100, description="Rows per page (at most 100).")]
WorkspaceId = Annotated[
    str | None, Field(description="Only this workspace (an id from get_me); all yours if omitted.")
]
PipelineStatus = Literal[
    "applied", "screening", "interviewing", "offer", "hired", "rejected", "withdrawn"
]


class Server(MCPServer):
    def __init__(self) -> None:
        super().__init__(
            name="interview-tracker",
            instructions=(
                "Interview Tracker: a hiring team's pipeline (candidates, openings, interviews, "
                "scorecards) or a job-seeker's search (applications, rounds, question bank). "
                "Every tool acts as the token's user, with that user's permissions."
            ),
        )

    async def call_tool(self, name: str, arguments: dict[str, Any], context: Any = None) -> Any:
        """The SDK prefixes a failure with the tool's name; ours answer the bare envelope, as
        the API would (and invalid arguments the API's 422 shape)."""
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as exc:
            cause = exc.__cause__
            if isinstance(cause, ApiError):
                raise ToolError(str(cause)) from None
            if isinstance(cause, ValidationError):
                field_errors = {
                    ".".join(str(part) for part in error["loc"]) or "arguments": error["msg"]
                    for error in cause.errors()
                }
                raise ToolError(
                    _envelope("VALIDATION_ERROR", "Invalid arguments.", field_errors)
                ) from None
            raise


class ApiError(ToolError):
    """The API refused the call; the message is its error envelope."""


def _envelope(code: str, message: str, field_errors: dict[str, str] | None = None) -> str:
    error: dict[str, Any] = {"code": code, "message": message}
    if field_errors:
        error["field_errors"] = field_errors
    return json.dumps({"error": error})


def _as_request[T](function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``function`` as Django runs a view: between the request signals, which close the
    database connections a request leaves unusable or too old."""
    request_started.send(sender=__name__)
    try:
        return function(*args, **kwargs)
    finally:
        request_finished.send(sender=__name__)


def _call_sync(method: str, path: str, query: dict[str, Any] | None, body: Any) -> Any:
    answer = _as_request(
        call, method, path, base_url=_base_url.get(), token=_token.get(), query=query, body=body
    )
    if not answer.ok:
        error = (answer.data or {}).get("error") or {"code": "INTERNAL_ERROR", "message": ""}
        raise ApiError(json.dumps({"error": error}))
    return answer.data


async def api(method: str, path: str, *, query: dict[str, Any] | None = None, body: Any = None):
    # The caller's context (token, base URL) travels with the call into the worker thread.
    return await sync_to_async(_call_sync)(method, path, query, body)


def _without_none(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


mcp = Server()


@mcp.tool()
async def get_me() -> Any:
    """Who the token acts for, and their workspaces with their role in each."""
    return await api("GET", "auth/me")


@mcp.tool()
async def search_candidates(
    search: str | None = None,
    status: PipelineStatus | None = None,
    position: Annotated[str | None, Field(description="Only candidates for this opening.")] = None,
    tags: str | None = None,
    workspace: WorkspaceId = None,
    page: Page = 1,
    page_size: PageSize = 20,
) -> Any:
    """Candidates by name or e-mail, pipeline status, opening or tags."""
    return await api("GET", "candidates", query=_without_none(locals()))


@mcp.tool()
async def get_candidate(candidate_id: Id) -> Any:
    """One candidate with their interviews and scorecards (as far as your role may see)."""
    return await api("GET", f"candidates/{candidate_id}")


@mcp.tool()
async def move_candidate(
    candidate_id: Id, status: PipelineStatus, rejection_reason: str | None = None
) -> Any:
    """Move a candidate to another pipeline status (a rejection may give its reason)."""
    body = _without_none({"status": status, "rejection_reason": rejection_reason})
    return await api("PATCH", f"candidates/{candidate_id}", body=body)


@mcp.tool()
async def search_positions(
    search: str | None = None,
    status: PipelineStatus | None = None,
    company: str | None = None,
    workspace: WorkspaceId = None,
    page: Page = 1,
    page_size: PageSize = 20,
) -> Any:
    """Openings (a hiring team) or applications (a job search) by title, company or status."""
    return await api("GET", "positions", query=_without_none(locals()))


@mcp.tool()
async def get_position(position_id: Id) -> Any:
    """One opening or application."""
    return await api("GET", f"positions/{position_id}")


@mcp.tool()
async def move_position(position_id: Id, status: PipelineStatus) -> Any:
    """Move a job-seeker's application to another pipeline status."""
    return await api("PUT", f"positions/{position_id}/status", body={"status": status})


@mcp.tool()
async def pipeline_board(
    entity: Literal["candidates", "positions"] = "candidates",
    workspace: WorkspaceId = None,
    per_status: Annotated[int, Field(ge=1, le=50)] = 10,
) -> Any:
    """The pipeline board: per status, how many there are and the first of them."""
    board = {}
    for status in PipelineStatus.__args__:  # type: ignore[attr-defined]
        query = _without_none({"status": status, "workspace": workspace, "page_size": per_status})
        page = await api("GET", entity, query=query)
        board[status] = {
            "count": page["count"],
            "items": [
                {"id": row["id"], "name": row.get("name") or row.get("title")}
                for row in page["results"]
            ],
        }
    return board


@mcp.tool()
async def search_interviews(
    status: Literal["scheduled", "ongoing", "completed", "cancelled"] | None = None,
    outcome: Literal["pending", "passed", "failed", "cancelled"] | None = None,
    candidate: str | None = None,
    position: str | None = None,
    date_from: Annotated[str | None, Field(description="ISO date: from this day on.")] = None,
    date_to: Annotated[str | None, Field(description="ISO date: up to this day.")] = None,
    workspace: WorkspaceId = None,
    page: Page = 1,
    page_size: PageSize = 20,
) -> Any:
    """Interviews by status, outcome, candidate, opening or date, soonest first."""
    return await api("GET", "interviews", query=_without_none(locals()))


@mcp.tool()
async def get_interview(interview_id: Id) -> Any:
    """One interview with its participants."""
    return await api("GET", f"interviews/{interview_id}")


@mcp.tool()
async def schedule_interview(
    title: str,
    scheduled_at: Annotated[str, Field(description="ISO 8601 with a time zone offset.")],
    candidate: str | None = None,
    position: str | None = None,
    kind: Literal[
        "phone_screen",
        "technical",
        "coding",
        "system_design",
        "behavioral",
        "hr",
        "final",
        "other",
    ] = "other",
    format: Literal["phone", "video", "onsite"] = "video",
    duration_minutes: Annotated[int, Field(ge=1, le=600)] = 60,
    location: str | None = None,
    meeting_url: str | None = None,
    workspace: WorkspaceId = None,
) -> Any:
    """Schedule an interview for a candidate and/or an opening or application."""
    return await api("POST", "interviews", body=_without_none(locals()))


@mcp.tool()
async def reschedule_interview(
    interview_id: Id,
    scheduled_at: Annotated[str, Field(description="ISO 8601 with a time zone offset.")],
) -> Any:
    """Move a scheduled interview to a new time (participants get an updated invitation)."""
    body = {"scheduled_at": scheduled_at}
    return await api("PUT", f"interviews/{interview_id}/schedule", body=body)


@mcp.tool()
async def cancel_interview(interview_id: Id) -> Any:
    """Cancel a scheduled interview."""
    return await api("POST", f"interviews/{interview_id}/cancel")


@mcp.tool()
async def record_interview_notes(interview_id: Id, notes: str) -> Any:
    """Replace an interview's notes."""
    return await api("PUT", f"interviews/{interview_id}/notes", body={"notes": notes})


@mcp.tool()
async def record_interview_outcome(
    interview_id: Id, outcome: Literal["pending", "passed", "failed", "cancelled"]
) -> Any:
    """Record an interview's outcome (passed or failed completes it)."""
    return await api("PUT", f"interviews/{interview_id}/outcome", body={"outcome": outcome})


@mcp.tool()
async def submit_scorecard(
    interview_id: Id,
    rating: Annotated[int, Field(ge=1, le=5)],
    recommendation: Literal["strong_no", "no", "yes", "strong_yes"],
    comment: str = "",
    criteria: Annotated[
        list[dict[str, Any]] | None,
        Field(description="Scores per criterion: [{name, score 1-5, note}]."),
    ] = None,
) -> Any:
    """Submit your scorecard for an interview you took part in."""
    body = _without_none(
        {
            "rating": rating,
            "recommendation": recommendation,
            "comment": comment,
            "criteria": criteria,
        }
    )
    return await api("POST", f"interviews/{interview_id}/feedback", body=body)


@mcp.tool()
async def record_question_asked(
    interview_id: Id,
    question: Annotated[str | None, Field(description="A bank question's id.")] = None,
    text: Annotated[str | None, Field(description="Or a new question's text.")] = None,
    candidate_answer: str | None = None,
    answer_quality_rating: Annotated[int | None, Field(ge=1, le=10)] = None,
    was_prepared: bool | None = None,
) -> Any:
    """Record a question asked in an interview (a new text is added to the bank)."""
    body = _without_none(
        {
            "question": question,
            "text": text,
            "candidate_answer": candidate_answer,
            "answer_quality_rating": answer_quality_rating,
            "was_prepared": was_prepared,
        }
    )
    return await api("POST", f"interviews/{interview_id}/questions", body=body)


@mcp.tool()
async def search_questions(
    search: str | None = None,
    category: str | None = None,
    difficulty: Literal["easy", "medium", "hard", "expert"] | None = None,
    tags: str | None = None,
    page: Page = 1,
    page_size: PageSize = 20,
) -> Any:
    """The question bank by text, category, difficulty or tags."""
    return await api("GET", "questions", query=_without_none(locals()))


@mcp.tool()
async def get_question(question_id: Id) -> Any:
    """One bank question with its answer summary, key concepts and tips."""
    return await api("GET", f"questions/{question_id}")


@mcp.tool()
async def add_question(
    text: str,
    category: Literal[
        "technical",
        "behavioral",
        "product",
        "system_design",
        "coding",
        "case_study",
        "hr",
        "other",
    ] = "other",
    difficulty: Literal["easy", "medium", "hard", "expert"] = "medium",
    answer_summary: str = "",
    key_concepts: list[str] | None = None,
    tags: list[str] | None = None,
    workspace: WorkspaceId = None,
) -> Any:
    """Add a question to the bank."""
    return await api("POST", "questions", body=_without_none(locals()))


@mcp.tool()
async def practice_queue() -> Any:
    """Your spaced-repetition queue: the questions due for practice now."""
    return await api("GET", "questions/due")


@mcp.tool()
async def record_practice(
    question_id: Id,
    self_rating: Annotated[int, Field(ge=1, le=10)],
    answer: str = "",
    duration_seconds: Annotated[int | None, Field(ge=0)] = None,
) -> Any:
    """Record a practice answer; the rating schedules the question's next review."""
    body = _without_none(
        {"self_rating": self_rating, "answer": answer, "duration_seconds": duration_seconds}
    )
    return await api("POST", f"questions/{question_id}/practice", body=body)


@mcp.tool()
async def get_statistics(
    report: Literal[
        "overview",
        "timeline",
        "companies",
        "funnel",
        "sources",
        "interviewers",
        "skill-gaps",
        "stale",
    ] = "overview",
    workspace: WorkspaceId = None,
    start_date: str | None = None,
    end_date: str | None = None,
) -> Any:
    """A statistics report of your current (or the given) workspace."""
    query = _without_none({"workspace": workspace, "start_date": start_date, "end_date": end_date})
    return await api("GET", f"statistics/{report}", query=query)


# The SDK's protocol server behind ``mcp``, reached through the manager its app builds.
mcp.streamable_http_app(stateless_http=True, json_response=True)
_protocol_server = mcp.session_manager.app


async def _answer(send: Any, status: int, body: str, headers: list[tuple[bytes, bytes]]) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), *headers],
        }
    )
    await send({"type": "http.response.body", "body": body.encode()})


def _authenticate(secret: str | None) -> bool:
    if secret is None:
        return False
    try:
        _as_request(authenticate_token, secret)
    except exceptions.AuthenticationFailed:
        return False
    return True


async def application(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """The ASGI application mounted at ``/mcp``: host check, token check (401 before any MCP
    message), then one stateless MCP exchange."""
    headers = {key.decode("latin-1"): value.decode("latin-1") for key, value in scope["headers"]}
    host = headers.get("host", "")
    domain, _port = split_domain_port(host)
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        await _answer(send, 400, _envelope("BAD_REQUEST", "Unknown host."), [])
        return
    secret = token_from_header(headers.get("authorization", ""))
    if not await sync_to_async(_authenticate)(secret):
        await _answer(
            send,
            401,
            _envelope("AUTHENTICATION_ERROR", "A valid personal access token is required."),
            [(b"www-authenticate", b'Bearer realm="mcp"')],
        )
        return
    scheme = "https" if scope.get("scheme") == "https" else "http"
    _token.set(secret or "")
    _base_url.set(f"{scheme}://{host}")
    # A manager per request: the exchange is stateless, and no ASGI lifespan is needed (the
    # server runs with ``--lifespan off``, which the SDK's own app would need to start one).
    manager = StreamableHTTPSessionManager(app=_protocol_server, stateless=True, json_response=True)
    async with manager.run():
        await manager.handle_request(scope, receive, send)
