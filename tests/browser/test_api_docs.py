import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def collect_policy_violations(page):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text and "cdn.redoc.ly" not in message.text
            else None
        ),
    )
    return violations


def test_swagger_ui_renders_the_operations_under_our_csp(page):
    violations = collect_policy_violations(page)
    page.goto("/api/docs/")
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/auth/login")).to_be_visible()
    # Swagger UI draws only the operations near the viewport (a virtualised list): scroll to
    # the end of the schema, where the workspace routes are, as a reader would.
    members = page.locator(".opblock-summary-path", has_text="/api/v1/workspaces/{id}/members")
    for _ in range(200):
        if members.count():
            break
        page.mouse.wheel(0, 1200)
        page.wait_for_timeout(50)
    expect(members.first).to_be_visible()
    expect(page.get_by_role("button", name="Authorize")).to_be_attached()
    assert violations == []


def test_redoc_renders_under_our_csp(page):
    violations = collect_policy_violations(page)
    page.goto("/api/redoc/")
    # Redoc parses the whole schema in the browser before it draws anything: allow for it.
    expect(page.get_by_role("heading", name="Interview Tracker API")).to_be_visible(timeout=45_000)
    expect(page.get_by_text("workspaces", exact=True).first).to_be_visible()
    # Redoc's only outside asset is its "by Redocly" logo, which the policy blocks.
    assert violations == []
