"""Answering a question: route it, ground it in the bank, stream the provider's answer, store
the turn. ``answer_events`` yields the typed events the SSE stream and the plain answer
share, so both say the same; the views only format them.

The turn is written in its own short transaction *after* generation: no transaction (and no
database connection held by this coroutine) spans the provider call.
"""

import logging
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from asgiref.sync import sync_to_async
from django.db import transaction
from django.utils import timezone

from interview_tracker.errors import BusinessRuleError
from interview_tracker.models import Membership, User

from .agents import AGENTS
from .grounding import bank_grounding, follow_up_questions
from .models import Conversation, Turn
from .providers import Prompt, Provider, ProviderError, get_provider
from .router import Routing, route

logger = logging.getLogger(__name__)

# Earlier turns given to the provider when a conversation continues.
HISTORY_TURNS = 10
TITLE_LENGTH = 80


@dataclass(frozen=True)
class AnswerRequest:
    question: str
    context: str = ""
    # (role, text) pairs sent by the caller, oldest first.
    history: tuple[tuple[str, str], ...] = ()
    agent: str | None = None
    conversation: uuid.UUID | None = None


@dataclass(frozen=True)
class Event:
    event_type: str
    data: dict[str, Any]
    timestamp: str = field(default_factory=lambda: iso_now())

    def as_dict(self) -> dict[str, Any]:
        return {"event_type": self.event_type, "timestamp": self.timestamp, "data": self.data}


def iso_now() -> str:
    return timezone.now().isoformat().replace("+00:00", "Z")


def _conversation_workspace_id(user: User) -> uuid.UUID | None:
    if user.default_workspace_id:
        return user.default_workspace_id
    return (
        Membership.objects.filter(user=user)
        .order_by("created_at", "id")
        .values_list("workspace_id", flat=True)
        .first()
    )


@transaction.atomic
def conversation_store_turn(
    *,
    user: User,
    conversation_id: uuid.UUID | None,
    request: AnswerRequest,
    answer: str,
    routing: Routing,
    follow_ups: list[str],
    provider: str,
    error: str = "",
) -> Conversation:
    """Append a turn to the user's conversation (a new one when ``conversation_id`` is None)."""
    conversation = None
    if conversation_id is not None:
        conversation = Conversation.objects.for_user(user).filter(pk=conversation_id).first()
    if conversation is None:
        title = " ".join(request.question.split())
        if len(title) > TITLE_LENGTH:
            title = title[: TITLE_LENGTH - 1].rstrip() + "…"
        workspace_id = _conversation_workspace_id(user)
        if workspace_id is None:
            raise BusinessRuleError("You belong to no workspace to keep the conversation in.")
        conversation = Conversation.objects.create(
            user=user, workspace_id=workspace_id, title=title
        )
    else:
        # Bumps updated_at: the list shows the most recently continued conversation first.
        conversation.save(update_fields=["updated_at"])
    Turn.objects.create(
        conversation=conversation,
        question=request.question,
        context=request.context,
        answer=answer,
        agent=routing.selected_agent,
        routing=routing.as_dict(),
        follow_up_questions=follow_ups,
        provider=provider,
        success=not error,
        error=error,
    )
    return conversation


def _stored_history(user: User, conversation_id: uuid.UUID) -> tuple[tuple[str, str], ...]:
    turns = list(
        Turn.objects.filter(conversation_id=conversation_id, conversation__user=user, success=True)
        .order_by("-created_at", "-id")
        .values_list("question", "answer")[:HISTORY_TURNS]
    )
    history: list[tuple[str, str]] = []
    for question, answer in reversed(turns):
        history += [("user", question), ("assistant", answer)]
    return tuple(history)


def _word_count(text: str) -> int:
    return len(text.split())


