import pytest
from playwright.sync_api import expect

from interview_tracker.models import StatusChange, Workspace, WorkspaceKind
from positions.models import Position
from tests.factories import CompanyFactory, PositionFactory

# Grab the card anywhere but its link: the whole card drags.
GRIP = {"x": 8, "y": 40}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # The live server's per-request threads leave SQLite connections for the garbage collector,
    # which may reclaim them during any later test; that warning is about the harness.
]


def test_create_detail_contact_edit_then_move_on_the_kanban(logged_in_page, workspace):
    page = logged_in_page
    Workspace.objects.filter(pk=workspace.pk).update(kind=WorkspaceKind.JOB_SEARCH)
    CompanyFactory(workspace=workspace, name="Tech Corp")
    PositionFactory(workspace=workspace, title="Existing Role")

    page.goto("/positions/")
    expect(page.get_by_role("link", name="Existing Role")).to_be_visible()
    page.get_by_role("button", name="New application").click()
    page.get_by_label("Job title").fill("Platform Engineer")
    page.get_by_label("Company").fill("tech corp")
    page.get_by_role("button", name="Add application").click()
    expect(page.get_by_role("heading", name="Platform Engineer")).to_be_visible()
    expect(page.get_by_text("Tech Corp").first).to_be_visible()

    page.get_by_text("Add a contact").click()
    page.locator("#contacts").get_by_label("Name").fill("Jane Recruiter")
    page.get_by_role("button", name="Add contact").click()
    expect(page.get_by_role("cell", name="Jane Recruiter", exact=True)).to_be_visible()

    page.get_by_role("button", name="Edit", exact=True).click()
    page.get_by_label("Next follow-up").fill("2030-05-01")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("May 1, 2030")).to_be_visible()

    position = Position.objects.get(title="Platform Engineer")
    page.get_by_role("link", name="Board").click()
    page.locator(f"#card-{position.pk}").drag_to(
        page.locator('.kanban-column[data-status="interviewing"]'), source_position=GRIP
    )
    expect(
        page.locator(f'.kanban-column[data-status="interviewing"] #card-{position.pk}')
    ).to_be_visible()

    # Rejecting from the "Move to…" menu asks why; focus comes back to the moved card.
    card = page.locator(f"#card-{position.pk}")
    card.get_by_text("Move to…").click()
    card.get_by_label("Reason for rejecting").fill("Went with another offer")
    card.get_by_role("button", name="Reject").click()
    moved = page.locator(f'.kanban-column[data-status="rejected"] #card-{position.pk}')
    expect(moved).to_be_visible()
    expect(moved).to_be_focused()
    assert Position.objects.get(pk=position.pk).rejection_reason == "Went with another offer"
    assert [c.to_status for c in StatusChange.objects.filter(object_id=position.pk)] == [
        "interviewing",
        "rejected",
    ]
