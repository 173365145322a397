import os

import pytest
from playwright.sync_api import expect

from candidates.models import Candidate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    b"Full Name;E-mail;Stage\nAda Lovelace;ada@example.com;Phone Screen\nBob;not-an-email;applied\n"
)
SHOTS = os.environ.get("SCREENSHOT_DIR")


def _shoot(page, name: str) -> None:
    # For people reviewing a change: SCREENSHOT_DIR=/tmp/shots keeps each step at both widths.
    if SHOTS:
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)


def test_upload_preview_start_and_report(logged_in_page):
    page = logged_in_page
    page.goto("/import/")
    page.get_by_label("What to import").select_option("candidates")
    page.get_by_label("CSV or JSON file").set_input_files(
        {"name": "people.csv", "mimeType": "text/csv", "buffer": CSV}
    )
    page.get_by_label("Import the valid rows even if some rows are invalid").check()
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_role("heading", name="Import candidates: people.csv")).to_be_visible()
    mapping = page.get_by_role("table").first
    expect(mapping.get_by_role("row", name="Full Name name")).to_be_visible()
    expect(page.get_by_role("cell", name="Ada Lovelace")).to_be_visible()
    errors = page.locator("#import-errors")
    expect(errors.get_by_role("row", name="3 E-mail Enter a valid email address.")).to_be_visible()
    # Another tool's stage name is read as ours, and the reading can be changed before the start.
    expect(page.get_by_label("status for “Phone Screen”")).to_have_value("screening")
    assert Candidate.objects.count() == 0
    _shoot(page, "import-preview")

    # The test settings run the task inside the request once it commits (immediate backend).
    page.get_by_role("button", name="Import candidates").click()
    expect(page.get_by_role("heading", name="Imported", exact=True)).to_be_visible()
    expect(page.locator("#import-progress").get_by_text("1 created")).to_be_visible()
    assert list(Candidate.objects.values_list("name", "status")) == [("Ada Lovelace", "screening")]
    _shoot(page, "import-report")
    page.get_by_role("button", name="Import another file").click()
    expect(page.get_by_role("link", name="people.csv")).to_be_visible()
    _shoot(page, "import-upload")
    # Leave the page before the live server stops, so no request is cut off mid-way.
    page.goto("about:blank")


def test_a_running_import_shows_its_progress_and_then_its_report(logged_in_page, owner, workspace):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from interview_tracker.models import ImportRun, ImportStatus

    run = ImportRun.objects.create(
        workspace=workspace,
        created_by=owner,
        entity="candidates",
        file=SimpleUploadedFile("big.csv", b"name,email\n"),
        name="big.csv",
        status=ImportStatus.IMPORTING,
        rows_done=40_000,
        bytes_done=40,
        total_bytes=100,
    )
    page = logged_in_page
    page.goto(f"/import/{run.pk}/")
    expect(page.get_by_role("heading", name="Importing")).to_be_visible()
    expect(page.locator("progress")).to_have_attribute("value", "40")
    expect(page.get_by_text("40,000 rows imported · 40%")).to_be_visible()
    _shoot(page, "import-running")
    # The worker finishes: the page, polling, turns into the report without a reload.
    report = {"rows": 100000, "created": 100000, "updated": 0, "unchanged": 0, "invalid": 0}
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.DONE, report={**report, "errors": [], "summary": "done"}
    )
    expect(page.get_by_role("heading", name="Imported", exact=True)).to_be_visible(timeout=5000)
    expect(page.locator("#import-progress").get_by_text("100,000 created")).to_be_visible()
    page.goto("about:blank")


def test_possible_duplicates_show_in_the_preview_and_the_report_readably(
    browser, live_server, django_db_setup, owner, workspace
):
    from axe_playwright_python.sync_playwright import Axe

    from tests.factories import CandidateFactory

    known = CandidateFactory(
        workspace=workspace, name="Ada Lovelace", email="ada@example.com", phone="+44 20 7946 0000"
    )
    # Axe is injected by evaluating its source; the page's CSP does not apply to the test.
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/login/")
    page.get_by_label("Email").fill(owner.email)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")
    page.goto("/import/")
    page.get_by_label("What to import").select_option("candidates")
    page.get_by_label("CSV or JSON file").set_input_files(
        {
            "name": "people.csv",
            "mimeType": "text/csv",
            "buffer": b"Name,Email,Phone\nA. Lovelace,countess@example.com,442079460000\n"
            b"Grace Hopper,grace@example.com,\n",
        }
    )
    page.get_by_role("button", name="Upload and preview").click()
    table = page.locator("#import-duplicates")
    expect(table.get_by_role("row", name="2 A. Lovelace Ada Lovelace")).to_be_visible()
    expect(table.get_by_role("link", name="Ada Lovelace")).to_have_attribute(
        "href", f"/candidates/{known.pk}/"
    )
    problems = _serious_axe_findings(page, Axe())
    _shoot(page, "import-preview-duplicates")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Import candidates").click()
    expect(page.get_by_role("heading", name="Imported", exact=True)).to_be_visible()
    new = Candidate.objects.get(email="countess@example.com")
    merge = page.get_by_role("link", name="1 existing record: compare and merge")
    expect(merge).to_have_attribute("href", f"/candidates/{new.pk}/merge/")
    problems += _serious_axe_findings(page, Axe())
    _shoot(page, "import-report-duplicates")
    assert problems == []
    page.goto("about:blank")
    context.close()


def _serious_axe_findings(page, axe) -> list[str]:
    found = []
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in {"serious", "critical"}:
                found.append(f"{width}px: {violation['id']} {violation['nodes'][0]['target']}")
    return found
