"""The whole structured-hiring loop in a browser: a recruiter builds a plan and schedules its
stage, two interviewers score against the template, the debrief shows their disagreement, the
recruiter drafts, approves and sends an offer, the candidate accepts it in the portal."""

import pytest
from playwright.sync_api import expect

from candidates.models import Candidate
from interviews.models import Feedback, Offer
from positions.models import Position
from tests.browser.helpers import log_in
from tests.conftest import _member
from tests.factories import CandidateFactory, PositionFactory, QuestionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def score(page, interview_url, user, rating, scores):
    page.goto(interview_url)
    page.get_by_role("button", name="Interview kit").click()
    expect(page.get_by_text("Design a rate limiter")).to_be_visible()
    page.goto(interview_url)
    # The form opens with one row per criterion of the stage's template, in its order.
    page.locator(f'input[name="rating"][value="{rating}"]').check()
    selects = page.locator('select[name="criterion_score"]')
    for index, value in enumerate(scores):
        selects.nth(index).select_option(value)
    page.get_by_role("button", name="Submit scorecard").click()
    expect(page.get_by_text("Scorecard submitted.")).to_be_visible()
    card = Feedback.objects.get(author=user)
    assert (card.rating, [item["score"] for item in card.criteria]) == (
        int(rating),
        [int(value) for value in scores],
    )


def test_plan_schedule_score_debrief_offer_accept(
    page, workspace, recruiter, interviewer, candidate_user
):
    second = _member(workspace, "interviewer", "second.interviewer@example.com")
    position = PositionFactory(workspace=workspace, title="Backend Engineer")
    candidate = CandidateFactory(
        workspace=workspace, position=position, name="Ada Lovelace", user=candidate_user
    )
    QuestionFactory(workspace=workspace, text="Design a rate limiter")

    log_in(page, recruiter)
    page.goto(f"/positions/{position.pk}/")
    page.get_by_role("link", name="Build an interview plan").click()
    page.get_by_label("Name").fill("Technical")
    page.get_by_label("Minutes").fill("45")
    page.get_by_label(str(interviewer), exact=True).check()
    page.get_by_label(str(second), exact=True).check()
    page.get_by_label("Scorecard criteria").fill("Problem solving: breaks it down\nCommunication")
    page.get_by_label("Kit questions").select_option(label="Design a rate limiter")
    page.get_by_role("button", name="Add stage").click()
    expect(page.get_by_text("Stage “Technical” added.")).to_be_visible()

    page.goto("/interviews/new/")
    page.get_by_label("Candidate").select_option(label="Ada Lovelace")
    page.get_by_label("Interview plan stage").select_option(label="Backend Engineer: 1. Technical")
    page.get_by_label("Date and time").fill("2031-04-02T10:30")
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Technical")
    expect(page.get_by_text(f"{second.first_name} {second.last_name}")).to_be_visible()
    interview_url = page.url
    page.get_by_role("button", name="Start").click()
    page.get_by_role("button", name="Complete").click()
    expect(page.locator("#interview-status")).to_have_text("Completed")

    log_in(page, interviewer)
    score(page, interview_url, interviewer, "5", ["5", "4"])
    log_in(page, second)
    score(page, interview_url, second, "2", ["2", "4"])

    log_in(page, recruiter)
    page.goto(f"/candidates/{candidate.pk}/")
    page.get_by_role("link", name="Open the debrief").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Debrief")
    disagreement = page.locator("tr.disagreement")
    expect(disagreement).to_have_count(1)
    expect(disagreement).to_contain_text("Problem solving")

    page.goto(f"/candidates/{candidate.pk}/")
    page.get_by_role("link", name="Draft an offer").click()
    page.get_by_label("Salary").fill("85000")
    page.get_by_label("Approver").select_option(label=str(recruiter))
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Offer approved.")).to_be_visible()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Offer sent.")).to_be_visible()

    log_in(page, candidate_user)
    page.goto("/interviews/portal/")
    page.get_by_role("button", name="Accept the offer").click()
    expect(page.get_by_text("Offer accepted.")).to_be_visible()

    log_in(page, recruiter)
    page.goto(f"/candidates/{candidate.pk}/")
    expect(page.get_by_text("Hired").first).to_be_visible()
    assert Offer.objects.get().status == "accepted"
    assert Candidate.objects.get(pk=candidate.pk).status == "hired"
    assert Position.objects.get(pk=position.pk).opening_status == "filled"
