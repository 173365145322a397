"""The bank questions an answer builds on: the one the user asked (or a close variant), and
related ones for follow-ups. Reads only ``Question.objects.for_user(user)``."""

import math
from typing import Any

from questions.models import Question

from .agents import Agent
from .providers.base import BankQuestion
from .text import tokens

# Scoring runs in Python over the most recent active questions; a personal bank is far smaller.
BANK_LIMIT = 2000
MATCH_THRESHOLD = 0.5
RELATED_THRESHOLD = 0.2
RELATED_LIMIT = 3
# The bank category each agent's questions usually come from.
AGENT_CATEGORIES = {
    "product_manager": Question.Category.PRODUCT,
    "technical": Question.Category.TECHNICAL,
    "architect": Question.Category.TECHNICAL,
    "coding": Question.Category.CODING,
    "behavioral": Question.Category.BEHAVIORAL,
    "system_design": Question.Category.SYSTEM_DESIGN,
}


def _score(asked: set[str], text: str, concepts: set[str], exact: bool) -> float:
    if exact:
        return 1.0
    words = set(tokens(text))
    if not asked or not words:
        return 0.0
    cosine = len(asked & words) / math.sqrt(len(asked) * len(words))
    return min(1.0, cosine + 0.25 * len(asked & concepts) / len(asked))


def _bank_question(row: Any, score: float) -> BankQuestion:
    return BankQuestion(
        id=str(row["id"]),
        text=row["text"],
        category=row["category"],
        answer_summary=row["answer_summary"],
        key_concepts=tuple(row["key_concepts"] or ()),
        common_mistakes=tuple(row["common_mistakes"] or ()),
        tips=tuple(row["tips"] or ()),
        score=round(score, 3),
    )


def bank_grounding(
    user: Any, question: str, agent: Agent
) -> tuple[BankQuestion | None, tuple[BankQuestion, ...]]:
    """(the matched bank question or None, related bank questions best first)."""
    rows: list[Any] = list(
        Question.objects.for_user(user)
        .filter(is_active=True)
        .values(
            "id",
            "text",
            "category",
            "answer_summary",
            "key_concepts",
            "common_mistakes",
            "tips",
            "tags",
        )[:BANK_LIMIT]
    )
    asked = set(tokens(question))
    normalised = " ".join(question.lower().split())
    scored = sorted(
        (
            (
                _score(
                    asked,
                    row["text"],
                    set(tokens(" ".join([*(row["key_concepts"] or ()), *(row["tags"] or ())]))),
                    " ".join(row["text"].lower().split()) == normalised,
                ),
                index,
                row,
            )
            for index, row in enumerate(rows)
        ),
        key=lambda item: (-item[0], item[1]),
    )
    matched = None
    if scored and scored[0][0] >= MATCH_THRESHOLD:
        matched = _bank_question(scored[0][2], scored[0][0])
    related = [
        _bank_question(row, score)
        for score, _, row in scored
        if score >= RELATED_THRESHOLD and (matched is None or str(row["id"]) != matched.id)
    ][:RELATED_LIMIT]
    if len(related) < RELATED_LIMIT:
        # Fill with questions of the agent's category, so there is something to practise next.
        taken = {question.id for question in related} | {matched.id if matched else ""}
        category = AGENT_CATEGORIES[agent.id]
        related += [
            _bank_question(row, score)
            for score, _, row in scored
            if row["category"] == category and str(row["id"]) not in taken
        ][: RELATED_LIMIT - len(related)]
    return matched, tuple(related)


def follow_up_questions(
    agent: Agent, question: str, related: tuple[BankQuestion, ...], limit: int = 3
) -> list[str]:
    """Related bank questions first, then the agent's framework follow-ups."""
    asked = " ".join(question.lower().split())
    chosen: list[str] = []
    for text in [*(item.text for item in related), *agent.follow_ups]:
        if " ".join(text.lower().split()) != asked and text not in chosen:
            chosen.append(text)
    return chosen[:limit]
