import os

import pytest
from playwright.sync_api import expect

from candidates.models import Candidate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = b"Full Name;E-mail;Stage\nAda Lovelace;ada@example.com;screening\nBob;not-an-email;applied\n"
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
    expect(errors.get_by_role("row", name="3 email Enter a valid email address.")).to_be_visible()
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
