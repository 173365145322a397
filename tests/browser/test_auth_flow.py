import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_user_registers_logs_out_logs_in_and_sees_home(page):
    page.goto("/register/")
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password").fill("analytical-engine-1843")
    page.get_by_role("button", name="Create account").click()
    # No answer to "what brings you here": a job search, whose home is the day's view.
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    expect(page.get_by_text("Your job search is ready")).to_be_visible()

    page.get_by_text("Ada", exact=True).first.click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()

    page.get_by_label("Email").fill("ADA@example.com")
    page.get_by_label("Password").fill("analytical-engine-1843")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")


def test_a_wrong_password_shows_an_error_on_the_form(page, owner):
    page.goto("/login/")
    page.get_by_label("Email").fill(owner.email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("do not match an account")).to_be_visible()


def test_the_workspace_switcher_changes_the_current_workspace(page, owner):
    from interview_tracker.models import User
    from tests.factories import MembershipFactory, WorkspaceFactory

    side = WorkspaceFactory(name="Side Project")
    MembershipFactory(user=owner, workspace=side, role="recruiter")
    page.goto("/login/?next=/settings/")
    page.get_by_label("Email").fill(owner.email)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()
    switcher = page.get_by_label("Current workspace")
    expect(switcher).to_have_value(str(owner.default_workspace_id))

    switcher.select_option(label="Side Project (recruiter)")
    page.get_by_role("button", name="Switch").click()
    expect(page.get_by_text("Now working in Side Project.")).to_be_visible()
    expect(page.get_by_label("Current workspace")).to_have_value(str(side.id))
    expect(page).to_have_url(re.compile(r"/settings/$"))
    assert User.objects.get(pk=owner.pk).default_workspace_id == side.id


def test_on_a_phone_the_menu_opens_from_its_toggle_and_by_keyboard(page, owner):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/login/")
    page.get_by_label("Email").fill(owner.email)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()
    toggle = page.get_by_role("button", name="Menu")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_label("Current workspace")).to_be_hidden()

    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_label("Current workspace")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_label("Current workspace")).to_be_hidden()
    expect(toggle).to_be_focused()
