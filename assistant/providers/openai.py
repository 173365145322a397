"""The ``openai`` provider: the official SDK against OpenAI or any compatible server (Ollama,
vLLM, LM Studio) at ``OPENAI_BASE_URL``. The only module of the project that imports ``openai``.

Every call has a connect timeout and a total deadline (``OPENAI_CONNECT_TIMEOUT_SECONDS``,
``OPENAI_TIMEOUT_SECONDS``) and at most ``OPENAI_MAX_RETRIES`` retries, so a stalled or failing
server ends the answer with an error instead of a hung connection.
"""

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import openai
from django.conf import settings

from assistant.agents import AGENTS

from .base import BankQuestion, Prompt, Provider, ProviderError

logger = logging.getLogger(__name__)

ROUTER_PROMPT = (
    "You route interview questions to the one agent best placed to answer them. Agents:\n"
    + "\n".join(
        f"- {agent.id}: {agent.name}; best for {', '.join(agent.best_for)}"
        for agent in AGENTS.values()
    )
    + '\nReply with a JSON object only: {"agent": "<agent id>", "reasoning": "<one sentence>", '
    '"confidence": <number between 0 and 1>}.'
)


def _grounding(prompt: Prompt) -> str:
    question = prompt.matched
    if question is None:
        return ""
    parts = [f"\n\nThe user's question bank has this question: “{question.text}”."]
    if question.answer_summary:
        parts.append(f"Model answer summary: {question.answer_summary}")
    for label, items in (
        ("Key concepts", question.key_concepts),
        ("Common mistakes", question.common_mistakes),
        ("Tips", question.tips),
    ):
        if items:
            parts.append(f"{label}: {'; '.join(items)}")
    return "\n".join(parts)


def messages_for(prompt: Prompt) -> list[Any]:
    agent = prompt.agent
    system = (
        f"{agent.system_prompt}\nStructure the answer with the {agent.framework_name} "
        f"framework: " + " → ".join(step.title for step in agent.framework) + "."
    ) + _grounding(prompt)
    messages: list[Any] = [{"role": "system", "content": system}]
    messages += [{"role": role, "content": text} for role, text in prompt.history]
    question = prompt.question
    if prompt.context:
        question += f"\n\nAbout me: {prompt.context}"
    messages.append({"role": "user", "content": question})
    return messages


EVALUATOR_PROMPT = (
    "You are an interviewer scoring a candidate's answer in a mock interview. Reply with a JSON "
    'object: {"score": 1-10, "covered_concepts": [the key concepts the answer covers], '
    '"missed_concepts": [the key concepts it misses], "feedback": "two or three sentences the '
    'candidate can act on", "follow_up": "one probing follow-up question"}. Judge only against '
    "the key concepts given and the model answer; be concise and specific."
)


class OpenAIProvider(Provider):
    name = "openai"
    routes_with_model = True
    evaluates = True

    def __init__(self) -> None:
        self.model = settings.OPENAI_MODEL
        self.total_timeout = float(settings.OPENAI_TIMEOUT_SECONDS)
        self.connect_timeout = float(settings.OPENAI_CONNECT_TIMEOUT_SECONDS)
        self.max_retries = settings.OPENAI_MAX_RETRIES

    def _client(self) -> openai.AsyncOpenAI:
        return openai.AsyncOpenAI(
            # Local OpenAI-compatible servers accept any key; the SDK insists on one.
            api_key=settings.OPENAI_API_KEY or "not-needed",
            base_url=settings.OPENAI_BASE_URL,
            timeout=openai.Timeout(self.total_timeout, connect=self.connect_timeout),
            max_retries=self.max_retries,
        )

    def _remaining(self, deadline: float) -> float:
        remaining = deadline - asyncio.get_running_loop().time()
        if remaining <= 0:
            raise TimeoutError
        return remaining

    async def stream(self, prompt: Prompt) -> AsyncIterator[str]:
        deadline = asyncio.get_running_loop().time() + self.total_timeout
        with provider_errors():
            async with self._client() as client:
                stream: Any = await asyncio.wait_for(
                    client.chat.completions.create(
                        model=self.model, messages=messages_for(prompt), stream=True
                    ),
                    self._remaining(deadline),
                )
                # Closing the stream closes the HTTP response: a client that disconnects
                # (CancelledError here) stops generation upstream too.
                async with stream:
                    iterator = aiter(stream)
                    while True:
                        try:
                            chunk = await asyncio.wait_for(
                                anext(iterator), self._remaining(deadline)
                            )
                        except StopAsyncIteration:
                            break
                        for choice in chunk.choices or ():
                            text = choice.delta.content if choice.delta else None
                            if text:
                                yield text

    async def _json_reply(self, system: str, content: str) -> Any:
        with provider_errors():
            async with self._client() as client:
                response = await asyncio.wait_for(
                    client.chat.completions.create(
                        model=self.model,
                        messages=[
                            {"role": "system", "content": system},
                            {"role": "user", "content": content},
                        ],
                        response_format={"type": "json_object"},
                        temperature=0,
                    ),
                    self.total_timeout,
                )
        if not response.choices or not response.choices[0].message.content:
            raise ProviderError("PROVIDER_BAD_RESPONSE", "The model sent an empty reply.")
        try:
            return json.loads(response.choices[0].message.content)
        except ValueError as exc:
            raise ProviderError("PROVIDER_BAD_RESPONSE", "The model's reply is not JSON.") from exc

    async def choose_agent(self, question: str, context: str) -> Any:
        content = question if not context else f"{question}\n\nAbout the candidate: {context}"
        return await self._json_reply(ROUTER_PROMPT, content)

    async def evaluate(self, question: BankQuestion, answer: str, *, follow_up: bool) -> Any:
        concepts = "; ".join(question.key_concepts) or "(none listed)"
        content = (
            f"Interview question: {question.text}\n"
            f"Key concepts a strong answer covers: {concepts}\n"
            f"Model answer summary: {question.answer_summary or '(none)'}\n\n"
            f"Candidate's answer{' (with their answer to a follow-up)' if follow_up else ''}:\n"
            f"{answer}"
        )
        return await self._json_reply(EVALUATOR_PROMPT, content)


@contextmanager
def provider_errors() -> Iterator[None]:
    """The SDK's and asyncio's failures → ProviderError; cancellation passes through."""
    try:
        yield
    except ProviderError:
        raise
    except (TimeoutError, openai.APITimeoutError) as exc:
        raise ProviderError(
            "PROVIDER_TIMEOUT", "The language model did not answer in time."
        ) from exc
    except openai.APIConnectionError as exc:
        raise ProviderError(
            "PROVIDER_UNAVAILABLE", "The language model could not be reached."
        ) from exc
    except openai.APIStatusError as exc:
        raise ProviderError(
            "PROVIDER_ERROR", f"The language model answered with an error ({exc.status_code})."
        ) from exc
    except Exception as exc:
        # Malformed chunks (invalid JSON, missing fields) and anything else the SDK raises.
        logger.warning("The language model sent an unreadable response: %r", exc)
        raise ProviderError(
            "PROVIDER_BAD_RESPONSE", "The language model sent an unreadable response."
        ) from exc
