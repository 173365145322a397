import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from interviews.models import Feedback, Interview, Message
from tests.conftest import PASSWORD
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_agenda_lists_upcoming_with_countdowns(browser_for, owner, interview):
    html = browser_for(owner).get(reverse("interviews:agenda")).content.decode()
    assert "Technical round" in html
    assert "data-countdown" in html


def test_agenda_empty_state_says_what_to_do(browser_for, owner):
    html = browser_for(owner).get(reverse("interviews:agenda")).content.decode()
    assert "Schedule the first one" in html


@pytest.mark.parametrize("page_size", [1, 5])
def test_agenda_query_count_is_constant(
    browser_for, owner, workspace, django_assert_num_queries, page_size
):
    InterviewFactory.create_batch(6, workspace=workspace)
    client = browser_for(owner)
    # 1 session, 2 user, 3 memberships (role), 4 count, 5 page (+candidate, position),
    # 6 feedback owed, 7 header memberships.
    with django_assert_num_queries(7):
        response = client.get(reverse("interviews:agenda"), {"page_size": page_size})
    assert response.content.decode().count('href="/interviews/') - 2 >= page_size


@pytest.mark.parametrize("extra", [1, 6])
def test_month_calendar_query_count_is_constant(
    browser_for, owner, workspace, django_assert_num_queries, extra
):
    now = timezone.now()
    InterviewFactory.create_batch(extra, workspace=workspace, scheduled_at=now)
    client = browser_for(owner)
    # 1 session, 2 user, 3 memberships (the scope's workspace ids), 4 interviews of the month,
    # 5 header memberships.
    with django_assert_num_queries(5):
        response = client.get(reverse("interviews:calendar"), {"month": now.strftime("%Y-%m")})
    assert response.status_code == 200
    assert "Next month" in response.content.decode()


def test_calendar_navigates_months(browser_for, owner):
    html = (
        browser_for(owner)
        .get(reverse("interviews:calendar"), {"month": "2031-01"})
        .content.decode()
    )
    assert "January 2031" in html
    assert "?month=2030-12" in html
    assert "?month=2031-02" in html


def test_detail_shows_only_legal_moves(browser_for, owner, interview):
    client = browser_for(owner)
    html = client.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert ">Start<" in html
    assert ">Cancel interview<" in html
    assert ">Complete<" not in html
    client.post(reverse("interviews:transition", args=[interview.pk, "start"]))
    html = client.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert ">Complete<" in html
    assert ">Start<" not in html
    assert ">Cancel interview<" not in html


def test_an_illegal_move_shows_the_error(browser_for, owner, interview):
    client = browser_for(owner)
    response = client.post(
        reverse("interviews:transition", args=[interview.pk, "complete"]), follow=True
    )
    assert "from scheduled to completed" in response.content.decode()


def test_create_form_validates_and_schedules(browser_for, owner, candidate):
    client = browser_for(owner)
    response = client.post(
        reverse("interviews:create"),
        {
            "scheduled_at": "",
            "round_number": 1,
            "duration_minutes": 60,
            "kind": "hr",
            "mode": "actual",
            "format": "video",
        },
    )
    assert response.status_code == 200
    assert (
        "Pick a candidate" in response.content.decode() or "required" in response.content.decode()
    )
    response = client.post(
        reverse("interviews:create"),
        {
            "candidate": candidate.pk,
            "scheduled_at": "2031-02-01T10:00",
            "round_number": 1,
            "duration_minutes": 45,
            "kind": "hr",
            "mode": "actual",
            "format": "video",
        },
    )
    interview = Interview.objects.get()
    assert response.url == reverse("interviews:detail", args=[interview.pk])
    assert interview.duration_minutes == 45


def test_interviewers_cannot_create(browser_for, interviewer):
    response = browser_for(interviewer).get(reverse("interviews:create"))
    assert response.status_code == 302


def test_message_thread_posts_and_polls(browser_for, owner, interview):
    client = browser_for(owner)
    response = client.post(
        reverse("interviews:thread", args=[interview.pk]),
        {"body": "See you then"},
        HTTP_HX_REQUEST="true",
    )
    assert "See you then" in response.content.decode()
    assert Message.objects.get().author == owner
    polled = client.get(reverse("interviews:thread", args=[interview.pk]), HTTP_HX_REQUEST="true")
    assert "See you then" in polled.content.decode()


