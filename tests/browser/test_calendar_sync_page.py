"""The calendar-sync settings page at phone and desktop widths, against a real Radicale: a
refused password shows by its field, a good one connects; readable, keyboard-usable, axe-clean."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from integrations.models import CalendarConnection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERIOUS = {"serious", "critical"}


def _check(page, width: int, name: str) -> None:
    shots = os.environ.get("SCREENSHOT_DIR")
    if shots:
        page.screenshot(path=f"{shots}/calendar-{name}-{width}.png", full_page=True)
    # The click may still be navigating: measure the page it lands on.
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    violations = [
        (v["id"], [n["target"] for n in v["nodes"][:3]])
        for v in Axe().run(page).response["violations"]
        if v["impact"] in SERIOUS
    ]
    assert violations == []


@pytest.mark.parametrize("width", [390, 1280])
def test_a_member_connects_a_calendar_with_the_keyboard(
    logged_in_page, owner, radicale_calendar, width
):
    page = logged_in_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/settings/")
    page.get_by_role("navigation", name="Settings sections").get_by_role(
        "link", name="Calendar sync"
    ).click()
    _check(page, width, "empty")

    page.get_by_label("Calendar address").fill(radicale_calendar.url)
    page.get_by_label("User name").fill("alice")
    page.get_by_label("App password").fill("not-the-password")
    page.get_by_role("button", name="Check and connect").press("Enter")
    page.get_by_text("The calendar server refused this user name and password.").wait_for()
    _check(page, width, "refused")
    assert not CalendarConnection.objects.exists()

    page.get_by_label("App password").fill(radicale_calendar.password)
    page.get_by_role("button", name="Check and connect").press("Enter")
    page.get_by_role("heading", name="Connected calendar").wait_for()
    _check(page, width, "connected")
    assert CalendarConnection.objects.get().user == owner

    # A later failure shows on the page, and a new password is entered in place.
    CalendarConnection.objects.update(
        last_error="The calendar server refused this user name and password.",
        last_error_at=timezone.now(),
    )
    page.reload()
    page.get_by_text("The last attempt failed").wait_for()
    page.get_by_text("Connect a different calendar").click()
    _check(page, width, "failing")
    page.get_by_label("Calendar address").fill(radicale_calendar.url)
    page.get_by_label("User name").fill("alice")
    page.get_by_label("App password").fill(radicale_calendar.password)
    page.get_by_role("button", name="Check and connect").press("Enter")
    page.get_by_text("your upcoming interviews are being added").wait_for()
    assert CalendarConnection.objects.get().last_error == ""
