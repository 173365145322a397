"""The availability page at phone and desktop widths: readable, keyboard-usable, saves."""

import os

import pytest

from interviews.models import Availability

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1280])
def test_a_member_sets_hours_with_the_keyboard(logged_in_page, owner, width):
    page = logged_in_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/settings/availability/")
    page.get_by_label("Monday").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("08:00-12:00")
    page.get_by_label("Max interviews per day").fill("2")
    shots = os.environ.get("SCREENSHOT_DIR")
    if shots:
        page.screenshot(path=f"{shots}/availability-{width}.png", full_page=True)
    # Nothing overflows sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("button", name="Save availability").press("Enter")
    page.get_by_text("Availability saved.").wait_for()
    saved = Availability.objects.get(user=owner)
    assert (saved.weekly_hours["monday"], saved.max_interviews_per_day) == (["08:00-12:00"], 2)