def test_scorecard_form_submits_then_edits(browser_for, interviewer, interview):
    client = browser_for(interviewer)
    form = client.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    # The rating is chosen on purpose: no value is pre-selected.
    assert 'name="rating"' in form
    assert "checked" not in form[form.index('name="rating"') - 200 :]
    data = {
        "rating": 4,
        "recommendation": "yes",
        "criterion_name": ["SQL", "Communication", ""],
        "criterion_score": ["5", "3", ""],
        "criterion_note": ["sharp", "", ""],
        "comment": "Good",
    }
    client.post(reverse("interviews:feedback", args=[interview.pk]), data)
    feedback = Feedback.objects.get()
    assert feedback.criteria == [
        {"name": "SQL", "score": 5, "note": "sharp"},
        {"name": "Communication", "score": 3, "note": ""},
    ]
    edit = client.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert 'value="Communication"' in edit
    client.post(reverse("interviews:feedback", args=[interview.pk]), {**data, "rating": 2})
    feedback.refresh_from_db()
    assert feedback.rating == 2
    response = client.post(
        reverse("interviews:feedback", args=[interview.pk]),
        {**data, "criterion_score": ["9", "3", ""]},
    )
    assert response.status_code == 422
    assert "“SQL”: choose a score from 1 to 5." in response.content.decode()
    unrated = client.post(
        reverse("interviews:feedback", args=[interview.pk]), {**data, "rating": ""}
    )
    assert "Choose an overall rating from 1 to 5." in unrated.content.decode()


def test_participants_are_managed_from_the_page(
    browser_for, owner, interview, django_capture_on_commit_callbacks
):
    client = browser_for(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("interviews:participant-add", args=[interview.pk]),
            {"email": "panel@example.com", "role": "interviewer"},
        )
    assert interview.participants.filter(user__email="panel@example.com").exists()
    assert mail.outbox
    participant = interview.participants.get(user__email="panel@example.com")
    client.post(reverse("interviews:participant-remove", args=[interview.pk, participant.pk]))
    assert not interview.participants.filter(pk=participant.pk).exists()


def test_candidate_sees_a_restricted_detail(browser_for, candidate_user, interview, recruiter):
    Feedback.objects.create(
        interview=interview, author=recruiter, rating=1, comment="Secret verdict"
    )
    html = (
        browser_for(candidate_user)
        .get(reverse("interviews:detail", args=[interview.pk]))
        .content.decode()
    )
    assert "Internal: probe concurrency" not in html
    assert "Secret verdict" not in html
    assert ">Start<" not in html
    assert "Messages" in html


def test_outsider_gets_404_on_every_page(browser_for, outsider, interview):
    client = browser_for(outsider)
    for name in ("detail", "edit", "ics", "thread"):
        assert client.get(reverse(f"interviews:{name}", args=[interview.pk])).status_code == 404
    assert (
        client.post(reverse("interviews:transition", args=[interview.pk, "start"])).status_code
        == 404
    )
    assert (
        client.get(reverse("interviews:candidate-panel", args=[interview.candidate_id])).status_code
        == 404
    )
    interview.refresh_from_db()
    assert interview.status == "scheduled"


def test_portal_shows_own_interviews_and_status_only(
    browser_for, candidate_user, interview, workspace, candidate
):
    candidate.user = candidate_user
    candidate.save(update_fields=["user"])
    InterviewFactory(workspace=workspace, title="Somebody else's round")
    html = browser_for(candidate_user).get(reverse("interviews:portal")).content.decode()
    assert "Technical round" in html
    assert "Somebody else" not in html
    assert "badge-applied" in html or "badge-interviewing" in html


@pytest.mark.parametrize("page_size", [1, 5])
def test_portal_query_count_is_constant(
    browser_for, candidate_user, workspace, django_assert_num_queries, page_size
):
    for _ in range(6):
        InterviewFactory(workspace=workspace).participants.create(
            user=candidate_user, role="candidate"
        )
    client = browser_for(candidate_user)
    # 1 session, 2 user, 3 memberships (the scope's workspace ids), 4 count, 5 page, 6 own
    # candidate records, 7 own sent offers, 8 header memberships.
    with django_assert_num_queries(8):
        client.get(reverse("interviews:portal"), {"page_size": page_size})


def test_a_candidate_lands_on_the_portal_after_login(client, candidate_user):
    response = client.post(
        reverse("login"), {"email": candidate_user.email, "password": PASSWORD, "next": "/"}
    )
    assert response.url == reverse("interviews:portal")


def test_the_agenda_sends_candidates_to_their_portal(browser_for, candidate_user):
    assert browser_for(candidate_user).get(reverse("interviews:agenda")).url == reverse(
        "interviews:portal"
    )


@pytest.mark.parametrize("page_size", [1, 5])
def test_candidate_panel_query_count_is_constant(
    browser_for, owner, candidate, workspace, django_assert_num_queries, page_size
):
    InterviewFactory.create_batch(
        6,
        workspace=workspace,
        candidate=candidate,
        scheduled_at=timezone.now() + dt.timedelta(days=1),
    )
    client = browser_for(owner)
    # 1 session, 2 user, 3 memberships (the scope's workspace ids; also staff or candidate
    # view), 4 candidate (visibility), 5 count, 6 page (+candidate, position, company).
    with django_assert_num_queries(6):
        response = client.get(
            reverse("interviews:candidate-panel", args=[candidate.pk]), {"page_size": page_size}
        )
    assert response.content.decode().count("<li>") == page_size


