"""Finding 14: five concurrent "add a question by text" on one interview created five identical
bank questions. The bank now holds one question per text (a unique rule on the normalised
text per workspace), and adding by text finds or creates under that rule."""

import threading

import pytest
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor

from questions import services
from questions.models import InterviewQuestion, Question, question_text_key
from tests.factories import InterviewFactory, QuestionFactory

SPELLINGS = [
    "Tell me about a conflict in your team.",
    "  tell me about a CONFLICT in your team.",
    "Tell me about a conflict\nin your team.",
    "TELL ME ABOUT A CONFLICT IN YOUR TEAM.",
    "Tell me  about a conflict in your team.  ",
]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_finding_14_concurrent_adds_by_text_make_one_bank_question(
    workspace, owner, api_client_for, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    interview = InterviewFactory(workspace=workspace, created_by=owner)
    # Every request looks the text up (nothing yet) before any of them creates it.
    barrier = threading.Barrier(len(SPELLINGS), timeout=20)
    create = services.question_create

    def question_create(**kwargs):
        barrier.wait()
        return create(**kwargs)

    monkeypatch.setattr(services, "question_create", question_create)
    answers: list[int] = []

    def add(text: str) -> None:
        try:
            response = api_client_for(owner).post(
                f"/api/v1/interviews/{interview.pk}/questions/", {"text": text}, format="json"
            )
            answers.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add, args=(text,)) for text in SPELLINGS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # Before: five 201s and five questions.
    assert sorted(answers) == [201, 409, 409, 409, 409]
    assert Question.objects.filter(workspace=workspace).count() == 1
    assert InterviewQuestion.objects.filter(interview=interview).count() == 1


def test_finding_14_adding_a_known_text_links_the_bank_question(owner_client, workspace, owner):
    known = QuestionFactory(workspace=workspace, text=SPELLINGS[0])
    interview = InterviewFactory(workspace=workspace, created_by=owner)
    response = owner_client.post(
        f"/api/v1/interviews/{interview.pk}/questions/", {"text": SPELLINGS[2]}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["question"] == str(known.pk)
    assert Question.objects.filter(workspace=workspace).count() == 1


def test_finding_14_the_bank_refuses_a_second_question_with_the_same_text(owner_client, workspace):
    QuestionFactory(workspace=workspace, text=SPELLINGS[0])
    other = QuestionFactory(workspace=workspace, text="Why this company?")
    response = owner_client.post(
        "/api/v1/questions/", {"text": SPELLINGS[3], "category": "behavioral"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "RESOURCE_CONFLICT"
    assert (
        response.json()["error"]["message"] == "The bank already holds a question with this text."
    )
    response = owner_client.patch(
        f"/api/v1/questions/{other.pk}/", {"text": SPELLINGS[4]}, format="json"
    )
    assert response.status_code == 409
    # Another bank may hold the same text.
    assert QuestionFactory(text=SPELLINGS[0]).text_key == question_text_key(SPELLINGS[1])


def test_finding_14_the_question_form_says_the_text_is_taken(workspace, owner):
    from django.test import Client

    QuestionFactory(workspace=workspace, text=SPELLINGS[0])
    client = Client()
    client.force_login(owner)
    response = client.post(
        "/questions/new/",
        {"text": SPELLINGS[1], "category": "behavioral", "difficulty": "medium"},
    )
    assert response.status_code == 200
    assert "The bank already holds a question with this text." in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_finding_14_the_migration_keys_existing_questions_and_keeps_their_duplicates():
    """Banks may already hold duplicates: the earliest of each text gets the key (the one the
    find-or-create always linked), later ones keep none, and nothing is merged or lost."""
    executor = MigrationExecutor(connection)
    # Every other app stays where it is: its rows need its current columns.
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "questions"]
    before = [("questions", "0002_question_search_index"), *others]
    after = [("questions", "0003_question_text_key"), *others]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    workspace = apps.get_model("interview_tracker", "Workspace").objects.create(name="Old bank")
    old = apps.get_model("questions", "Question")
    first = old.objects.create(workspace=workspace, text=SPELLINGS[0])
    again = old.objects.create(workspace=workspace, text=SPELLINGS[3])
    other = old.objects.create(workspace=workspace, text="Why this company?")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    apps = executor.loader.project_state(after).apps
    keys = dict(apps.get_model("questions", "Question").objects.values_list("pk", "text_key"))
    assert keys == {
        first.pk: question_text_key(SPELLINGS[0]),
        again.pk: None,
        other.pk: question_text_key("Why this company?"),
    }
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
