import pytest
from playwright.sync_api import expect

from interviews.models import Feedback, Interview
from tests.conftest import PASSWORD
from tests.factories import CandidateFactory, InterviewFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_schedule_start_complete_and_scorecard(logged_in_page, workspace):
    CandidateFactory(workspace=workspace, name="Ada Lovelace")
    page = logged_in_page
    page.goto("/interviews/")
    page.get_by_role("button", name="Schedule an interview").click()
    page.get_by_label("Candidate").select_option(label="Ada Lovelace")
    page.get_by_label("Title").fill("Systems round")
    page.get_by_label("Date and time").fill("2031-04-02T10:30")
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Systems round")
    expect(page.get_by_role("button", name="Complete")).to_have_count(0)

    page.get_by_role("button", name="Start").click()
    expect(page.locator("#interview-status")).to_have_text("Ongoing")
    page.get_by_role("button", name="Complete").click()
    expect(page.locator("#interview-status")).to_have_text("Completed")

    # One row per criterion; the overall rating starts unchosen.
    scorecard = page.locator("#scorecard")
    expect(scorecard.get_by_label("4 · good")).not_to_be_checked()
    scorecard.get_by_label("Criterion").first.fill("Design")
    scorecard.get_by_label("Score").first.select_option("4")
    scorecard.get_by_label("Note").first.fill("clear trade-offs")
    scorecard.get_by_role("button", name="Add a criterion").click()
    expect(scorecard.get_by_label("Criterion")).to_have_count(3)
    scorecard.get_by_label("4 · good").check()
    page.get_by_label("Overall comment").fill("Would hire")
    page.get_by_role("button", name="Submit scorecard").click()
    expect(page.get_by_text("Scorecard submitted.")).to_be_visible()
    expect(page.get_by_text("Design: 4/5 — clear trade-offs")).to_be_visible()
    assert Interview.objects.get().status == "completed"
    assert Feedback.objects.get().rating == 4


def test_a_new_message_appears_without_reload(logged_in_page, workspace):
    interview = InterviewFactory(workspace=workspace, title="Chatty round")
    page = logged_in_page
    page.goto(f"/interviews/{interview.pk}/")
    page.get_by_label("New message").fill("Looking forward to it")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#thread")).to_contain_text("Looking forward to it")


def test_candidate_portal(page, candidate_user, workspace):
    candidate = CandidateFactory(workspace=workspace, user=candidate_user, status="interviewing")
    mine = InterviewFactory(
        workspace=workspace, candidate=candidate, title="Your onsite", notes="internal note"
    )
    mine.participants.create(user=candidate_user, role="candidate")
    InterviewFactory(workspace=workspace, title="Another person's round")
    page.goto("/login/")
    page.get_by_label("Email").fill(candidate_user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your interviews")).to_be_visible()
    expect(page.get_by_text("Interviewing")).to_be_visible()
    expect(page.get_by_text("Another person's round")).to_have_count(0)
    page.get_by_role("link", name="Your onsite").click()
    expect(page.get_by_text("internal note")).to_have_count(0)
    expect(page.get_by_role("button", name="Start")).to_have_count(0)
    page.get_by_label("New message").fill("Is there parking?")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#thread")).to_contain_text("Is there parking?")