def test_position_panel_lists_interviews(browser_for, owner, interview):
    html = (
        browser_for(owner)
        .get(reverse("interviews:position-panel", args=[interview.position_id]))
        .content.decode()
    )
    assert "Technical round" in html


def test_month_calendar_caps_each_day_with_a_more_link(browser_for, owner, workspace):
    from interviews.views import CALENDAR_PER_DAY

    day = dt.datetime(2031, 3, 10, 9, tzinfo=timezone.get_current_timezone())
    InterviewFactory.create_batch(
        CALENDAR_PER_DAY + 3, workspace=workspace, scheduled_at=day, title="Crowded"
    )
    InterviewFactory(workspace=workspace, scheduled_at=day + dt.timedelta(days=1), title="Alone")
    html = (
        browser_for(owner)
        .get(reverse("interviews:calendar"), {"month": day.strftime("%Y-%m")})
        .content.decode()
    )
    assert html.count("Crowded") == CALENDAR_PER_DAY
    agenda = f"{reverse('interviews:agenda')}?day={day.date().isoformat()}"
    assert f'<a href="{agenda}">+3 more</a>' in html
    assert f"{CALENDAR_PER_DAY + 3} interviews</a>" in html
    assert "Alone" in html
    assert "1 interview</a>" in html
    assert html.count("more</a>") == 1


def test_agenda_of_one_day_lists_every_interview_of_that_day(browser_for, owner, workspace):
    past = timezone.localtime(timezone.now()).replace(hour=9, minute=0) - dt.timedelta(days=30)
    InterviewFactory(workspace=workspace, scheduled_at=past, title="That day")
    InterviewFactory(
        workspace=workspace, scheduled_at=past + dt.timedelta(days=1), title="Next day"
    )
    html = (
        browser_for(owner)
        .get(reverse("interviews:agenda"), {"day": past.date().isoformat()})
        .content.decode()
    )
    assert "That day" in html
    assert "Next day" not in html
    assert "Interviews on" in html
    # Without the day: only what is still to come.
    html = browser_for(owner).get(reverse("interviews:agenda")).content.decode()
    assert "That day" not in html


def test_a_job_seekers_round_page_takes_their_notes(browser_for, owner, interview, workspace):
    workspace.kind = "job_search"
    workspace.save(update_fields=["kind"])
    client = browser_for(owner)
    page = client.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert 'id="reflection"' in page

    response = client.post(
        reverse("interviews:reflection", args=[interview.pk]),
        {"overall_feedback": "", "strengths": "Calm on the live coding", "next": ""},
    )

    assert response["Location"] == reverse("interviews:detail", args=[interview.pk]) + "#reflection"
    interview.refresh_from_db()
    assert interview.strengths == "Calm on the live coding"
    page = client.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert ">Calm on the live coding</textarea>" in page


def test_a_hiring_teams_round_page_has_no_job_seekers_notes(browser_for, owner, interview):
    page = browser_for(owner).get(reverse("interviews:detail", args=[interview.pk]))
    assert 'id="reflection"' not in page.content.decode()


def test_blank_notes_are_refused_and_change_nothing(browser_for, owner, interview):
    client = browser_for(owner)
    response = client.post(
        reverse("interviews:reflection", args=[interview.pk]),
        {"overall_feedback": "  ", "strengths": "", "areas_for_improvement": ""},
        follow=True,
    )
    assert "Write at least one of the three." in response.content.decode()
    interview.refresh_from_db()
    assert (interview.overall_feedback, interview.strengths) == ("", "")


@pytest.mark.parametrize(
    ("role", "written"),
    [
        ("owner", True),
        ("recruiter", True),
        ("interviewer", True),  # a participant of this round
        ("candidate_user", False),
        ("outsider", False),
    ],
)
def test_who_writes_the_notes_after_a_round(request, browser_for, interview, role, written):
    client = browser_for(request.getfixturevalue(role))
    response = client.post(
        reverse("interviews:reflection", args=[interview.pk]), {"strengths": "Good pace"}
    )
    assert response.status_code == (404 if role == "outsider" else 302)
    interview.refresh_from_db()
    assert (interview.strengths == "Good pace") is written


def test_a_non_participating_interviewer_writes_no_notes(browser_for, workspace, interviewer):
    other = InterviewFactory(workspace=workspace)
    browser_for(interviewer).post(
        reverse("interviews:reflection", args=[other.pk]), {"strengths": "Good pace"}
    )
    other.refresh_from_db()
    assert other.strengths == ""
