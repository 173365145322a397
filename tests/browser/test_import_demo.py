"""The browser suite against the demo data: ``seed_demo``, log in as the demo user, and walk
every page of the header navigation plus the import page in both demo workspaces."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_demo_user_walks_every_page_without_errors(page):
    call_command("seed_demo", verbosity=0)
    failures: list[str] = []
    page.on("pageerror", lambda error: failures.append(str(error)))
    page.goto("/login/")
    page.get_by_label("Email").fill("demo@example.com")
    page.get_by_label("Password").fill("demo-interviews-2026")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")
    for workspace in ("Acme Recruiting", "Demo"):
        switcher = page.locator("#workspace-select")
        option = switcher.locator("option", has_text=workspace).first
        switcher.select_option(option.get_attribute("value"))
        page.locator(".workspace-switcher").get_by_role("button", name="Switch").click()
        expect(page.get_by_text(f"Now working in {workspace}")).to_be_visible()
        links = page.locator(".nav-links a")
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        for href in [*hrefs, "/import/"]:
            response = page.goto(href)
            assert response is not None
            assert response.status == 200, f"{href} answered {response.status} in {workspace}"
            expect(page.locator("main")).to_be_visible()
    # Leave the pages (and any htmx polling) before the live server stops.
    page.goto("about:blank")
    assert failures == []
