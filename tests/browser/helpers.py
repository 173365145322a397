"""Steps several browser tests share."""

import re

from playwright.sync_api import expect

from tests.conftest import PASSWORD


def log_in(page, user, password: str = PASSWORD) -> None:
    """Log in as ``user`` in a fresh session and wait until the log-in page is left: the next
    step must not race the form's POST (a ``goto`` would cancel it).

    The previous page is left first: a request of it still in flight would otherwise answer
    after the cookies are cleared and set its session's CSRF cookie over the log-in page's
    (seen once: a 403 "CSRF token incorrect" on a loaded machine)."""
    page.goto("about:blank")
    page.context.clear_cookies()
    page.goto("/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))
