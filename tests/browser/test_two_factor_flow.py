"""Two-factor sign-in in a real browser: set it up from the settings page, save the recovery
codes, see the session list, and log in again with the second step."""

import base64

import pytest
from django_otp.oath import totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def current_code(secret: str) -> str:
    return f"{totp(base64.b32decode(secret)):06d}"


def test_set_up_two_factor_then_log_in_with_a_code(logged_in_page, owner):
    page = logged_in_page
    page.goto("/settings/")
    page.get_by_role("link", name="Two-factor sign-in").click()
    page.get_by_role("button", name="Set up two-factor sign-in").click()
    assert page.locator(".qr-code svg").is_visible()
    secret = page.locator(".secret-key").inner_text()
    page.get_by_role("textbox", name="Code").fill(current_code(secret))
    page.get_by_role("button", name="Turn on").click()
    codes = page.locator(".recovery-codes li").all_inner_texts()
    assert len(codes) == 10

    page.goto("/settings/sessions/")
    assert page.get_by_text("this browser", exact=True).is_visible()

    page.get_by_text(owner.get_full_name(), exact=True).first.click()  # the account menu
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login/")
    page.get_by_label("Email").fill(owner.email)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/login/verify/**")
    page.get_by_role("textbox", name="Code").fill(codes[0])
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url("**/")
    page.goto("/settings/two-factor/")
    assert page.get_by_role("heading", name="On").is_visible()
