import pytest
from django.urls import reverse

from assistant.models import Conversation
from interview_tracker.extensions import registry
from tests.factories import QuestionFactory

from .conftest import conversation_with_turn

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, owner):
    client.force_login(owner)
    return client


def test_the_chat_page_prefills_the_question_and_links_the_stream(logged_in):
    response = logged_in.get(reverse("assistant:chat"), {"q": "<b>Design</b> Twitter"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "&lt;b&gt;Design&lt;/b&gt; Twitter</textarea>" in content
    assert 'data-stream-url="/api/v1/assistant/answer-stream"' in content
    assert "js/assistant.js" in content
    assert "No conversations yet" in content


def test_the_chat_page_continues_a_conversation_of_ones_own_only(
    logged_in, owner, outsider, workspace, other_workspace
):
    mine = conversation_with_turn(owner, workspace, "Mine", answer="<script>x</script>")
    theirs = Conversation.objects.create(user=outsider, workspace=other_workspace, title="Theirs")

    page = logged_in.get(reverse("assistant:chat"), {"conversation": mine.pk}).content.decode()

    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert f'value="{mine.pk}"' in page
    assert logged_in.get(reverse("assistant:chat"), {"conversation": theirs.pk}).status_code == 404
    assert logged_in.get(reverse("assistant:chat"), {"conversation": "junk"}).status_code == 404


def test_conversation_pages_show_ones_own_and_404_for_others(
    logged_in, owner, outsider, workspace, other_workspace
):
    mine = conversation_with_turn(
        owner, workspace, "Mine", answer="A theorem.", follow_up_questions=["What is PACELC?"]
    )
    theirs = Conversation.objects.create(user=outsider, workspace=other_workspace, title="Theirs")

    listing = logged_in.get(reverse("assistant:conversations")).content.decode()
    detail = logged_in.get(reverse("assistant:conversation", args=[mine.pk])).content.decode()

    assert "Mine" in listing
    assert "Theirs" not in listing
    assert "A theorem." in detail
    assert "Technical" in detail
    assert "What is PACELC?" in detail
    assert logged_in.get(reverse("assistant:conversation", args=[theirs.pk])).status_code == 404


@pytest.mark.parametrize("count", [1, 25])
def test_the_conversation_list_runs_a_constant_number_of_queries(
    logged_in, owner, workspace, django_assert_num_queries, count
):
    for number in range(count):
        Conversation.objects.create(user=owner, workspace=workspace, title=f"T{number}")
    # session, user, COUNT(*), the page with turn counts, the header's memberships
    with django_assert_num_queries(5):
        assert logged_in.get(reverse("assistant:conversations")).status_code == 200


def test_a_bank_question_gets_an_ask_the_assistant_panel(logged_in, workspace, other_workspace):
    question = QuestionFactory(workspace=workspace, text="Design a cache & a queue?")
    foreign = QuestionFactory(workspace=other_workspace)

    panels = registry.panels["questions.question"]
    response = logged_in.get(reverse(panels[0].url_name, args=[question.pk]))

    assert panels[0].title == "Ask the assistant"
    assert response.status_code == 200
    assert "/assistant/?q=Design%20a%20cache%20%26%20a%20queue%3F" in response.content.decode()
    assert logged_in.get(reverse("assistant:question-panel", args=[foreign.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("assistant:chat"))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
