"""Which agent answers a question, with a reason and a confidence.

Offline (always available): TF-IDF over the labelled examples of ``routing_examples``, one
centroid per agent, plus a bonus for tell-tale phrases ("tell me about a time", "design a").
With the ``openai`` provider the model is asked for a structured JSON choice first; the reply
is validated and on any failure the offline router decides and ``fallback`` says why.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

from .agents import AGENTS
from .providers.base import Provider, ProviderError
from .routing_examples import EXAMPLES, KEYWORDS
from .text import features

KEYWORD_BONUS = 0.12
KEYWORD_BONUS_CAP = 3
# Softmax temperature turning cosine scores into a confidence.
SHARPNESS = 8.0
DEFAULT_AGENT = "technical"


@dataclass(frozen=True)
class Routing:
    selected_agent: str
    reasoning: str
    confidence: float
    fallback: str | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "selected_agent": self.selected_agent,
            "reasoning": self.reasoning,
            "confidence": self.confidence,
        }
        if self.fallback:
            data["fallback"] = self.fallback
        return data


Vector = dict[str, float]


def _normalise(vector: Vector) -> Vector:
    norm = math.sqrt(sum(value * value for value in vector.values()))
    return {term: value / norm for term, value in vector.items()} if norm else {}


class OfflineRouter:
    def __init__(
        self, examples: dict[str, tuple[str, ...]], keywords: dict[str, tuple[str, ...]]
    ) -> None:
        documents = [(agent, features(text)) for agent, texts in examples.items() for text in texts]
        document_frequency: Counter[str] = Counter()
        for _, terms in documents:
            document_frequency.update(set(terms))
        total = len(documents)
        self.idf = {
            term: math.log((1 + total) / (1 + count)) + 1
            for term, count in document_frequency.items()
        }
        sums: dict[str, dict[str, float]] = {agent: {} for agent in examples}
        for agent, terms in documents:
            for term, weight in self.vectorise(terms).items():
                sums[agent][term] = sums[agent].get(term, 0.0) + weight
        self.centroids = {agent: _normalise(dict(vector)) for agent, vector in sums.items()}
        self.keywords = {
            agent: [re.compile(rf"(?<![a-z]){re.escape(phrase)}(?![a-z])") for phrase in phrases]
            for agent, phrases in keywords.items()
        }

    def vectorise(self, terms: list[str]) -> Vector:
        counts = Counter(term for term in terms if term in self.idf)
        return _normalise(
            {term: (1 + math.log(count)) * self.idf[term] for term, count in counts.items()}
        )

    def route(self, question: str, context: str = "") -> Routing:
        # The question decides; the context (the candidate's background) only tips a tie.
        vector = self.vectorise(features(question))
        context_vector = self.vectorise(features(context)) if context else {}
        lowered = question.lower()
        scores: dict[str, float] = {}
        evidence: dict[str, list[str]] = {}
        for agent, centroid in self.centroids.items():
            overlap = sorted(
                (term for term in vector if term in centroid),
                key=lambda term: -vector[term] * centroid[term],
            )
            similarity = sum(vector[term] * centroid[term] for term in overlap)
            similarity += 0.2 * sum(
                weight * centroid.get(term, 0.0) for term, weight in context_vector.items()
            )
            matched = [
                phrase
                for phrase, pattern in zip(
                    KEYWORDS.get(agent, ()), self.keywords.get(agent, []), strict=True
                )
                if pattern.search(lowered)
            ]
            scores[agent] = similarity + KEYWORD_BONUS * min(len(matched), KEYWORD_BONUS_CAP)
            evidence[agent] = matched + [term for term in overlap if term not in matched]
        best = max(scores, key=lambda agent: (scores[agent], agent == DEFAULT_AGENT))
        if scores[best] <= 0:
            return Routing(
                DEFAULT_AGENT,
                "No agent's signals matched the question, so the Technical agent, which "
                "covers general questions, answers it.",
                round(1 / len(scores), 2),
            )
        exponentials = {agent: math.exp(SHARPNESS * score) for agent, score in scores.items()}
        confidence = exponentials[best] / sum(exponentials.values())
        signals = ", ".join(f"“{term}”" for term in evidence[best][:4])
        name = AGENTS[best].name
        return Routing(
            best,
            f"The question reads as a {name.lower()} question (signals: {signals}), which the "
            f"{name} agent is best for.",
            round(confidence, 2),
        )


@cache
def offline_router() -> OfflineRouter:
    return OfflineRouter(EXAMPLES, KEYWORDS)


def forced_routing(agent_id: str) -> Routing:
    return Routing(agent_id, f"The {AGENTS[agent_id].name} agent was requested.", 1.0)


def validate_choice(choice: Any) -> Routing:
    """A model's routing reply → Routing, or ValueError saying what is wrong with it."""
    if not isinstance(choice, dict):
        raise ValueError("the reply is not a JSON object")
    agent = choice.get("agent")
    if agent not in AGENTS:
        raise ValueError(f"the reply names no known agent ({agent!r})")
    reasoning = choice.get("reasoning")
    if not isinstance(reasoning, str) or not reasoning.strip():
        raise ValueError("the reply gives no reasoning")
    confidence = choice.get("confidence")
    if (
        isinstance(confidence, bool)
        or not isinstance(confidence, int | float)
        or not 0 <= confidence <= 1
    ):
        raise ValueError("the reply's confidence is not a number between 0 and 1")
    return Routing(agent, reasoning.strip()[:500], round(float(confidence), 2))


async def route(
    question: str, context: str, *, provider: Provider, forced_agent: str | None = None
) -> Routing:
    if forced_agent:
        return forced_routing(forced_agent)
    if not provider.routes_with_model:
        return offline_router().route(question, context)
    try:
        return validate_choice(await provider.choose_agent(question, context))
    except (ProviderError, ValueError) as exc:
        decided = offline_router().route(question, context)
        return Routing(
            decided.selected_agent,
            decided.reasoning,
            decided.confidence,
            fallback=f"The model's routing failed ({exc}); the offline router decided.",
        )
