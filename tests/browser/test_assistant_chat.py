"""The chat page under ASGI (uvicorn on 127.0.0.1): the answer streams in as it is produced."""

import pytest
from playwright.sync_api import expect

from tests.assistant.servers import uvicorn_server
from tests.factories import QuestionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # WhiteNoise serves static files with a synchronous iterator; under ASGI Django warns that
    # it consumes it (and the file object is left to the garbage collector). Not this feature.
    pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


@pytest.fixture
def asgi_page(browser, owner, settings):
    settings.ASSISTANT_OFFLINE_CHUNK_DELAY_SECONDS = 0.03
    with uvicorn_server() as base_url:
        context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.goto("/login/")
        page.get_by_label("Email").fill(owner.email)
        page.get_by_label("Password").fill("correct-horse-battery")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/")
        yield page
        context.close()


def test_a_question_is_answered_as_a_stream_grounded_in_the_bank(asgi_page, workspace):
    QuestionFactory(
        workspace=workspace,
        text="How would you design a URL shortening service?",
        key_concepts=["Base62 <encoding>"],
        common_mistakes=["Ignoring collisions"],
    )
    page = asgi_page
    page.goto("/assistant/?q=How%20would%20you%20design%20a%20URL%20shortening%20service%3F")
    expect(page.get_by_label("Your question")).to_have_value(
        "How would you design a URL shortening service?"
    )

    page.get_by_role("button", name="Ask").click()

    answer = page.locator(".turn-answer").last
    expect(page.locator(".turn-agent .badge").last).to_have_text("System Design")
    expect(page.locator(".turn-reason").last).to_contain_text("System Design agent")
    # Mid-stream: part of the answer is on the page while the rest is still coming.
    expect(answer).to_contain_text("From your question bank")
    assert "Ignoring collisions" not in answer.inner_text()
    expect(page.get_by_role("button", name="Stop")).to_be_enabled()
    # Then the whole answer, escaped (the concept's angle brackets are text, not markup).
    expect(answer).to_contain_text("Ignoring collisions")
    expect(answer).to_contain_text("Base62 <encoding>")
    chips = page.locator(".chips .chip")
    expect(chips).to_have_count(3)
    expect(page.get_by_role("button", name="Stop")).to_be_disabled()
    assert "conversation=" in page.url

    # A follow-up chip asks the next question in the same conversation.
    follow_up = chips.first.inner_text()
    chips.first.click()
    expect(page.locator(".turn-question").last).to_have_text(follow_up)
    expect(page.locator(".chips .chip")).to_have_count(6)
    page.goto("/assistant/conversations/")
    expect(
        page.get_by_role("link", name="How would you design a URL shortening service?")
    ).to_be_visible()


def test_the_stop_button_ends_an_answer_midway(asgi_page, settings):
    settings.ASSISTANT_OFFLINE_CHUNK_DELAY_SECONDS = 0.2
    page = asgi_page
    page.goto("/assistant/")
    page.get_by_label("Your question").fill("Tell me about a time you failed.")
    page.get_by_role("button", name="Ask").click()
    expect(page.locator(".turn-answer").last).to_contain_text("Behavioral")

    page.get_by_role("button", name="Stop").click()

    expect(page.locator(".turn-status").last).to_have_text("Stopped.")
    expect(page.get_by_role("button", name="Ask")).to_be_enabled()
    expect(page.locator(".chips .chip")).to_have_count(0)
