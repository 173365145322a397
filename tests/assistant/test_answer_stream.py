"""The SSE contract of ``POST assistant/answer-stream``, parsed from the raw bytes."""

import pytest

from assistant.models import Conversation, Turn
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db(transaction=True)

ORDER = ["start", "routing", "processing"]
TAIL = ["answer_complete", "follow_ups", "complete"]


@pytest.fixture
def url_shortener(workspace):
    return QuestionFactory(
        workspace=workspace,
        text="How would you design a URL shortening service?",
        category="system_design",
        answer_summary="Generate short keys, store the mapping, redirect fast from a cache.",
        key_concepts=["Base62 encoding", "Key-value store", "Read-through cache"],
        common_mistakes=["Ignoring collisions"],
        tips=["Estimate reads versus writes first"],
    )


def test_the_stream_sends_every_event_in_order_with_the_contract_payloads(
    stream, owner, url_shortener
):
    status, events, pings, headers = stream(
        owner, {"question": "How would you design a URL shortening service?"}
    )

    assert status == 200
    assert headers["Content-Type"] == "text/event-stream"
    assert headers["Cache-Control"] == "no-cache"
    assert pings == 0
    types = [event["event_type"] for event in events]
    contents = types[3:-3]
    assert types[:3] == ORDER
    assert types[-3:] == TAIL
    assert len(contents) > 5
    assert set(contents) == {"content"}
    assert all(set(event) == {"event_type", "timestamp", "data"} for event in events)
    assert all(event["timestamp"].endswith("Z") for event in events)
    start, routing, processing = (event["data"] for event in events[:3])
    assert start == {
        "message": "Processing question...",
        "question": "How would you design a URL shortening service?",
    }
    assert routing["selected_agent"] == "system_design"
    assert set(routing) == {"selected_agent", "reasoning", "confidence"}
    assert 0 < routing["confidence"] <= 1
    assert processing == {
        "message": "Processing with system_design agent...",
        "agent": "system_design",
    }
    chunks = [event["data"] for event in events if event["event_type"] == "content"]
    assert all(chunk["is_final"] is False for chunk in chunks[:-1])
    assert chunks[-1] == {"chunk": "", "is_final": True}
    answer = "".join(chunk["chunk"] for chunk in chunks)
    complete_answer, follow_ups, complete = (event["data"] for event in events[-3:])
    assert complete_answer == {
        "full_answer": answer,
        "word_count": len(answer.split()),
        "character_count": len(answer),
    }
    # Grounded: the bank question is named and its key concepts appear.
    assert "How would you design a URL shortening service?" in answer
    for concept in [
        "Base62 encoding",
        "Key-value store",
        "Read-through cache",
        "Ignoring collisions",
    ]:
        assert concept in answer
    assert len(follow_ups["questions"]) == 3
    conversation = Conversation.objects.get()
    assert complete == {
        "message": "Processing complete",
        "agent_used": "system_design",
        "success": True,
        "conversation": str(conversation.pk),
    }
    turn = Turn.objects.get()
    assert (turn.question, turn.answer, turn.agent, turn.provider, turn.success) == (
        "How would you design a URL shortening service?",
        answer,
        "system_design",
        "offline",
        True,
    )
    assert turn.follow_up_questions == follow_ups["questions"]
    assert conversation.user_id == owner.pk
    assert conversation.workspace_id == owner.default_workspace_id


def test_a_forced_agent_is_used_with_full_confidence(stream, owner):
    _, events, _, _ = stream(owner, {"question": "Design Twitter.", "agent": "behavioral"})

    assert events[1]["data"] == {
        "selected_agent": "behavioral",
        "reasoning": "The Behavioral agent was requested.",
        "confidence": 1.0,
    }
    assert events[-1]["data"]["agent_used"] == "behavioral"


def test_a_conversation_continues_with_its_stored_history(stream, owner):
    _, first, _, _ = stream(owner, {"question": "Tell me about a time you failed."})
    conversation = first[-1]["data"]["conversation"]

    _, second, _, _ = stream(
        owner, {"question": "What would you change next time?", "conversation": conversation}
    )

    assert second[-1]["data"]["conversation"] == conversation
    assert Conversation.objects.count() == 1
    assert Turn.objects.filter(conversation_id=conversation).count() == 2
    answer = second[-3]["data"]["full_answer"]
    assert "Tell me about a time you failed." in answer  # the offline answer refers back to it


def test_heartbeats_keep_an_idle_stream_open(stream, owner, settings):
    settings.ASSISTANT_HEARTBEAT_SECONDS = 0.01
    settings.ASSISTANT_OFFLINE_CHUNK_DELAY_SECONDS = 0.03

    status, events, pings, _ = stream(owner, {"question": "What is a deadlock?"})

    assert status == 200
    assert pings > 0
    assert events[-1]["event_type"] == "complete"


def test_anonymous_gets_401_in_the_envelope(stream, db):
    status, raw, _, headers = stream(None, {"question": "What is a deadlock?"})

    assert status == 401
    assert b'"code":"AUTHENTICATION_ERROR"' in raw.replace(b" ", b"")
    assert headers["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "question"),
        ({"question": ""}, "question"),
        ({"question": "x" * 4001}, "question"),
        ({"question": "Hi", "agent": "astrologer"}, "agent"),
        (
            {"question": "Hi", "conversation_history": [{"role": "system", "content": "x"}]},
            "conversation_history.0.role",
        ),
        ({"question": "Hi", "conversation": "not-a-uuid"}, "conversation"),
    ],
)
def test_invalid_requests_get_422_with_field_errors(stream, owner, body, field):
    import json

    status, raw, _, _ = stream(owner, body)

    assert status == 422
    error = json.loads(raw)["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert field in error["field_errors"]
    assert Turn.objects.count() == 0


def test_someone_elses_conversation_cannot_be_continued(stream, owner, outsider):
    import json

    _, events, _, _ = stream(owner, {"question": "What is a deadlock?"})
    conversation = events[-1]["data"]["conversation"]

    status, raw, _, _ = stream(outsider, {"question": "And then?", "conversation": conversation})

    assert status == 422
    assert json.loads(raw)["error"]["field_errors"] == {
        "conversation": "You have no conversation with this id."
    }
    assert Turn.objects.count() == 1


def test_the_throttle_scope_answers_429(stream, owner, monkeypatch):
    import json

    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(
        ScopedRateThrottle,
        "THROTTLE_RATES",
        {**ScopedRateThrottle.THROTTLE_RATES, "assistant": "1/min"},
    )
    assert stream(owner, {"question": "What is a deadlock?"})[0] == 200

    status, raw, _, headers = stream(owner, {"question": "What is a deadlock?"})

    assert status == 429
    error = json.loads(raw)["error"]
    assert error["code"] == "RATE_LIMIT_ERROR"
    assert error["details"]["retry_after"] >= 1
    assert "Retry-After" in headers
