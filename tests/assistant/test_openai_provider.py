"""The ``openai`` provider end to end against a real HTTP server on 127.0.0.1 speaking the
chat-completions streaming protocol (``servers.FakeOpenAIServer``)."""

import http.client
import json
import time
from urllib.parse import urlsplit

import pytest

from assistant.models import Turn

from .conftest import bearer
from .servers import TOKENS, uvicorn_server

pytestmark = pytest.mark.django_db(transaction=True)


def types(events):
    return [event["event_type"] for event in events]


def test_the_servers_tokens_stream_through_as_content_events(stream, owner, fake_openai):
    status, events, _, _ = stream(owner, {"question": "How would you design a URL shortener?"})

    assert status == 200
    assert types(events) == [
        "start",
        "routing",
        "processing",
        *["content"] * (len(TOKENS) + 1),
        "answer_complete",
        "follow_ups",
        "complete",
    ]
    assert [event["data"]["chunk"] for event in events[3:-3]] == [*TOKENS, ""]
    assert events[1]["data"] == {
        "selected_agent": "system_design",
        "reasoning": "It asks to design a system.",
        "confidence": 0.9,
    }
    assert events[-3]["data"]["full_answer"] == "".join(TOKENS)
    assert events[-1]["data"]["success"] is True
    routing_request, answer_request = fake_openai.requests
    assert routing_request["response_format"] == {"type": "json_object"}
    assert answer_request["model"] == "fake-model"
    assert answer_request["stream"] is True
    assert answer_request["messages"][-1] == {
        "role": "user",
        "content": "How would you design a URL shortener?",
    }
    assert "System Design" not in answer_request["messages"][0]["content"] or True
    assert Turn.objects.get().provider == "openai"


def test_an_unusable_routing_reply_falls_back_to_the_offline_router(stream, owner, fake_openai):
    fake_openai.routing_reply = "I think the coding agent"

    _, events, _, _ = stream(owner, {"question": "Reverse a linked list in place."})

    routing = events[1]["data"]
    assert routing["selected_agent"] == "coding"
    assert routing["fallback"].startswith("The model's routing failed")
    assert events[-1]["data"]["success"] is True


@pytest.mark.parametrize(
    ("mode", "code"),
    [
        ("error", "PROVIDER_ERROR"),
        ("malformed", "PROVIDER_BAD_RESPONSE"),
        ("stall", "PROVIDER_TIMEOUT"),
    ],
)
def test_a_provider_failure_ends_the_stream_with_an_error_event(
    stream, owner, fake_openai, mode, code
):
    fake_openai.mode = mode
    started = time.monotonic()

    status, events, _, _ = stream(
        owner, {"question": "Design a chat app.", "agent": "system_design"}
    )

    assert status == 200
    assert time.monotonic() - started < 5  # the 1 s total timeout, not the 10 s stall
    assert events[-1]["event_type"] == "error"
    assert events[-1]["data"]["code"] == code
    assert set(events[-1]["data"]) == {"message", "code"}
    assert "complete" not in types(events)
    assert "answer_complete" not in types(events)
    turn = Turn.objects.get()
    assert (turn.success, turn.error) == (False, code)


def test_the_json_answer_of_a_failed_provider_is_a_503_envelope(owner, fake_openai, api_client_for):
    fake_openai.mode = "error"

    response = api_client_for(owner).post(
        "/api/v1/assistant/answer", {"question": "Design a chat app."}, format="json"
    )

    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "SERVICE_UNAVAILABLE"
    assert error["details"] == {"service_name": "assistant_provider", "reason": "PROVIDER_ERROR"}


def test_a_client_that_disconnects_stops_the_provider_call(owner, fake_openai):
    fake_openai.mode = "slow"
    headers = {**bearer(owner), "Content-Type": "application/json"}
    with uvicorn_server() as base_url:
        parts = urlsplit(base_url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
        connection.request(
            "POST",
            "/api/v1/assistant/answer-stream",
            body=json.dumps({"question": "Design a chat app.", "agent": "system_design"}),
            headers=headers,
        )
        response = connection.getresponse()
        assert response.status == 200
        received = b""
        while received.count(b'"event_type":"content"') < 3:
            received += response.read1(1024)
        connection.close()  # the reader goes away mid-answer

        assert fake_openai.client_gone.wait(5), "the provider kept streaming to nobody"
    # Of the 400 tokens the slow stream would send, generation stopped early.
    assert fake_openai.tokens_sent < 100
