import re

import pytest
from playwright.sync_api import expect

from candidates.models import Candidate
from interview_tracker.models import StatusChange
from tests.factories import CandidateFactory

# Grab the card anywhere but its link: the whole card drags.
GRIP = {"x": 8, "y": 40}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # The live server's per-request threads leave SQLite connections for the garbage collector,
    # which may reclaim them during any later test; that warning is about the harness.
]


def test_list_detail_edit_then_move_on_the_kanban(logged_in_page, workspace):
    page = logged_in_page
    candidate = CandidateFactory(workspace=workspace, name="Ada Lovelace", email="ada@example.com")
    CandidateFactory(workspace=workspace, name="Bob Builder")

    page.goto("/candidates/")
    expect(page.get_by_role("heading", name="Candidates", exact=True)).to_be_visible()
    page.get_by_label("Search").fill("ada")
    # htmx swaps the table in place and pushes the URL.
    expect(page.get_by_role("link", name="Bob Builder")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/candidates/\?q=ada"))

    page.get_by_role("link", name="Ada Lovelace").click()
    expect(page.get_by_role("heading", name="Ada Lovelace")).to_be_visible()
    page.get_by_role("button", name="Edit", exact=True).click()
    page.get_by_label("Phone").fill("+44 20 7946 0000")
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Enter a valid email address")).to_be_visible()
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("+44 20 7946 0000")).to_be_visible()

    page.get_by_role("link", name="Pipeline board").click()
    card = page.locator(f"#card-{candidate.pk}")
    card.drag_to(page.locator('.kanban-column[data-status="screening"]'), source_position=GRIP)
    expect(
        page.locator(f'.kanban-column[data-status="screening"] #card-{candidate.pk}')
    ).to_be_visible()
    expect(page.get_by_text("moved to Screening")).to_be_visible()

    # The keyboard alternative: open the card's "Move to…" menu, press a stage; focus stays
    # on the moved card.
    card = page.locator(f"#card-{candidate.pk}")
    card.locator("summary").focus()
    page.keyboard.press("Enter")
    card.get_by_role("button", name="Offer").focus()
    page.keyboard.press("Enter")
    moved = page.locator(f'.kanban-column[data-status="offer"] #card-{candidate.pk}')
    expect(moved).to_be_visible()
    expect(moved).to_be_focused()

    assert Candidate.objects.get(pk=candidate.pk).status == "offer"
    history = StatusChange.objects.filter(object_id=candidate.pk).order_by("created_at", "id")
    assert [c.to_status for c in history] == ["screening", "offer"]
