"""A job-seeker's morning in the browser: Today, a follow-up ticked off, a mock interview of two
questions with the offline provider, and the practice queue on Today moving because of it."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interview_tracker.models import Workspace, WorkspaceKind
from questions.models import PracticeSession, ReviewSchedule
from tests.factories import PositionFactory, QuestionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def morning(workspace, owner):
    """A job search with a follow-up due today and two questions due for review."""
    Workspace.objects.filter(pk=workspace.pk).update(kind=WorkspaceKind.JOB_SEARCH)
    PositionFactory(
        workspace=workspace,
        title="Platform Engineer",
        company__name="Globex",
        next_follow_up=timezone.localdate(),
    )
    yesterday = timezone.now() - dt.timedelta(days=1)
    for text, concepts in [
        ("How does a B-tree index speed up a lookup?", ["balanced tree", "logarithmic"]),
        ("When would you shard a database?", ["write throughput", "shard key"]),
    ]:
        question = QuestionFactory(
            workspace=workspace, text=text, category="technical", key_concepts=concepts
        )
        ReviewSchedule.objects.create(user=owner, question=question, due_at=yesterday)


def answer(page, heading: str, text: str) -> None:
    current = page.locator("article.mock-current")
    expect(current.get_by_role("heading", name=heading)).to_be_visible()
    current.get_by_label("Your answer").fill(text)
    current.get_by_role("button", name="Submit answer").click()


def test_a_job_seekers_morning(morning, logged_in_page, owner):
    page = logged_in_page
    page.goto("/")
    prep = page.locator("#prep")
    expect(prep).to_contain_text("2 questions due for review")

    # The follow-up is ticked off in place: back on Today, gone from the list.
    follow_ups = page.locator("#follow-ups")
    expect(follow_ups).to_contain_text("Platform Engineer")
    follow_ups.get_by_role("button", name="Done").click()
    expect(page.get_by_text("Follow-up on “Platform Engineer” done.")).to_be_visible()
    expect(follow_ups).not_to_contain_text("Platform Engineer")
    expect(follow_ups).to_contain_text("No follow-up due")

    # A mock interview of two questions, started from Today.
    page.locator("#assistant").get_by_role("button", name="Start a mock interview").click()
    page.get_by_label("Round").select_option("technical")
    page.get_by_label("Questions").fill("2")
    page.get_by_role("button", name="Start").click()
    answer(page, "Question 1 of 2", "A balanced tree keeps every lookup logarithmic.")
    answer(page, "Follow-up on question 1", "Each level narrows the range of keys.")
    answer(page, "Question 2 of 2", "When one server cannot take the write throughput.")
    answer(page, "Follow-up on question 2", "The shard key keeps related rows together.")
    summary = page.locator("article.mock-summary")
    expect(summary.get_by_role("heading", name="Summary")).to_be_visible()
    expect(summary).to_contain_text("over 2 questions")
    assert PracticeSession.objects.filter(user=owner).count() == 2

    # Both questions were practised: the queue on Today is empty until their next review.
    page.goto("/")
    expect(prep).to_contain_text("Nothing due for review")
    assert not ReviewSchedule.objects.filter(user=owner, due_at__lte=timezone.now()).exists()
