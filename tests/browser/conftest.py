"""Browser tests: Playwright drives Debian's chromium (never a downloaded browser) against
pytest-django's live server.

Without chromium these tests skip and say why; CI installs it, and sets
``REQUIRE_BROWSER=1`` so that a missing browser fails the run instead of skipping.
"""

import os
import shutil
from collections.abc import Iterator

import pytest

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
)
# Playwright's sync API runs an event loop in this thread; the live server's ORM calls happen in
# its own thread, but fixtures that touch the database from the test thread need this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session", autouse=True)
def patient_assertions() -> None:
    # Assertions retry for up to 15 s (Playwright's default is 5 s): CI runs these on 2 shared
    # CPUs, where a page under a full suite can take longer than 5 s to answer.
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    if os.environ.get("REQUIRE_BROWSER"):
        raise pytest.UsageError("REQUIRE_BROWSER is set but no chromium executable was found.")
    skip = pytest.mark.skip(reason="Debian's chromium is not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page(django_db_setup, browser, live_server) -> Iterator[object]:
    # django_db_setup first: the session's live server must start after the test database
    # exists, so that it shares the in-memory SQLite connection instead of opening (and
    # leaking) one per request thread.
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def logged_in_page(page, owner):
    """A page whose browser is logged in as the workspace owner."""
    page.goto("/login/")
    page.get_by_label("Email").fill(owner.email)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")
    return page