async def answer_events(
    *, user: User, request: AnswerRequest, provider: Provider | None = None
) -> AsyncIterator[Event]:
    """start → routing → processing → content… → answer_complete → follow_ups → complete,
    or an ``error`` event that ends the stream."""
    provider = provider or get_provider()
    yield Event("start", {"message": "Processing question...", "question": request.question})
    try:
        async for event in _answer(user=user, request=request, provider=provider):
            yield event
    except ProviderError as exc:
        yield Event("error", {"message": exc.message, "code": exc.code})
    except Exception:
        logger.exception("The assistant failed to answer")
        yield Event(
            "error", {"message": "The assistant failed unexpectedly.", "code": "INTERNAL_ERROR"}
        )


async def _answer(
    *, user: User, request: AnswerRequest, provider: Provider
) -> AsyncIterator[Event]:
    history = request.history
    if request.conversation is not None:
        stored = await sync_to_async(_stored_history)(user, request.conversation)
        history = stored + history
    routing = await route(
        request.question, request.context, provider=provider, forced_agent=request.agent
    )
    yield Event("routing", routing.as_dict())
    agent = AGENTS[routing.selected_agent]
    matched, related = await sync_to_async(bank_grounding)(user, request.question, agent)
    yield Event(
        "processing",
        {"message": f"Processing with {agent.id} agent...", "agent": agent.id},
    )
    prompt = Prompt(
        agent=agent,
        question=request.question,
        context=request.context,
        history=history,
        matched=matched,
        related=related,
    )
    parts: list[str] = []
    try:
        async for chunk in provider.stream(prompt):
            parts.append(chunk)
            yield Event("content", {"chunk": chunk, "is_final": False})
        if not "".join(parts).strip():
            raise ProviderError("PROVIDER_BAD_RESPONSE", "The language model sent an empty answer.")
    except ProviderError as exc:
        await sync_to_async(conversation_store_turn)(
            user=user,
            conversation_id=request.conversation,
            request=request,
            answer="".join(parts),
            routing=routing,
            follow_ups=[],
            provider=provider.name,
            error=exc.code,
        )
        raise
    answer = "".join(parts)
    yield Event("content", {"chunk": "", "is_final": True})
    yield Event(
        "answer_complete",
        {
            "full_answer": answer,
            "word_count": _word_count(answer),
            "character_count": len(answer),
        },
    )
    follow_ups = follow_up_questions(agent, request.question, related)
    yield Event("follow_ups", {"questions": follow_ups})
    conversation = await sync_to_async(conversation_store_turn)(
        user=user,
        conversation_id=request.conversation,
        request=request,
        answer=answer,
        routing=routing,
        follow_ups=follow_ups,
        provider=provider.name,
    )
    yield Event(
        "complete",
        {
            "message": "Processing complete",
            "agent_used": agent.id,
            "success": True,
            "conversation": str(conversation.pk),
        },
    )


class AnswerFailed(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


async def answer_collect(
    *, user: User, request: AnswerRequest, provider: Provider | None = None
) -> dict[str, Any]:
    """The whole answer at once (``POST assistant/answer``); AnswerFailed on an error event."""
    provider = provider or get_provider()
    started = time.monotonic()
    routing: dict[str, Any] = {}
    answer: dict[str, Any] = {}
    follow_ups: list[str] = []
    complete: dict[str, Any] = {}
    async for event in answer_events(user=user, request=request, provider=provider):
        match event.event_type:
            case "routing":
                routing = event.data
            case "answer_complete":
                answer = event.data
            case "follow_ups":
                follow_ups = event.data["questions"]
            case "complete":
                complete = event.data
            case "error":
                raise AnswerFailed(event.data["code"], event.data["message"])
    agent = AGENTS[complete["agent_used"]]
    return {
        "success": True,
        "timestamp": iso_now(),
        "question": request.question,
        "routing": routing,
        "answer": answer["full_answer"],
        "metadata": {
            "agent_name": agent.name,
            "framework": agent.framework_name,
            "provider": provider.name,
            "model": provider.model,
            "duration_ms": round((time.monotonic() - started) * 1000),
        },
        "follow_up_questions": follow_ups,
        "statistics": {
            "word_count": answer["word_count"],
            "character_count": answer["character_count"],
        },
        "conversation": complete["conversation"],
    }
