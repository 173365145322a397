"""The mock interview pages: start, answer with plain forms, see the evaluation and summary."""

import pytest

from assistant.models import MockInterview
from questions.models import PracticeSession
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(workspace):
    return QuestionFactory(
        workspace=workspace,
        text="Design a URL shortener.",
        category="system_design",
        key_concepts=["hash function", "cache"],
    )


def test_a_rehearsal_through_the_pages(owner, client, question):
    client.force_login(owner)

    started = client.post("/assistant/mock/", {"round_kind": "system_design", "count": "1"})

    mock = MockInterview.objects.get()
    assert started.status_code == 302
    assert started["Location"] == f"/assistant/mock/{mock.pk}/"
    page = client.get(started["Location"]).content.decode()
    assert "Design a URL shortener." in page

    client.post(started["Location"], {"answer": "A hash function maps the URL."})
    page = client.get(started["Location"]).content.decode()
    assert "You did not mention cache. How does it apply here?" in page
    assert "5/10" in page

    client.post(started["Location"], {"answer": "And a cache for hot links."})
    page = client.get(started["Location"]).content.decode()
    assert "Summary" in page
    assert "10/10" in page
    assert PracticeSession.objects.filter(user=owner, question=question).count() == 1


def test_an_empty_answer_is_refused_by_the_field(owner, client, question):
    client.force_login(owner)
    client.post("/assistant/mock/", {"count": "1"})
    mock = MockInterview.objects.get()

    response = client.post(f"/assistant/mock/{mock.pk}/", {"answer": ""})

    assert response.status_code == 200
    assert "answer" in response.context["form"].errors
    assert mock.items.get().evaluation is None


def test_someone_elses_rehearsal_is_not_found(owner, outsider, client, question):
    client.force_login(owner)
    client.post("/assistant/mock/", {"count": "1"})
    mock = MockInterview.objects.get()
    client.force_login(outsider)

    assert client.get(f"/assistant/mock/{mock.pk}/").status_code == 404
    assert client.post(f"/assistant/mock/{mock.pk}/", {"answer": "x"}).status_code == 404


def test_the_rehearsal_page_keeps_its_query_count(
    owner, client, workspace, django_assert_num_queries
):
    client.force_login(owner)
    questions = [QuestionFactory(workspace=workspace, category="behavioral") for _ in range(4)]
    client.post("/assistant/mock/", {"count": "1", "round_kind": "behavioral"})
    small = MockInterview.objects.get()
    client.post("/assistant/mock/", {"count": "4", "round_kind": "behavioral"})
    big = MockInterview.objects.exclude(pk=small.pk).get()
    assert len(questions) == 4
    client.get(f"/assistant/mock/{small.pk}/")
    # session; user; the rehearsal; its items with questions; the switcher's memberships
    with django_assert_num_queries(5):
        client.get(f"/assistant/mock/{small.pk}/")
    with django_assert_num_queries(5):
        client.get(f"/assistant/mock/{big.pk}/")
