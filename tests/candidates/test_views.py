"""Dashboard pages of candidates: table, kanban, detail, forms and the status move."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from interview_tracker.extensions import Panel, registry
from interview_tracker.models import ActivityEvent, StatusChange
from tests.factories import CandidateFactory, FeedbackFactory, InterviewFactory, PositionFactory

pytestmark = pytest.mark.django_db


def test_table_filters_search_and_sort(owner_web, workspace):
    opening = PositionFactory(workspace=workspace, title="Data Engineer")
    CandidateFactory(
        workspace=workspace, name="Ada", status="offer", position=opening, tags=["math"]
    )
    CandidateFactory(workspace=workspace, name="Bob", source="linkedin")
    url = reverse("candidates:list")
    cases = [
        ("status=offer", "Ada", "Bob"),
        (f"position={opening.pk}", "Ada", "Bob"),
        ("source=LinkedIn", "Bob", "Ada"),
        ("tags=math", "Ada", "Bob"),
        ("q=bob", "Bob", "Ada"),
    ]
    for query, shown, hidden in cases:
        text = owner_web.get(f"{url}?{query}").content.decode()
        assert f">{shown}<" in text, query
        assert f">{hidden}<" not in text, query
    text = owner_web.get(f"{url}?sort=-name").text
    assert text.index(">Bob<") < text.index(">Ada<")


def test_htmx_gets_the_rows_partial_and_sort_links_keep_filters(owner_web, workspace):
    CandidateFactory(workspace=workspace, name="Ada", status="offer")
    response = owner_web.get(
        reverse("candidates:list") + "?status=offer", headers={"HX-Request": "true"}
    )
    assert response.text.lstrip().startswith('<div id="results"')
    assert 'hx-get="?status=offer&amp;sort=name"' in response.text


def test_empty_states(owner_web, workspace):
    assert "Add the first candidate" in owner_web.get(reverse("candidates:list")).text
    assert "Clear the filters" in owner_web.get(reverse("candidates:list") + "?q=zz").text


def test_position_filter_suggests_open_positions_and_takes_an_id_or_a_title(
    owner_web, workspace, django_assert_num_queries
):
    from candidates.views import POSITION_OPTIONS

    closed = PositionFactory(workspace=workspace, title="Closed Role", status="rejected")
    PositionFactory.create_batch(POSITION_OPTIONS + 5, workspace=workspace, title="Open Role")
    CandidateFactory(workspace=workspace, name="Ada", position=closed)
    CandidateFactory(workspace=workspace, name="Bob")
    url = reverse("candidates:list")
    text = owner_web.get(url).text
    datalist = text[text.index('<datalist id="position-options">') : text.index("</datalist>")]
    assert datalist.count("<option ") == POSITION_OPTIONS
    assert "Open Role" in datalist
    assert "Closed Role" not in datalist
    # A link from another page names the position by id: it is suggested first and labelled,
    # closed or not, with the same number of queries.
    with django_assert_num_queries(7):
        text = owner_web.get(f"{url}?position={closed.pk}").text
    assert ">Ada<" in text
    assert ">Bob<" not in text
    datalist = text[text.index('<datalist id="position-options">') : text.index("</datalist>")]
    assert datalist.count("<option ") == POSITION_OPTIONS
    assert f'<option value="{closed.pk}">Closed Role' in datalist
    assert 'id="position-hint">Closed Role · ' in text
    # Typed by hand: part of a title.
    text = owner_web.get(f"{url}?position=closed+ro").text
    assert ">Ada<" in text
    assert ">Bob<" not in text
    assert "No candidate matches" in owner_web.get(f"{url}?position=nothing").text


@pytest.mark.parametrize("page_size", [5, 50])
def test_list_query_count_is_constant(owner_web, workspace, page_size, django_assert_num_queries):
    opening = PositionFactory(workspace=workspace)
    CandidateFactory.create_batch(60, workspace=workspace, position=opening)
    # session, user, memberships, COUNT(*), page (with position and company), the position
    # filter's suggestions (at most 50, with their companies), the header's workspace switcher.
    with django_assert_num_queries(7):
        owner_web.get(f"{reverse('candidates:list')}?page_size={page_size}")


def test_create_with_resume_and_duplicate_email_error(owner_web, workspace):
    url = reverse("candidates:create")
    response = owner_web.post(
        url,
        {
            "name": "Ada",
            "email": "ada@example.com",
            "status": "applied",
            "links": "https://github.com/ada\n",
            "tags": "math, senior",
            "resume": SimpleUploadedFile("ada.pdf", b"%PDF-1.4"),
        },
    )
    candidate = Candidate.objects.get()
    assert response.url == reverse("candidates:detail", args=[candidate.pk])
    assert candidate.links == ["https://github.com/ada"]
    assert candidate.tags == ["math", "senior"]
    assert candidate.resume.name.endswith(".pdf")
    duplicate = owner_web.post(
        url, {"name": "Ada 2", "email": "ADA@example.com", "status": "applied"}
    )
    assert "already exists" in str(duplicate.context["form"].errors["email"])
    invalid = owner_web.post(url, {"name": "", "email": "nope", "status": "applied"})
    assert invalid.context["form"].errors.keys() == {"name", "email"}
    assert Candidate.objects.count() == 1


def test_edit_changes_fields_and_status_through_the_pipeline(owner_web, owner, workspace):
    candidate = CandidateFactory(workspace=workspace, name="Ada")
    response = owner_web.post(
        reverse("candidates:edit", args=[candidate.pk]),
        {
            "name": "Ada Lovelace",
            "email": candidate.email,
            "status": "rejected",
            "rejection_reason": "Timing",
        },
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.name, candidate.status, candidate.rejection_reason) == (
        "Ada Lovelace",
        "rejected",
        "Timing",
    )
    change = StatusChange.objects.get(object_id=candidate.pk)
    assert (change.from_status, change.to_status, change.changed_by) == (
        "applied",
        "rejected",
        owner,
    )


def test_detail_shows_profile_resume_history_timeline_and_panels(owner_web, workspace, monkeypatch):
    monkeypatch.setitem(
        registry.panels, "candidates.candidate", [Panel("Extra panel", "candidates:detail")]
    )
    candidate = CandidateFactory(
        workspace=workspace, resume=SimpleUploadedFile("cv.pdf", b"%PDF"), notes="Great fit"
    )
    owner_web.post(reverse("candidates:status", args=[candidate.pk]), {"status": "screening"})
    text = owner_web.get(reverse("candidates:detail", args=[candidate.pk])).text
    assert "Download resume" in text
    assert "Great fit" in text
    assert "Status changed from applied to screening" in text
    assert "badge-screening" in text
    assert "Extra panel" in text


def test_kanban_and_the_status_menu_call_the_same_service(owner_web, owner, workspace):
    candidate = CandidateFactory(workspace=workspace, name="Card person")
    text = owner_web.get(reverse("candidates:kanban")).text
    assert text.index("Card person") > text.index('data-status="applied"')
    response = owner_web.post(
        reverse("candidates:status", args=[candidate.pk]),
        {"status": "interviewing", "next": reverse("candidates:kanban")},
    )
    assert response.url == reverse("candidates:kanban")
    candidate.refresh_from_db()
    assert candidate.status == "interviewing"
    assert ActivityEvent.objects.filter(object_id=candidate.pk, verb="status_changed").exists()
    bad = owner_web.post(reverse("candidates:status", args=[candidate.pk]), {"status": "lost"})
    assert bad.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == "interviewing"


@pytest.mark.parametrize("board", ["candidates:kanban", "positions:kanban"])
def test_an_interviewer_sees_no_scores_on_the_boards(
    board, login, owner, interviewer, recruiter, workspace
):
    # Blind scorecards: an interviewer reads an interview's only after submitting their own,
    # so an average of all of them is for the managers alone.
    position = PositionFactory(workspace=workspace, title="Data Engineer")
    candidate = CandidateFactory(workspace=workspace, name="Sofia", position=position)
    interview = InterviewFactory(workspace=workspace, candidate=candidate, position=position)
    interview.participants.create(user=interviewer, role="interviewer")
    FeedbackFactory(interview=interview, author=recruiter, rating=2)
    assert "Score 2.0/5" in login(owner).get(reverse(board)).text
    html = login(interviewer).get(reverse(board)).text
    assert "Sofia" in html or "Data Engineer" in html
    assert "Score 2.0/5" not in html


@pytest.mark.parametrize("page_size", [5, 50])
def test_kanban_query_count_does_not_grow(
    owner_web, workspace, page_size, django_assert_num_queries
):
    for candidate in CandidateFactory.create_batch(page_size, workspace=workspace):
        interview = InterviewFactory(workspace=workspace, candidate=candidate)
        FeedbackFactory(interview=interview)
    # session, user, memberships, the column totals, the first cards of each column (with
    # their position, last stage change, interviews and average score), switcher.
    with django_assert_num_queries(6):
        owner_web.get(reverse("candidates:kanban"))


def test_kanban_cards_show_what_a_recruiter_decides_on(owner_web, owner, workspace):
    candidate = CandidateFactory(workspace=workspace, name="Sofia", source="Referral")
    soon = timezone.now() + dt.timedelta(days=3)
    interview = InterviewFactory(workspace=workspace, candidate=candidate, scheduled_at=soon)
    FeedbackFactory(interview=interview, rating=4)
    FeedbackFactory(interview=interview, rating=3)
    html = owner_web.get(reverse("candidates:kanban")).text
    card = html[html.index(f'id="card-{candidate.pk}"') :]
    card = card[: card.index("</article>")]
    assert "New in stage today" in card
    assert f"Next interview {soon:%b} {soon.day}" in card
    assert "Score 3.5/5" in card
    assert "Source: Referral" in card
    # The board is its own focusable, labelled scroll region.
    assert 'class="kanban" data-kanban role="region" tabindex="0" aria-label=' in html
    # Its "Move to…" menu offers the other stages; rejecting is a form that asks why.
    assert 'name="status" value="screening"' in card
    assert 'name="status" value="applied"' not in card
    assert 'name="rejection_reason" required' in card


def test_rejecting_from_the_board_needs_a_reason(owner_web, workspace):
    candidate = CandidateFactory(workspace=workspace)
    board = reverse("candidates:kanban")
    refused = owner_web.post(
        reverse("candidates:status", args=[candidate.pk]),
        {"status": "rejected", "rejection_reason": " ", "next": board},
    )
    assert refused.url == board
    candidate.refresh_from_db()
    assert candidate.status == "applied"
    moved = owner_web.post(
        reverse("candidates:status", args=[candidate.pk]),
        {"status": "rejected", "rejection_reason": "No visa", "next": f"{board}#card-x"},
    )
    assert moved.url == f"{board}#card-x"
    candidate.refresh_from_db()
    assert (candidate.status, candidate.rejection_reason) == ("rejected", "No visa")


def test_delete_removes_the_candidate(owner_web, workspace):
    candidate = CandidateFactory(workspace=workspace)
    assert owner_web.post(reverse("candidates:delete", args=[candidate.pk])).status_code == 302
    assert not Candidate.objects.exists()


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        ("owner", 200, 302),
        ("recruiter", 200, 302),
        ("interviewer", 200, 403),
        ("candidate", 404, 404),
        ("outsider", 404, 404),
    ],
)
def test_role_matrix(login, cast, workspace, role, read, write):
    candidate = CandidateFactory(workspace=workspace, name="Untouched", user=cast["candidate"])
    client = login(cast[role])
    if role != "outsider":
        assert client.get(reverse("candidates:list")).status_code == read
        assert client.get(reverse("candidates:kanban")).status_code == read
    # Even the candidate whose record this is: the portal is elsewhere.
    assert client.get(reverse("candidates:detail", args=[candidate.pk])).status_code == read
    status = client.post(reverse("candidates:status", args=[candidate.pk]), {"status": "hired"})
    assert status.status_code == write
    edit = client.post(
        reverse("candidates:edit", args=[candidate.pk]),
        {"name": "Changed", "email": candidate.email, "status": "applied"},
    )
    assert edit.status_code == write
    assert client.post(reverse("candidates:delete", args=[candidate.pk])).status_code == write
    if write != 302:
        candidate.refresh_from_db()
        assert (candidate.name, candidate.status) == ("Untouched", "applied")
