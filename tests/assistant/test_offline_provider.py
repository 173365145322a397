import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.sync import async_to_sync

from assistant.agents import AGENTS
from assistant.grounding import bank_grounding
from assistant.providers.base import Prompt
from assistant.providers.offline import OfflineProvider
from tests.factories import QuestionFactory


async def _collect(prompt: Prompt) -> list[str]:
    return [chunk async for chunk in OfflineProvider().stream(prompt)]


def collect(prompt: Prompt) -> list[str]:
    # A thread of its own: the browser tests' Playwright loop may be running in this one.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(_collect(prompt))).result()


def test_the_offline_answer_is_deterministic_and_streams_in_many_chunks():
    prompt = Prompt(agent=AGENTS["behavioral"], question="Tell me about a conflict.")
    first, second = collect(prompt), collect(prompt)
    assert first == second
    assert len(first) > 10
    answer = "".join(first)
    for step in ("Situation", "Task", "Action", "Result"):
        assert step in answer


@pytest.mark.django_db
def test_a_matching_bank_question_grounds_the_answer(owner, workspace):
    bank = QuestionFactory(
        workspace=workspace,
        text="Explain the CAP theorem and its trade-offs.",
        category="technical",
        answer_summary="Under a partition a system chooses consistency or availability.",
        key_concepts=["Partition tolerance", "Linearizability", "Eventual consistency"],
        common_mistakes=["Treating CAP as pick any two"],
        tips=["Mention PACELC"],
    )
    QuestionFactory(workspace=workspace, text="What is eventual consistency?", category="technical")
    agent = AGENTS["technical"]

    matched, related = async_to_sync(_ground)(owner, "Can you explain the CAP theorem?", agent)

    assert matched is not None
    assert matched.id == str(bank.pk)
    answer = "".join(
        collect(Prompt(agent=agent, question="Explain CAP", matched=matched, related=related))
    )
    assert "From your question bank: “Explain the CAP theorem and its trade-offs.”" in answer
    for text in [
        "Partition tolerance",
        "Linearizability",
        "Eventual consistency",
        "Treating CAP as pick any two",
        "Mention PACELC",
        "Under a partition a system chooses consistency or availability.",
    ]:
        assert text in answer
    assert "What is eventual consistency?" in answer  # a related question to practise next


@pytest.mark.django_db
def test_another_workspaces_bank_never_grounds_an_answer(owner, outsider, other_workspace):
    QuestionFactory(
        workspace=other_workspace, text="Explain the CAP theorem.", category="technical"
    )

    matched, related = async_to_sync(_ground)(
        owner, "Explain the CAP theorem.", AGENTS["technical"]
    )

    assert (matched, related) == (None, ())


async def _ground(user, question, agent):
    from asgiref.sync import sync_to_async

    return await sync_to_async(bank_grounding)(user, question, agent)
