"""The offline provider: a deterministic coach that needs no network.

When the question matches one of the user's bank questions, the answer is built from that
question's summary, key concepts, common mistakes and tips (and names it); otherwise from the
agent's answer framework. Text is yielded as it is composed, a few words at a time, so the
page renders it progressively exactly as it would a model's tokens.
"""

import asyncio
from collections.abc import AsyncIterator, Iterator

from django.conf import settings

from assistant.agents import Agent

from .base import BankQuestion, Prompt, Provider

WORDS_PER_CHUNK = 6


def _bullets(items: tuple[str, ...]) -> Iterator[str]:
    for item in items:
        yield f"- {item}\n"


def _framework(agent: Agent) -> Iterator[str]:
    yield f"\nHow to structure the answer ({agent.framework_name}):\n"
    for number, step in enumerate(agent.framework, start=1):
        yield f"{number}. {step.title}: {step.guidance}\n"


def _grounded(agent: Agent, question: BankQuestion) -> Iterator[str]:
    yield f"From your question bank: “{question.text}”\n\n"
    if question.answer_summary:
        yield f"{question.answer_summary}\n"
    if question.key_concepts:
        yield "\nKey concepts to cover:\n"
        yield from _bullets(question.key_concepts)
    yield from _framework(agent)
    if question.common_mistakes:
        yield "\nCommon mistakes to avoid:\n"
        yield from _bullets(question.common_mistakes)
    if question.tips:
        yield "\nTips:\n"
        yield from _bullets(question.tips)


def _from_framework(prompt: Prompt) -> Iterator[str]:
    agent = prompt.agent
    yield (
        f"The {agent.name} agent answers “{prompt.question.strip()}” with the "
        f"{agent.framework_name} framework: work through each step out loud, and keep the "
        "interviewer with you by saying which step you are on.\n"
    )
    if prompt.context:
        yield f"\nTailor every step to your background: {prompt.context.strip()}\n"
    if prompt.history:
        earlier = next((text for role, text in reversed(prompt.history) if role == "user"), "")
        if earlier:
            yield f"\nThis follows your earlier question “{earlier.strip()}”: reuse that answer's "
            yield "assumptions rather than starting again.\n"
    yield from _framework(agent)
    yield "\nBefore you finish:\n"
    yield f"- {agent.framework[-1].title}: close on it explicitly; interviewers listen for it.\n"
    yield "- Keep the answer to a few minutes and check whether the interviewer wants depth.\n"


def compose(prompt: Prompt) -> Iterator[str]:
    """The answer, line by line (deterministic: the same prompt gives the same text)."""
    if prompt.matched is not None:
        yield from _grounded(prompt.agent, prompt.matched)
    else:
        yield from _from_framework(prompt)
    if prompt.related:
        yield "\nRelated questions in your bank to practise next:\n"
        yield from _bullets(tuple(question.text for question in prompt.related[:3]))


def _pieces(line: str) -> Iterator[str]:
    words = line.split(" ")
    for start in range(0, len(words), WORDS_PER_CHUNK):
        piece = " ".join(words[start : start + WORDS_PER_CHUNK])
        yield piece if start + WORDS_PER_CHUNK >= len(words) else piece + " "


class OfflineProvider(Provider):
    name = "offline"
    model = "offline"

    async def stream(self, prompt: Prompt) -> AsyncIterator[str]:
        # A small pause between chunks lets a reader follow the text as it arrives; zero in
        # tests and benchmarks, where only ordering matters.
        delay = settings.ASSISTANT_OFFLINE_CHUNK_DELAY_SECONDS
        for line in compose(prompt):
            for piece in _pieces(line):
                yield piece
                await asyncio.sleep(delay)
