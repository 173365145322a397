import pytest
from playwright.sync_api import expect

from questions.models import PracticeSession, ReviewSchedule
from tests.factories import QuestionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_one_full_practice_round(logged_in_page, workspace, owner):
    QuestionFactory(
        workspace=workspace,
        text="Explain eventual consistency",
        category="system_design",
        answer_summary="Replicas converge once writes stop.",
    )
    page = logged_in_page
    page.goto("/questions/practice/?mode=random&category=system_design")
    expect(page.get_by_role("heading", name="Explain eventual consistency")).to_be_visible()
    timer = page.locator("#practice-timer")
    expect(timer).to_have_text("0:01", timeout=3000)
    expect(page.get_by_text("Replicas converge once writes stop.")).to_be_hidden()
    page.get_by_text("Reveal the model answer").click()
    expect(page.get_by_text("Replicas converge once writes stop.")).to_be_visible()
    page.get_by_label("Your answer").fill("Replicas agree eventually.")
    page.get_by_role("button", name="Rate 8 out of 10").click()
    expect(page.locator("#next-review")).to_contain_text("in 1 day")
    session = PracticeSession.objects.get()
    assert (session.self_rating, session.answer) == (8, "Replicas agree eventually.")
    assert session.duration_seconds >= 1
    assert ReviewSchedule.objects.get(user=owner).interval_days == 1
    page.get_by_role("button", name="Next question").click()
    expect(page.get_by_role("heading", name="Explain eventual consistency")).to_be_visible()
