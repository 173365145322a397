import re

import pytest
from playwright.sync_api import expect

# The hand-built dataset, in the job search its figures are derived for (positions counted).
from tests.analytics.conftest import (  # noqa: F401
    dataset,
    other_workspace,
    workspace,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHARTS = ["funnel", "timeline", "companies", "sources", "skill-gaps"]
LABELS = "id => Chart.getChart(document.getElementById(id)).data.labels"


def test_analytics_page_draws_every_chart_and_the_filters_change_them(logged_in_page, dataset):  # noqa: F811
    page = logged_in_page
    page.goto("/analytics/")
    for name in CHARTS:
        canvas = page.locator(f"canvas#chart-{name}")
        expect(canvas).to_be_visible()
        page.wait_for_function(
            "id => window.Chart && Chart.getChart(document.getElementById(id))", arg=f"chart-{name}"
        )
        # drawn: the canvas has pixels, not just an element
        assert canvas.bounding_box()["height"] > 100
    assert page.evaluate(LABELS, "chart-companies") == ["TechCorp", "StartupInc", "Globex"]
    assert page.evaluate(LABELS, "chart-skill-gaps") == ["SQL", "Docker"]

    page.get_by_label("Company", exact=True).fill("startup")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_function(
        "() => { const c = Chart.getChart(document.getElementById('chart-companies'));"
        " return c && c.data.labels.length === 1; }"
    )
    assert page.evaluate(LABELS, "chart-companies") == ["StartupInc"]
    funnel = page.evaluate(
        "() => Chart.getChart(document.getElementById('chart-funnel')).data.datasets[0].data"
    )
    assert funnel[0] == 2  # P4 and P5 applied at StartupInc
    expect(page).to_have_url(re.compile(r"company=startup"))

    # each chart is also readable as a table
    page.get_by_text("Show as a table").nth(2).click()
    expect(page.get_by_role("rowheader", name="StartupInc")).to_be_visible()
