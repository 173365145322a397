import pytest
from playwright.sync_api import expect

from candidates.models import Candidate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = b"Full Name;E-mail;Stage\nAda Lovelace;ada@example.com;screening\nBob;not-an-email;applied\n"


def test_upload_preview_error_report_and_confirm(logged_in_page):
    page = logged_in_page
    page.goto("/import/")
    page.get_by_label("What to import").select_option("candidates")
    page.get_by_label("CSV file").set_input_files(
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

    page.get_by_role("button", name="Import 1 new and 0 updated candidates").click()
    expect(page.get_by_text("Imported people.csv: 2 rows: 1 created")).to_be_visible()
    assert list(Candidate.objects.values_list("name", "status")) == [("Ada Lovelace", "screening")]
    # Leave the page before the live server stops, so no request is cut off mid-way.
    page.goto("about:blank")
