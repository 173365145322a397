import asyncio
import json

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncClient

from assistant.agents import AGENTS
from assistant.models import Conversation, Turn
from interview_tracker.models import Role
from tests.factories import QuestionFactory

from .conftest import STREAM_URL, bearer, conversation_with_turn
from .servers import parse_sse

CONVERSATIONS = "/api/v1/assistant/conversations/"


@pytest.fixture
def conversation(owner, workspace):
    return conversation_with_turn(
        owner,
        workspace,
        "CAP",
        routing={"selected_agent": "technical", "reasoning": "r", "confidence": 0.7},
        follow_up_questions=["What is PACELC?"],
    )


@pytest.mark.django_db
def test_the_agents_endpoint_lists_the_six_agents(owner_client):
    response = owner_client.get("/api/v1/assistant/agents")

    assert response.status_code == 200
    body = response.json()
    assert body["total_agents"] == 6
    assert [agent["id"] for agent in body["agents"]] == [
        "product_manager",
        "technical",
        "architect",
        "coding",
        "behavioral",
        "system_design",
    ]
    assert body["agents"][4] == AGENTS["behavioral"].as_dict()
    assert set(body["agents"][0]) == {"id", "name", "specializations", "best_for"}


@pytest.mark.django_db(transaction=True)
def test_the_json_answer_has_the_contract_shape(owner, workspace, api_client_for):
    QuestionFactory(
        workspace=workspace,
        text="Reverse a linked list.",
        category="coding",
        key_concepts=["Three pointers"],
        answer_summary="Walk once, flipping next pointers.",
    )

    response = api_client_for(owner).post(
        "/api/v1/assistant/answer", {"question": "Reverse a linked list."}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    conversation = Conversation.objects.get()
    assert body["metadata"].pop("duration_ms") >= 0
    assert body["timestamp"].endswith("Z")
    body.pop("timestamp")
    answer = body.pop("answer")
    routing = body.pop("routing")
    assert routing["selected_agent"] == "coding"
    assert "Three pointers" in answer
    assert body == {
        "success": True,
        "question": "Reverse a linked list.",
        "metadata": {
            "agent_name": "Coding",
            "framework": "Clarify → Brute force → Optimise → Code → Test",
            "provider": "offline",
            "model": "offline",
        },
        "follow_up_questions": list(AGENTS["coding"].follow_ups),
        "statistics": {"word_count": len(answer.split()), "character_count": len(answer)},
        "conversation": str(conversation.pk),
    }


@pytest.mark.django_db
def test_the_conversation_detail_has_its_turns(owner_client, conversation):
    response = owner_client.get(f"{CONVERSATIONS}{conversation.pk}/")

    assert response.status_code == 200
    body = response.json()
    turn = conversation.turns.get()
    assert body == {
        "id": str(conversation.pk),
        "workspace": str(conversation.workspace_id),
        "title": "CAP",
        "turn_count": 1,
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
        "turns": [
            {
                "id": turn.pk,
                "question": "Explain CAP.",
                "context": "",
                "answer": "Consistency or availability under a partition.",
                "agent": "technical",
                "routing": {"selected_agent": "technical", "reasoning": "r", "confidence": 0.7},
                "follow_up_questions": ["What is PACELC?"],
                "provider": "offline",
                "success": True,
                "error": "",
                "created_at": body["turns"][0]["created_at"],
            }
        ],
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["recruiter", "interviewer", "candidate", "outsider"])
def test_only_the_author_reads_a_conversation_others_get_404(
    cast, api_client_for, conversation, role
):
    client = api_client_for(cast[role])

    detail = client.get(f"{CONVERSATIONS}{conversation.pk}/")
    listing = client.get(CONVERSATIONS)

    assert detail.status_code == 404
    assert detail.json()["error"]["code"] == "RESOURCE_NOT_FOUND"
    assert listing.json()["count"] == 0


@pytest.mark.django_db
def test_the_list_filters_by_workspace_both_ways(owner_client, conversation, other_workspace):
    assert (
        owner_client.get(CONVERSATIONS, {"workspace": conversation.workspace_id}).json()["count"]
        == 1
    )
    assert owner_client.get(CONVERSATIONS, {"workspace": other_workspace.pk}).json()["count"] == 0
    assert owner_client.get(CONVERSATIONS, {"workspace": "nope"}).status_code == 422


@pytest.mark.django_db
@pytest.mark.parametrize("page_size", [1, 5])
def test_the_list_runs_a_constant_number_of_queries(
    owner, owner_client, workspace, django_assert_num_queries, page_size
):
    for number in range(6):
        Conversation.objects.create(user=owner, workspace=workspace, title=f"Talk {number}")
    # 1 the user (JWT), 2 COUNT(*) of the page, 3 the page with its turn counts.
    with django_assert_num_queries(3):
        response = owner_client.get(CONVERSATIONS, {"page_size": page_size})
    assert len(response.json()["results"]) == page_size
    assert response.json()["results"][0]["title"] == "Talk 5"


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_streams_complete(owner, settings):
    settings.ASSISTANT_OFFLINE_CHUNK_DELAY_SECONDS = 0.001
    headers = bearer(owner)

    async def one(number: int) -> list[dict]:
        response = await AsyncClient().post(
            STREAM_URL,
            {"question": f"Tell me about a time you led project {number}."},
            content_type="application/json",
            headers=headers,
        )
        raw = b"".join([chunk async for chunk in response.streaming_content])
        return parse_sse(raw)[0]

    async def all_of_them() -> list[list[dict]]:
        return await asyncio.gather(*(one(number) for number in range(50)))

    results = async_to_sync(all_of_them)()

    assert all(events[-1]["event_type"] == "complete" for events in results)
    assert all(events[-1]["data"]["success"] for events in results)
    assert Conversation.objects.filter(user=owner).count() == 50
    assert Turn.objects.filter(success=True).count() == 50
    assert json.dumps(results[0][1]["data"]["selected_agent"]) == '"behavioral"'
    assert Role.OWNER  # the owner asked them all
