"""The MCP server at /mcp, driven by the official SDK's own client over HTTP: what each role may
see and do through a tool is what the same token may do through the API."""

import json
from typing import Any

import httpx2
import pytest
from mcp.client.session import ClientSession
from mcp.client.streamable_http import streamable_http_client
from rest_framework.test import APIClient

from interview_tracker.asgi import application
from tests.assistant.servers import uvicorn_server
from tests.factories import CandidateFactory, InterviewFactory, ParticipantFactory
from tests.loops import in_own_loop

pytestmark = pytest.mark.django_db(transaction=True)


def run_session(base_url: str, secret: str, calls: list[tuple[str, dict[str, Any]]]) -> Any:
    """Initialise, list the tools, make ``calls``; (tool names, results)."""

    async def go() -> Any:
        headers = {"Authorization": f"Bearer {secret}"}
        async with (
            httpx2.AsyncClient(headers=headers, timeout=20) as http,
            streamable_http_client(f"{base_url}/mcp", http_client=http) as streams,
            ClientSession(streams[0], streams[1]) as session,
        ):
            await session.initialize()
            tools = [tool.name for tool in (await session.list_tools()).tools]
            results = [await session.call_tool(name, arguments) for name, arguments in calls]
            return tools, results

    return in_own_loop(go())


def outcome(result: Any) -> tuple[bool, Any]:
    """(is it an error, the JSON it carries)."""
    return result.is_error, json.loads(result.content[0].text)


def untimed(body: Any) -> Any:
    """An answer without its error timestamp (two answers are never made at the same instant)."""
    if isinstance(body, dict) and "error" in body:
        return {"error": {k: v for k, v in body["error"].items() if k != "timestamp"}}
    return body


def api(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@pytest.fixture
def server():
    with uvicorn_server(application) as base_url:
        yield base_url


def test_a_request_without_a_valid_token_is_refused_before_any_mcp_message(server):
    initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {}}
    for headers in ({}, {"Authorization": "Bearer itk_forged"}, {"Authorization": "Bearer jwt"}):
        response = httpx2.post(f"{server}/mcp", json=initialize, headers=headers, timeout=10)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "AUTHENTICATION_ERROR"


def test_tools_are_listed_and_read_what_the_api_reads(server, owner, workspace, token_for):
    candidate = CandidateFactory(workspace=workspace, name="Ada Lovelace")
    secret = token_for(owner)

    tools, results = run_session(
        server,
        secret,
        [
            ("search_candidates", {"search": "Ada"}),
            ("get_candidate", {"candidate_id": str(candidate.pk)}),
        ],
    )

    assert {"search_candidates", "schedule_interview", "submit_scorecard", "get_statistics"} <= set(
        tools
    )
    listed, detail = (outcome(result) for result in results)
    assert listed == (False, api(secret).get("/api/v1/candidates/", {"search": "Ada"}).json())
    assert detail == (False, api(secret).get(f"/api/v1/candidates/{candidate.pk}/").json())


@pytest.mark.parametrize(
    ("who", "sees", "may_move"),
    [
        ("owner", True, True),
        ("recruiter", True, True),
        ("interviewer", True, False),
        ("candidate", False, False),
        ("outsider", False, False),
    ],
)
def test_each_role_sees_and_does_through_tools_what_the_api_allows(
    who, sees, may_move, server, cast, workspace, token_for
):
    candidate = CandidateFactory(workspace=workspace)
    secret = token_for(cast[who])
    api_read = api(secret).get(f"/api/v1/candidates/{candidate.pk}/")

    _tools, results = run_session(
        server,
        secret,
        [
            ("get_candidate", {"candidate_id": str(candidate.pk)}),
            ("move_candidate", {"candidate_id": str(candidate.pk), "status": "screening"}),
        ],
    )

    read_error, read = outcome(results[0])
    move_error, moved = outcome(results[1])
    assert read_error is not sees
    assert untimed(read) == untimed(api_read.json())
    assert move_error is not may_move
    if may_move:
        assert moved["status"] == "screening"
    else:
        expected = "AUTHORIZATION_ERROR" if sees else "RESOURCE_NOT_FOUND"
        assert moved["error"]["code"] == expected
    candidate.refresh_from_db()
    assert candidate.status == ("screening" if may_move else "applied")


def test_a_candidate_member_sees_only_their_own_interviews(
    server, candidate_user, workspace, token_for
):
    theirs = InterviewFactory(workspace=workspace)
    ParticipantFactory(interview=theirs, user=candidate_user, role="candidate")
    InterviewFactory(workspace=workspace)
    secret = token_for(candidate_user)

    _tools, [result] = run_session(server, secret, [("search_interviews", {})])

    is_error, page = outcome(result)
    assert not is_error
    assert [row["id"] for row in page["results"]] == [str(theirs.pk)]
    assert page == api(secret).get("/api/v1/interviews/").json()


def test_a_read_token_is_refused_on_a_write_tool(server, owner, workspace, token_for):
    candidate = CandidateFactory(workspace=workspace)

    _tools, [result] = run_session(
        server,
        token_for(owner, ("read",)),
        [("move_candidate", {"candidate_id": str(candidate.pk), "status": "offer"})],
    )

    is_error, body = outcome(result)
    assert is_error
    assert body["error"]["code"] == "AUTHORIZATION_ERROR"
    candidate.refresh_from_db()
    assert candidate.status == "applied"


def test_writes_go_through_the_services(server, owner, workspace, token_for):
    candidate = CandidateFactory(workspace=workspace)

    _tools, results = run_session(
        server,
        token_for(owner),
        [
            (
                "schedule_interview",
                {
                    "title": "Technical screen",
                    "scheduled_at": "2030-01-07T10:00:00+01:00",
                    "candidate": str(candidate.pk),
                    "kind": "technical",
                },
            ),
            ("add_question", {"text": "Explain a B-tree.", "category": "technical"}),
        ],
    )

    (scheduled_error, interview), (question_error, question) = (outcome(r) for r in results)
    assert not scheduled_error
    assert not question_error
    assert interview["candidate"] == str(candidate.pk)
    assert interview["scheduled_at"] == "2030-01-07T09:00:00Z"
    assert question["text"] == "Explain a B-tree."
    candidate.refresh_from_db()
    assert candidate.status == "interviewing"  # the scheduling rule ran


def test_invalid_arguments_answer_the_validation_envelope(server, owner, token_for):
    _tools, [result] = run_session(
        server, token_for(owner), [("submit_scorecard", {"interview_id": "x", "rating": 9})]
    )

    is_error, body = outcome(result)
    assert is_error
    assert body["error"]["code"] == "VALIDATION_ERROR"
    assert {"rating", "recommendation"} <= set(body["error"]["field_errors"])


def test_another_workspaces_objects_are_absent(server, owner, other_workspace, token_for):
    foreign = CandidateFactory(workspace=other_workspace, name="Zed Foreign")

    _tools, results = run_session(
        server,
        token_for(owner),
        [
            ("search_candidates", {"search": "Zed"}),
            ("get_candidate", {"candidate_id": str(foreign.pk)}),
        ],
    )

    (_, listed), (detail_error, detail) = (outcome(r) for r in results)
    assert listed["count"] == 0
    assert detail_error
    assert detail["error"]["code"] == "RESOURCE_NOT_FOUND"
