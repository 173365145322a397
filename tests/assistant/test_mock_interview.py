"""Mock interviews: questions from the bank, one follow-up per answer, answers scored against
key concepts, practice sessions recorded (the review queue moves), a summary at the end."""

import json

import pytest
from asgiref.sync import async_to_sync
from django.utils import timezone

from assistant.models import MockInterview
from questions.models import PracticeSession, ReviewSchedule
from tests.factories import CompanyFactory, PositionFactory, QuestionFactory

from .servers import parse_sse

MOCKS = "/api/v1/assistant/mock-interviews/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank(workspace):
    """Two system-design questions with key concepts and a behavioral one."""
    return [
        QuestionFactory(
            workspace=workspace,
            text="Design a URL shortener.",
            category="system_design",
            key_concepts=["hash function", "key-value store", "cache", "redirect"],
            common_mistakes=["Forgetting custom aliases."],
            tips=["Start from the read/write ratio."],
        ),
        QuestionFactory(
            workspace=workspace,
            text="Design a rate limiter.",
            category="system_design",
            key_concepts=["token bucket", "sliding window"],
        ),
        QuestionFactory(
            workspace=workspace, text="Tell me about a conflict.", category="behavioral"
        ),
    ]


async def read_stream(response) -> bytes:
    return b"".join([chunk async for chunk in response.streaming_content])


def start(client, **body):
    return client.post(MOCKS, body, format="json")


def answer(client, mock_id, text, **headers):
    return client.post(f"{MOCKS}{mock_id}/answer/", {"answer": text}, format="json", **headers)


def test_a_whole_mock_interview_offline(owner, owner_client, bank):
    started = start(owner_client, round_kind="system_design", count=2)
    assert started.status_code == 201
    mock = started.json()
    assert (mock["status"], mock["asked"], mock["remaining"]) == ("in_progress", 0, 2)
    first = mock["current"]
    assert first["text"] in {"Design a URL shortener.", "Design a rate limiter."}

    shortener = next(q for q in bank if q.text == "Design a URL shortener.")
    mock = start(owner_client, questions=[str(shortener.pk)]).json()
    one = answer(
        owner_client, mock["id"], "I would hash the long URL and keep it in a key-value store."
    )
    assert one.status_code == 200
    body = one.json()
    assert body["covered_concepts"] == ["hash function", "key-value store"]
    assert body["missed_concepts"] == ["cache", "redirect"]
    assert (body["score"], body["verdict"]) == (5, "adequate")
    assert body["follow_up"] == {"text": "You did not mention cache. How does it apply here?"}
    assert body["next"] is None
    assert body["practice_session"] is None
    assert body["feedback"] == (
        "A good start: name the missing concepts explicitly next time. "
        "Avoid: Forgetting custom aliases. Tip: Start from the read/write ratio."
    )

    two = answer(owner_client, mock["id"], "A cache in front, and a 301 redirect to the target.")
    assert two.status_code == 200
    final = two.json()
    assert final["question"]["text"] == "You did not mention cache. How does it apply here?"
    assert (final["score"], final["verdict"]) == (10, "strong")
    assert final["follow_up"] is None
    assert final["finished"] is True
    session = PracticeSession.objects.get(pk=final["practice_session"])
    assert (session.question_id, session.self_rating, session.user_id) == (
        shortener.pk,
        10,
        owner.pk,
    )

    detail = owner_client.get(f"{MOCKS}{mock['id']}/").json()
    assert detail["status"] == "finished"
    assert detail["current"] is None
    assert detail["summary"] == {
        "questions": 1,
        "average_score": 10.0,
        "verdicts": {"strong": 1, "adequate": 0, "weak": 0},
        "to_review": [],
    }
    assert detail["items"][0]["answer"].startswith("I would hash")
    assert detail["items"][0]["follow_up_evaluation"]["score"] == 10

    late = answer(owner_client, mock["id"], "more")
    assert late.status_code == 400
    assert late.json()["error"]["code"] == "BUSINESS_LOGIC_ERROR"


