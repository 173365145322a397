"""The one small interface every provider implements, and what it is given.

A provider turns a ``Prompt`` into an async stream of text chunks, as it produces them. It
raises ``ProviderError`` (with a stable ``code``) on failure; the orchestration in
``assistant.services`` turns that into an ``error`` event.
"""

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from assistant.agents import Agent


@dataclass(frozen=True)
class BankQuestion:
    """A question of the user's bank, as the assistant reads it."""

    id: str
    text: str
    category: str
    answer_summary: str
    key_concepts: tuple[str, ...]
    common_mistakes: tuple[str, ...]
    tips: tuple[str, ...]
    score: float


@dataclass(frozen=True)
class Prompt:
    agent: Agent
    question: str
    context: str = ""
    # Earlier exchanges, oldest first: ("user" | "assistant", text).
    history: tuple[tuple[str, str], ...] = ()
    # The bank question this one is (a close variant of), if any.
    matched: BankQuestion | None = None
    # Other bank questions on the same subject, best first.
    related: tuple[BankQuestion, ...] = field(default=())


class ProviderError(Exception):
    """A provider failed; ``code`` is stable (PROVIDER_TIMEOUT, PROVIDER_UNAVAILABLE,
    PROVIDER_ERROR, PROVIDER_BAD_RESPONSE) and ``message`` safe to show to the user."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Provider(ABC):
    name: str = ""
    model: str = ""
    # Whether ``choose_agent`` asks a model (the router falls back offline when it fails).
    routes_with_model: bool = False
    # Whether ``evaluate`` asks a model (mock interviews score offline otherwise).
    evaluates: bool = False

    @abstractmethod
    def stream(self, prompt: Prompt) -> AsyncIterator[str]:
        """Yield the answer's text chunk by chunk, as it is produced."""

    async def choose_agent(self, question: str, context: str) -> Any:
        """The model's routing reply (a dict to validate); only where ``routes_with_model``."""
        raise ProviderError("PROVIDER_ERROR", f"The {self.name} provider does not route.")

    async def evaluate(self, question: BankQuestion, answer: str, *, follow_up: bool) -> Any:
        """The model's evaluation of a mock-interview answer (a dict to validate): score 1-10,
        covered_concepts, missed_concepts, feedback and, for a first answer, a follow_up."""
        raise ProviderError("PROVIDER_ERROR", f"The {self.name} provider does not evaluate.")
