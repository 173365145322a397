from collections.abc import Iterator

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncClient
from rest_framework_simplejwt.tokens import RefreshToken

from assistant.models import Conversation, Turn

from .servers import FakeOpenAIServer, fake_openai_server, parse_sse

STREAM_URL = "/api/v1/assistant/answer-stream"


@pytest.fixture(autouse=True)
def _fast_offline_provider(settings):
    settings.ASSISTANT_OFFLINE_CHUNK_DELAY_SECONDS = 0


@pytest.fixture
def fake_openai(settings) -> Iterator[FakeOpenAIServer]:
    with fake_openai_server() as server:
        settings.ASSISTANT_PROVIDER = "openai"
        settings.OPENAI_BASE_URL = server.base_url
        settings.OPENAI_API_KEY = "test-key"
        settings.OPENAI_MODEL = "fake-model"
        settings.OPENAI_TIMEOUT_SECONDS = 1.0
        settings.OPENAI_CONNECT_TIMEOUT_SECONDS = 1.0
        settings.OPENAI_MAX_RETRIES = 0
        yield server


def bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {RefreshToken.for_user(user).access_token}"}


async def _stream(headers: dict, body: dict) -> tuple[int, bytes, dict]:
    client = AsyncClient()
    response = await client.post(STREAM_URL, body, content_type="application/json", headers=headers)
    if not response.streaming:
        return response.status_code, response.content, dict(response.headers)
    raw = b"".join([chunk async for chunk in response.streaming_content])
    return response.status_code, raw, dict(response.headers)


@pytest.fixture
def stream():
    """POST to answer-stream through Django's ASGI handler; (status, events, pings, headers)."""

    def run(user, body: dict):
        status, raw, headers = async_to_sync(_stream)(bearer(user) if user else {}, body)
        if status != 200:
            return status, raw, 0, headers
        events, pings = parse_sse(raw)
        return status, events, pings, headers

    return run


def conversation_with_turn(user, workspace, title: str, **turn) -> Conversation:
    """A stored conversation of ``user`` with one successful turn (defaults below)."""
    conversation = Conversation.objects.create(user=user, workspace=workspace, title=title)
    Turn.objects.create(
        conversation=conversation,
        **{
            "question": "Explain CAP.",
            "answer": "Consistency or availability under a partition.",
            "agent": "technical",
            "provider": "offline",
            **turn,
        },
    )
    return conversation