def test_the_queue_moves_and_the_next_question_follows(owner, owner_client, bank):
    limiter = bank[1]
    ReviewSchedule.objects.create(user=owner, question=limiter, due_at=timezone.now())
    mock = start(owner_client, questions=[str(limiter.pk), str(bank[0].pk)]).json()
    due_before = owner_client.get("/api/v1/questions/due/").json()

    answer(owner_client, mock["id"], "A token bucket per client.")
    done = answer(owner_client, mock["id"], "Or a sliding window counter in Redis.").json()

    assert done["next"] == {"id": str(bank[0].pk), "text": "Design a URL shortener."}
    assert done["finished"] is False
    schedule = ReviewSchedule.objects.get(user=owner, question=limiter)
    assert schedule.due_at > timezone.now()  # answered well: due again later, not now
    due_after = owner_client.get("/api/v1/questions/due/").json()
    assert str(limiter.pk) in {row["id"] for row in due_before["results"]}
    assert str(limiter.pk) not in {row["id"] for row in due_after["results"]}


def test_the_answer_streams_as_assistant_events(owner_client, bank):
    mock = start(owner_client, questions=[str(bank[0].pk)]).json()

    response = answer(
        owner_client, mock["id"], "hash function and a cache", HTTP_ACCEPT="text/event-stream"
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/event-stream")
    events, _pings = parse_sse(async_to_sync(read_stream)(response))
    assert [event["event_type"] for event in events] == ["start", "evaluation", "complete"]
    assert events[1]["data"]["covered_concepts"] == ["hash function", "cache"]
    assert events[2]["data"] == {"success": True, "finished": False}


def test_questions_are_picked_for_the_round_and_the_company(owner_client, workspace, bank):
    company = CompanyFactory(workspace=workspace)
    position = PositionFactory(workspace=workspace, company=company)
    theirs = QuestionFactory(
        workspace=workspace, text="Design their feed.", category="system_design", company=company
    )

    mock = start(owner_client, position=str(position.pk), round_kind="system_design", count=2)

    assert mock.status_code == 201
    picked = [item["question"]["id"] for item in mock.json()["items"]]
    assert picked[0] == str(theirs.pk)
    assert len(picked) == 2
    assert str(bank[2].pk) not in picked  # behavioral is not a system-design round's


def test_refusals_answer_the_envelope(
    owner_client, outsider, api_client_for, bank, other_workspace
):
    foreign = QuestionFactory(workspace=other_workspace)
    unknown = start(owner_client, questions=[str(foreign.pk)])
    too_many = start(owner_client, count=50)
    assert unknown.status_code == 422
    assert "questions" in unknown.json()["error"]["field_errors"]
    assert too_many.status_code == 422

    mock = start(owner_client, questions=[str(bank[0].pk)]).json()
    outsider_client = api_client_for(outsider)
    assert outsider_client.get(f"{MOCKS}{mock['id']}/").status_code == 404
    assert answer(outsider_client, mock["id"], "hi").status_code == 404
    assert MockInterview.objects.get().items.get().answer == ""


def test_with_the_openai_provider_the_models_evaluation_is_used(owner_client, bank, fake_openai):
    fake_openai.routing_reply = json.dumps(
        {
            "score": 7,
            "covered_concepts": ["hash function"],
            "missed_concepts": ["cache", "redirect"],
            "feedback": "Solid core; say how reads stay fast.",
            "follow_up": "How would you keep hot links fast?",
        }
    )
    mock = start(owner_client, questions=[str(bank[0].pk)]).json()

    body = answer(owner_client, mock["id"], "Hash it.").json()

    assert (body["score"], body["verdict"]) == (7, "adequate")
    assert body["feedback"] == "Solid core; say how reads stay fast."
    assert body["follow_up"] == {"text": "How would you keep hot links fast?"}
    request = fake_openai.requests[-1]
    assert request["response_format"] == {"type": "json_object"}
    assert "Design a URL shortener." in request["messages"][1]["content"]


def test_a_failing_provider_falls_back_to_the_offline_scorer(owner_client, bank, fake_openai):
    fake_openai.routing_reply = "not json"
    mock = start(owner_client, questions=[str(bank[0].pk)]).json()

    body = answer(owner_client, mock["id"], "a hash function").json()

    assert body["covered_concepts"] == ["hash function"]
    assert body["score"] == 3


def test_mock_interview_reads_keep_their_query_count(owner_client, bank, django_assert_num_queries):
    mock = start(owner_client, questions=[str(q.pk) for q in bank[:1]]).json()
    # user; memberships are not needed; the mock; its items with their questions
    with django_assert_num_queries(3):
        owner_client.get(f"{MOCKS}{mock['id']}/")
    big = start(owner_client, questions=[str(q.pk) for q in bank]).json()
    with django_assert_num_queries(3):
        owner_client.get(f"{MOCKS}{big['id']}/")
