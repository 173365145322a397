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


@pytest.mark.parametrize("width", [390, 1280])
def test_the_free_time_picker_moves_an_interview(logged_in_page, owner, workspace, width):
    import datetime as dt

    from django.utils import timezone

    from interviews.models import Interview
    from tests.factories import CandidateFactory, InterviewFactory, ParticipantFactory

    interview = InterviewFactory(
        workspace=workspace,
        candidate=CandidateFactory(workspace=workspace),
        title="Design round",
        scheduled_at=timezone.now() + dt.timedelta(days=20),
    )
    ParticipantFactory(interview=interview, user=owner)
    page = logged_in_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/interviews/{interview.pk}/")
    page.get_by_role("button", name="Find a free time").click()
    shots = os.environ.get("SCREENSHOT_DIR")
    if shots:
        page.screenshot(path=f"{shots}/picker-{width}.png", full_page=False)
    # The click may still be navigating: measure the page it lands on.
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator(".slot-list button").first.focus()
    page.keyboard.press("Enter")
    page.get_by_text("Interview moved").wait_for()
    assert Interview.objects.get(pk=interview.pk).scheduled_at < timezone.now() + dt.timedelta(
        days=15
    )
