"""The home page and the analytics page."""

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interview_tracker.services import activity_record
from tests.factories import (
    FeedbackFactory,
    InterviewFactory,
    ParticipantFactory,
    PositionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_browser(client, owner):
    client.force_login(owner)
    return client


def series(response, name):
    html = response.content.decode()
    start = html.index(f'id="series-{name}" type="application/json">') + len(
        f'id="series-{name}" type="application/json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def test_home_shows_kpis_and_every_section(owner_browser, dataset):
    response = owner_browser.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    kpis = response.context["kpis"]
    assert (kpis["total_applications"], kpis["response_rate"], kpis["offer_rate"]) == (
        6,
        83.33,
        16.67,
    )
    for rate in ("83.33%", "66.67%", "16.67%"):
        assert rate in html
    for section in ("upcoming", "feedback-owed", "follow-ups", "stale", "activity"):
        assert f'id="{section}"' in html


def test_home_lists_what_the_user_must_do(client, workspace, interviewer):
    soon = timezone.now() + dt.timedelta(hours=5)
    upcoming = InterviewFactory(workspace=workspace, title="Pairing round", scheduled_at=soon)
    ParticipantFactory(interview=upcoming, user=interviewer)
    done = InterviewFactory(
        workspace=workspace,
        title="System design round",
        status="completed",
        scheduled_at=timezone.now() - dt.timedelta(days=2),
    )
    ParticipantFactory(interview=done, user=interviewer)
    reviewed = InterviewFactory(
        workspace=workspace,
        title="Reviewed round",
        status="completed",
        scheduled_at=timezone.now() - dt.timedelta(days=3),
    )
    ParticipantFactory(interview=reviewed, user=interviewer)
    FeedbackFactory(interview=reviewed, author=interviewer)
    PositionFactory(workspace=workspace, title="Follow me up", next_follow_up=timezone.localdate())
    PositionFactory(
        workspace=workspace,
        title="Closed one",
        status="rejected",
        next_follow_up=timezone.localdate(),
    )
    client.force_login(interviewer)
    response = client.get("/")
    assert [i.title for i in response.context["upcoming"]] == ["Pairing round"]
    assert [i.title for i in response.context["feedback_owed"]] == ["System design round"]
    assert [p.title for p in response.context["follow_ups"]] == ["Follow me up"]
    html = response.content.decode()
    assert f'<time data-countdown datetime="{timezone.localtime(soon).isoformat()}' in html


def test_home_empty_states_say_what_to_do(owner_browser, workspace):
    html = owner_browser.get("/").content.decode()
    assert "No interview coming up" in html
    assert "You owe no feedback" in html
    assert "No follow-up due" in html
    assert "Nothing has gone quiet" in html
    assert "No activity yet" in html


def test_home_shows_recent_activity(owner_browser, owner, workspace):
    position = PositionFactory(workspace=workspace)
    activity_record(actor=owner, verb="created", target=position, summary="Position created")
    assert "Position created" in owner_browser.get("/").content.decode()


def test_a_candidate_member_lands_on_their_portal(client, candidate_user, dataset):
    client.force_login(candidate_user)
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == reverse("interviews:portal")


def test_home_query_count_does_not_grow_with_the_lists(owner_browser, owner, workspace):
    def add(n):
        for _ in range(n):
            interview = InterviewFactory(workspace=workspace, status="completed")
            ParticipantFactory(interview=interview, user=owner)
            PositionFactory(workspace=workspace, next_follow_up=timezone.localdate())

    def count():
        cache.clear()  # the figures computed, not read from the cache
        with CaptureQueriesContext(connection) as ctx:
            assert owner_browser.get("/").status_code == 200
        return len(ctx.captured_queries)

    add(2)
    small = count()
    add(12)
    # session, user, memberships (role), nav memberships, the workspace's kind, 4 overview
    # queries (applications, interviews, questions, time to hire), 4 stale queries, upcoming,
    # feedback owed, follow-ups, activity: the same whatever the number of rows
    assert count() == small == 17


def test_home_figures_are_cached_and_shared_with_the_analytics_page(
    owner_browser, workspace, django_assert_num_queries
):
    PositionFactory(workspace=workspace, status="applied")
    assert owner_browser.get("/").context["kpis"]["total_applications"] == 1
    PositionFactory(workspace=workspace, status="applied")
    # Cached: no overview or stale query (session, user, role, switcher, upcoming, feedback
    # owed, follow-ups, activity), the new position not yet counted; the page says so.
    with django_assert_num_queries(8):
        response = owner_browser.get("/")
    assert response.context["kpis"]["total_applications"] == 1
    assert "computed at most once every 60 seconds" in response.text
    # The analytics page of the same workspace shows the same overview, from the same entry.
    dashboard = owner_browser.get(reverse("analytics:dashboard")).context["figures"]
    assert dashboard["overview"]["total_applications"] == 1
    cache.clear()  # what the TTL does after FIGURES_TTL seconds
    assert owner_browser.get("/").context["kpis"]["total_applications"] == 2


def test_anonymous_home_redirects_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_dashboard_embeds_every_chart_series(owner_browser, dataset):
    response = owner_browser.get(reverse("analytics:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "chart-4.6.1.umd.min.js" in html
    assert "js/analytics.js" in html
    assert series(response, "funnel")["datasets"][0] == {
        "label": "Positions",
        "data": [6, 5, 3, 1, 0, 1, 0],
    }
    assert series(response, "timeline")["datasets"][1]["data"] == [1, 3, 1, 0, 0, 1]
    assert series(response, "companies")["labels"] == ["TechCorp", "StartupInc", "Globex"]
    assert series(response, "sources")["labels"] == ["linkedin", "referral", "(not recorded)"]
    assert series(response, "skill-gaps")["labels"] == ["SQL", "Docker"]
    # each chart also as a table
    assert html.count("<summary>Show as a table</summary>") == 5


def test_dashboard_filters_change_the_series(owner_browser, dataset):
    url = reverse("analytics:dashboard")
    response = owner_browser.get(url, {"company": "startup", "status": "", "start_date": ""})
    assert series(response, "companies")["labels"] == ["StartupInc"]
    assert series(response, "funnel")["datasets"][0]["data"][0] == 2  # P4, P5
    response = owner_browser.get(
        url, {"company": "tech"}, headers={"HX-Request": "true", "HX-Target": "charts"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="charts">')
    assert "<form" not in html


def test_dashboard_shows_field_errors(owner_browser, dataset):
    response = owner_browser.get(
        reverse("analytics:dashboard"), {"start_date": "2024-03-01", "end_date": "2024-01-01"}
    )
    assert response.status_code == 200
    assert "Must not be before the start date." in response.content.decode()


def test_dashboard_empty_states(owner_browser, workspace):
    html = owner_browser.get(reverse("analytics:dashboard")).content.decode()
    assert "No data for these filters" in html
    assert "<canvas" not in html


def test_dashboard_figures_are_cached_per_user_and_filters(
    owner_browser, owner, workspace, django_assert_max_num_queries
):
    from tests.factories import PositionFactory

    url = reverse("analytics:dashboard")
    PositionFactory(workspace=workspace)
    first = owner_browser.get(url).context["figures"]["overview"]["total_applications"]
    PositionFactory(workspace=workspace)
    # Cached: the statistics queries are not run again, the new position not yet counted.
    with django_assert_max_num_queries(6):
        again = owner_browser.get(url).context["figures"]["overview"]["total_applications"]
    assert again == first == 1
    # Other filters are another entry, computed now.
    other = owner_browser.get(url, {"company": ""}).context["figures"]
    assert other["overview"]["total_applications"] == 1  # same key: empty filter
    fresh = owner_browser.get(url, {"status": "applied"}).context["figures"]
    assert fresh["overview"]["total_applications"] == 2
    from django.core.cache import cache

    cache.clear()  # what the TTL does after FIGURES_TTL seconds
    assert owner_browser.get(url).context["figures"]["overview"]["total_applications"] == 2
