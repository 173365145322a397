"""The home page and the analytics page."""

import datetime as dt
import json
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from analytics.feed import FEED_SIZE
from analytics.selectors import HOME_LIST_LIMIT
from candidates.models import Candidate
from candidates.services import candidate_change_status
from interview_tracker.models import ActivityEvent, Workspace, WorkspaceKind
from interview_tracker.services import activity_record
from positions.models import Position
from questions.models import ReviewSchedule
from tests.factories import (
    CandidateFactory,
    CompanyFactory,
    FeedbackFactory,
    InterviewFactory,
    InterviewQuestionFactory,
    ParticipantFactory,
    PositionFactory,
    QuestionFactory,
    UserFactory,
    WorkspaceFactory,
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


def as_job_search(workspace):
    """The cast's workspace, made a job search (the home page differs per kind)."""
    Workspace.objects.filter(pk=workspace.pk).update(kind=WorkspaceKind.JOB_SEARCH)


def as_hiring(workspace):
    """The cast's workspace (a job search in these statistics tests), made a hiring team."""
    Workspace.objects.filter(pk=workspace.pk).update(kind=WorkspaceKind.HIRING)


def test_a_job_searchs_home_shows_its_figures_and_its_day(owner_browser, workspace, dataset):
    as_job_search(workspace)
    response = owner_browser.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    kpis = response.context["kpis"]
    assert (kpis["total_applications"], kpis["response_rate"], kpis["offer_rate"]) == (
        6,
        83.33,
        16.67,
    )
    for rate in ("83.33%", "16.67%"):
        assert rate in html
    for section in ("upcoming", "follow-ups", "prep", "assistant", "stale", "activity"):
        assert f'id="{section}"' in html
    # No hiring-team sections on a job-seeker's day.
    assert 'id="openings"' not in html
    assert 'id="feedback-owed"' not in html


def test_a_hiring_home_puts_the_pipeline_first(owner_browser, workspace, dataset):
    as_hiring(workspace)
    response = owner_browser.get("/")
    html = response.content.decode()
    assert "kpis" not in response.context
    stages = {s["status"]: s["count"] for s in response.context["stages"]}
    assert sum(stages.values()) == Candidate.objects.filter(workspace=workspace).count()
    for section in ("pipeline", "openings", "upcoming", "feedback-owed", "activity"):
        assert f'id="{section}"' in html
    assert html.index('id="pipeline"') < html.index('id="upcoming"')
    assert 'id="follow-ups"' not in html


def test_a_hiring_home_lists_openings_with_their_candidates_per_stage(owner_browser, workspace):
    as_hiring(workspace)
    opening = PositionFactory(workspace=workspace, title="Data Scientist", department="Data")
    PositionFactory(workspace=workspace, title="Filled one", opening_status="filled")
    for status in ("applied", "applied", "offer", "rejected"):
        CandidateFactory(workspace=workspace, position=opening, status=status)
    openings = owner_browser.get("/").context["openings"]
    assert [o["title"] for o in openings] == ["Data Scientist"]
    counts = {s["status"]: s["count"] for s in openings[0]["stages"]}
    assert counts == {"applied": 2, "screening": 0, "interviewing": 0, "offer": 1, "hired": 0}


def test_home_lists_what_the_user_must_do(client, workspace, interviewer):
    as_hiring(workspace)
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
    client.force_login(interviewer)
    response = client.get("/")
    assert [i.title for i in response.context["upcoming"]] == ["Pairing round"]
    assert [i.title for i in response.context["feedback_owed"]] == ["System design round"]
    html = response.content.decode()
    assert f'<time data-countdown datetime="{timezone.localtime(soon).isoformat()}' in html


def test_a_job_searchs_home_lists_follow_ups_due(owner_browser, workspace):
    as_job_search(workspace)
    PositionFactory(workspace=workspace, title="Follow me up", next_follow_up=timezone.localdate())
    PositionFactory(
        workspace=workspace,
        title="Closed one",
        status="rejected",
        next_follow_up=timezone.localdate(),
    )
    response = owner_browser.get("/")
    assert [p.title for p in response.context["follow_ups"]] == ["Follow me up"]


def test_a_job_searchs_upcoming_rounds_come_with_their_prep(owner_browser, owner, workspace):
    as_job_search(workspace)
    globex = CompanyFactory(workspace=workspace, name="Globex")
    position = PositionFactory(workspace=workspace, title="Platform Engineer", company=globex)
    when = timezone.now() + dt.timedelta(days=2)
    interview = InterviewFactory(
        workspace=workspace, position=position, candidate=None, kind="coding", scheduled_at=when
    )
    before, after = when - dt.timedelta(days=1), when + dt.timedelta(days=1)
    # Planned for the round: one due before it, one not scheduled for review.
    planned = [InterviewQuestionFactory(workspace=workspace, interview=interview) for _ in "ab"]
    ReviewSchedule.objects.create(user=owner, question=planned[0].question, due_at=before)
    # Asked at Globex before: one due before the round, one after; an inactive one and another
    # company's are not counted, nor another user's queue.
    at_globex = [QuestionFactory(workspace=workspace, company=globex) for _ in "abc"]
    QuestionFactory(workspace=workspace, company=globex, is_active=False)
    QuestionFactory(workspace=workspace, company=CompanyFactory(workspace=workspace))
    ReviewSchedule.objects.create(user=owner, question=at_globex[0], due_at=before)
    ReviewSchedule.objects.create(user=owner, question=at_globex[1], due_at=after)
    ReviewSchedule.objects.create(user=UserFactory(), question=at_globex[2], due_at=before)

    response = owner_browser.get("/")

    [shown] = response.context["upcoming"]
    assert (shown.planned_questions, shown.company_questions, shown.due_questions) == (2, 3, 2)
    html = " ".join(response.content.decode().split())
    assert f'<a href="/questions/interview/{interview.pk}/">2 questions planned</a>' in html
    assert f'<a href="/questions/?company={globex.pk}">3 asked at Globex before</a>' in html
    assert '<a href="/questions/practice/">2 of them due for practice</a>' in html
    rehearse = f"/assistant/mock/?position={position.pk}&amp;round_kind=coding"
    assert f'<a href="{rehearse}">Rehearse this round</a>' in html
    # The rehearsal starts with that position and kind of round chosen.
    form = owner_browser.get(rehearse.replace("&amp;", "&")).context["form"]
    assert (str(form["position"].value()), form["round_kind"].value()) == (
        str(position.pk),
        "coding",
    )


def past_round(workspace, title, hours_ago, **fields):
    return InterviewFactory(
        workspace=workspace,
        title=title,
        scheduled_at=timezone.now() - dt.timedelta(hours=hours_ago),
        **fields,
    )


def test_a_job_searchs_home_lists_the_rounds_whose_notes_are_still_to_write(
    owner_browser, workspace
):
    as_job_search(workspace)
    past_round(workspace, "Completed, no notes", 48, status="completed")
    # Nobody marked it completed, but it ended two hours ago.
    past_round(workspace, "Over, still scheduled", 3, duration_minutes=60)
    past_round(workspace, "Under way", 0.5, duration_minutes=60)
    past_round(workspace, "Written up", 24, status="completed", strengths="Clear answers")
    past_round(workspace, "Only how it went", 30, status="completed", overall_feedback="Fine")
    past_round(workspace, "Cancelled", 72, status="cancelled")
    InterviewFactory(workspace=workspace, title="Tomorrow")
    past_round(
        WorkspaceFactory(kind=WorkspaceKind.JOB_SEARCH),
        "Another workspace's",
        48,
        status="completed",
    )

    response = owner_browser.get("/")

    # The latest first.
    assert [i.title for i in response.context["notes_due"]] == [
        "Over, still scheduled",
        "Completed, no notes",
    ]
    html = response.content.decode()
    section = html[html.index('id="notes-due"') : html.index('id="prep"')]
    first = response.context["notes_due"][0]
    assert f'href="/interviews/{first.pk}/#reflection"' in section
    assert f'action="/interviews/{first.pk}/notes-after/"' in section
    assert '<input type="hidden" name="next" value="/">' in section


def test_notes_written_from_today_take_the_round_off_the_list(owner_browser, workspace):
    as_job_search(workspace)
    interview = past_round(workspace, "Final with Globex", 30, status="completed")
    assert [i.pk for i in owner_browser.get("/").context["notes_due"]] == [interview.pk]

    response = owner_browser.post(
        f"/interviews/{interview.pk}/notes-after/",
        {
            "overall_feedback": "Went well; the system design part ran long.",
            "strengths": "",
            "areas_for_improvement": "Ask about the team earlier.",
            "next": "/",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/"
    interview.refresh_from_db()
    assert interview.overall_feedback == "Went well; the system design part ran long."
    assert interview.areas_for_improvement == "Ask about the team earlier."
    assert ActivityEvent.objects.filter(object_id=interview.pk, verb="interview_updated").exists()
    today = owner_browser.get("/")
    assert list(today.context["notes_due"]) == []
    assert "No notes to write" in today.content.decode()


def test_a_job_searchs_home_suggests_a_follow_up_for_each_quiet_application(
    owner_browser, workspace
):
    as_job_search(workspace)
    Workspace.objects.filter(pk=workspace.pk).update(quiet_days=7)
    quiet = PositionFactory(workspace=workspace, title="Data Engineer", company__name="Initech")
    recent = PositionFactory(workspace=workspace, title="Analytics Engineer")
    Position.objects.filter(pk=quiet.pk).update(updated_at=timezone.now() - dt.timedelta(days=10))
    Position.objects.filter(pk=recent.pk).update(updated_at=timezone.now() - dt.timedelta(days=5))

    response = owner_browser.get("/")

    assert [p["title"] for p in response.context["stale_positions"]] == ["Data Engineer"]
    html = " ".join(response.content.decode().split())
    assert (
        "I applied for the Data Engineer role at Initech 10 days ago and remain very interested."
    ) in html


def test_an_application_marked_ghosted_from_today_leaves_the_follow_ups(owner_browser, workspace):
    as_job_search(workspace)
    position = PositionFactory(workspace=workspace, next_follow_up=timezone.localdate())
    assert f'action="/positions/{position.pk}/ghosted/"' in owner_browser.get("/").content.decode()

    response = owner_browser.post(f"/positions/{position.pk}/ghosted/", {"next": "/"})

    assert response["Location"] == "/"
    position.refresh_from_db()
    assert (position.status, position.rejection_reason) == ("rejected", "ghosted")
    assert list(owner_browser.get("/").context["follow_ups"]) == []


def test_home_empty_states_say_what_to_do(owner_browser, workspace):
    as_hiring(workspace)
    html = owner_browser.get("/").content.decode()
    assert "Nothing scheduled" in html
    assert "You owe no scorecard" in html
    assert "No open opening" in html
    assert "No activity yet" in html
    as_job_search(workspace)
    html = owner_browser.get("/").content.decode()
    assert "No follow-up due" in html
    assert "Nothing has gone quiet" in html
    assert "Nothing due for review" in html
    assert "No notes to write" in html


def test_recent_activity_shows_each_event_once_naming_and_linking_its_subject(
    owner_browser, owner, workspace
):
    owner.first_name, owner.last_name = "Maria", "Owner"
    owner.save()
    opening = PositionFactory(workspace=workspace, title="Data Scientist")
    candidate = CandidateFactory(workspace=workspace, name="Sofia Nakamura", position=opening)
    candidate_change_status(candidate=candidate, status="offer", actor=owner)
    interview = InterviewFactory(
        workspace=workspace, title="Final round", candidate=candidate, position=opening
    )
    # An interview event is stored on the interview's, the candidate's and the position's
    # timelines: the feed shows it once.
    activity_record(
        actor=owner,
        verb="interview_scheduled",
        target=interview,
        summary="Interview “Final round” scheduled",
        also=[candidate, opening],
    )
    response = owner_browser.get("/")
    events = response.context["events"]
    assert [(e["did"], e["name"], e["after"]) for e in events[:2]] == [
        ("scheduled", "Final round", ""),
        ("moved", "Sofia Nakamura", "to Offer"),
    ]
    html = " ".join(response.content.decode().split())
    assert (
        f'<strong>Maria Owner</strong> moved <a href="/candidates/{candidate.pk}/">'
        "Sofia Nakamura</a> to Offer · Data Scientist"
    ) in html
    feed = html[html.index('id="activity"') :]
    assert feed.count("Final round</a>") == 1
    # The candidate's own timeline keeps its copy.
    assert "scheduled" in owner_browser.get(f"/candidates/{candidate.pk}/").content.decode()


def test_recent_activity_words_each_verb_and_names_other_subjects_by_their_summary(
    owner_browser, owner, workspace
):
    opening = PositionFactory(workspace=workspace, title="Data Scientist")
    interview = InterviewFactory(workspace=workspace, title="Final round", position=opening)
    activity_record(actor=owner, verb="contact_added", target=opening, summary="Contact added")
    activity_record(
        actor=owner, verb="interview_question_added", target=interview, summary="Question added"
    )
    activity_record(
        actor=owner, verb="created", target=opening.company, summary="Company Initech created"
    )
    events = owner_browser.get("/").context["events"]
    assert [(e["did"], e["name"]) for e in events[:3]] == [
        ("· Company Initech created", None),
        ("added a question to", "Final round"),
        ("added a contact to", "Data Scientist"),
    ]


def test_a_candidate_member_lands_on_their_portal(client, candidate_user, dataset):
    client.force_login(candidate_user)
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == reverse("interviews:portal")


@pytest.mark.parametrize("kind", ["hiring", "job_search"])
def test_home_query_count_does_not_grow_with_the_lists(owner_browser, owner, workspace, kind):
    Workspace.objects.filter(pk=workspace.pk).update(kind=kind)

    rounds: list[Any] = []

    def add(n):
        for _ in range(n):
            opening = PositionFactory(workspace=workspace, next_follow_up=timezone.localdate())
            candidate = CandidateFactory(workspace=workspace, position=opening)
            interview = InterviewFactory(
                workspace=workspace, status="completed", candidate=candidate, position=opening
            )
            ParticipantFactory(interview=interview, user=owner)
            # An hour apart: the owner sits on each (no double-booking).
            upcoming = InterviewFactory(
                workspace=workspace,
                candidate=candidate,
                position=opening,
                scheduled_at=timezone.now() + dt.timedelta(days=1, hours=len(rounds)),
            )
            rounds.append(upcoming)
            ParticipantFactory(interview=upcoming, user=owner)
            quiet = PositionFactory(workspace=workspace)
            Position.objects.filter(pk=quiet.pk).update(
                updated_at=timezone.now() - dt.timedelta(days=30)
            )
            candidate_change_status(candidate=candidate, status="screening", actor=owner)
            activity_record(
                actor=owner,
                verb="interview_scheduled",
                target=interview,
                summary="scheduled",
                also=[candidate, opening],
            )

    def count():
        cache.clear()  # the figures computed, not read from the cache
        with CaptureQueriesContext(connection) as ctx:
            assert owner_browser.get("/").status_code == 200
        queries[:] = [q["sql"][:90] for q in ctx.captured_queries]
        return len(ctx.captured_queries)

    queries: list[str] = []
    add(2)
    small = count()
    add(12)
    # Both: session, user, memberships (role), workspace kind, upcoming, activity (events,
    # then one query per kind of subject shown: here interviews and candidates), nav
    # memberships.
    # Hiring: stage totals, openings per stage, scorecards owed. Job search: the statistics'
    # scope (the workspace and its kind), 4 overview aggregates (the median time to hire among
    # them), 4 stale queries, follow-ups, notes to write (each round completed without them,
    # with its position and company), reviews due.
    assert count() == small == {"hiring": 12, "job_search": 21}[kind], queries
    # Every list is full at the larger size.
    context = owner_browser.get("/").context
    assert (len(context["upcoming"]), len(context["events"])) == (HOME_LIST_LIMIT, FEED_SIZE)
    if kind == "job_search":
        assert len(context["follow_ups"]) == len(context["notes_due"]) == HOME_LIST_LIMIT
        assert context["stale_total"] == 14


def test_home_figures_are_cached_and_shared_with_the_analytics_page(
    owner_browser, workspace, django_assert_num_queries
):
    as_job_search(workspace)
    PositionFactory(workspace=workspace, status="applied")
    assert owner_browser.get("/").context["kpis"]["total_applications"] == 1
    PositionFactory(workspace=workspace, status="applied")
    # Cached: no overview or stale query (session, user, role, kind, upcoming, activity
    # events (none about a live subject here), follow-ups, notes to write, reviews due,
    # switcher), the new position not yet counted; the page says so.
    with django_assert_num_queries(10):
        response = owner_browser.get("/")
    assert response.context["kpis"]["total_applications"] == 1
    assert "at most 60 seconds old" in response.text
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
