"""Dashboard pages of positions and the catalogs."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from interview_tracker.models import ActivityEvent, StatusChange, Workspace, WorkspaceKind
from positions.models import Company, Contact, CVVersion, JobRole, Position, Skill
from tests.factories import (
    CompanyFactory,
    ContactFactory,
    CVVersionFactory,
    JobRoleFactory,
    PositionFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _a_job_search(workspace):
    """These pages as a job-seeker sees them (applications); openings are tested at the end."""
    Workspace.objects.filter(pk=workspace.pk).update(kind=WorkspaceKind.JOB_SEARCH)


def test_list_shows_positions_of_the_current_workspace(owner_web, workspace, other_workspace):
    PositionFactory(workspace=workspace, title="Mine")
    PositionFactory(workspace=other_workspace, title="Theirs")
    response = owner_web.get(reverse("positions:list"))
    assert response.status_code == 200
    assert "Mine" in response.text
    assert "Theirs" not in response.text


def test_the_empty_list_says_what_to_do_next(owner_web, workspace):
    response = owner_web.get(reverse("positions:list"))
    assert "Add the first position" in response.text
    response = owner_web.get(reverse("positions:list") + "?status=offer")
    assert "Clear the filters" in response.text


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("status=interviewing", "Python Dev", "Go Dev"),
        ("company=acme", "Python Dev", "Go Dev"),
        ("q=go", "Go Dev", "Python Dev"),
        ("tags=backend", "Python Dev", "Go Dev"),
        ("is_remote=true", "Go Dev", "Python Dev"),
    ],
)
def test_filters_narrow_the_table(owner_web, workspace, query, shown, hidden):
    PositionFactory(
        workspace=workspace,
        title="Python Dev",
        status="interviewing",
        company=CompanyFactory(workspace=workspace, name="Acme"),
        tags=["backend"],
    )
    PositionFactory(workspace=workspace, title="Go Dev", is_remote=True)
    text = owner_web.get(f"{reverse('positions:list')}?{query}").text
    assert shown in text
    assert hidden not in text


def test_htmx_requests_get_the_results_partial(owner_web, workspace):
    PositionFactory(workspace=workspace, title="Python Dev")
    response = owner_web.get(reverse("positions:list"), headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith('<div id="results"')
    assert "<html" not in response.text
    assert "Python Dev" in response.text


def test_sorting_by_title(owner_web, workspace):
    PositionFactory(workspace=workspace, title="Beta")
    PositionFactory(workspace=workspace, title="Alpha")
    text = owner_web.get(reverse("positions:list") + "?sort=title").text
    assert text.index("Alpha") < text.index("Beta")
    text = owner_web.get(reverse("positions:list") + "?sort=-title").text
    assert text.index("Beta") < text.index("Alpha")


@pytest.mark.parametrize("page_size", [5, 50])
def test_list_query_count_is_constant(owner_web, workspace, page_size, django_assert_num_queries):
    PositionFactory.create_batch(60, workspace=workspace)
    # session, user, memberships (role), COUNT(*), the page with its stats, the header's
    # workspace switcher.
    with django_assert_num_queries(6):
        owner_web.get(f"{reverse('positions:list')}?page_size={page_size}")


@pytest.mark.parametrize("page_size", [5, 50])
def test_catalog_and_follow_up_query_counts_are_constant(
    owner_web, workspace, page_size, django_assert_num_queries
):
    past = timezone.localdate() - dt.timedelta(days=1)
    PositionFactory.create_batch(60, workspace=workspace, next_follow_up=past)
    JobRoleFactory.create_batch(60, workspace=workspace)
    # session, user, memberships, COUNT(*), page, switcher.
    with django_assert_num_queries(6):
        owner_web.get(f"{reverse('positions:follow-ups')}?page_size={page_size}")
    # session, user, memberships, COUNT(*), page, typical skills, role's skills field choices
    # (the add form), switcher.
    with django_assert_num_queries(8):
        owner_web.get(f"{reverse('positions:roles')}?page_size={page_size}")


def test_create_finds_or_creates_the_company_and_records_activity(owner_web, workspace):
    CompanyFactory(workspace=workspace, name="Acme")
    response = owner_web.post(
        reverse("positions:create"),
        {"title": "Backend Engineer", "company_name": "ACME", "status": "applied", "tags": "a, b"},
    )
    position = Position.objects.select_related("company").get()
    assert response.status_code == 302
    assert response.url == reverse("positions:detail", args=[position.pk])
    assert position.company.name == "Acme"
    assert position.tags == ["a", "b"]
    assert ActivityEvent.objects.filter(object_id=position.pk, verb="created").exists()


def test_form_errors_show_next_to_the_fields(owner_web, workspace):
    response = owner_web.post(
        reverse("positions:create"),
        {
            "title": "",
            "company_name": "Acme",
            "status": "rejected",
            "rejection_reason": "",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"title"}
    assert not Position.objects.exists()


def test_edit_saves_and_status_changes_are_recorded(owner_web, owner, workspace):
    position = PositionFactory(workspace=workspace, title="Old")
    response = owner_web.post(
        reverse("positions:edit", args=[position.pk]),
        {
            "title": "New",
            "company_name": position.company.name,
            "status": "screening",
            "next_follow_up": "2030-01-01",
        },
    )
    assert response.status_code == 302
    position.refresh_from_db()
    assert (position.title, position.status) == ("New", "screening")
    assert position.next_follow_up == dt.date(2030, 1, 1)
    assert StatusChange.objects.get(object_id=position.pk).changed_by == owner


def test_detail_shows_history_contacts_timeline_and_panels(owner_web, workspace):
    position = PositionFactory(workspace=workspace)
    ContactFactory(workspace=workspace, position=position, name="Jane Recruiter")
    owner_web.post(reverse("positions:status", args=[position.pk]), {"status": "offer"})
    response = owner_web.get(reverse("positions:detail", args=[position.pk]))
    assert response.status_code == 200
    assert "Jane Recruiter" in response.text
    assert "Status changed from applied to offer" in response.text
    assert 'class="badge badge-offer"' in response.text


def test_status_post_redirects_to_next_and_ignores_foreign_urls(owner_web, workspace):
    position = PositionFactory(workspace=workspace)
    url = reverse("positions:status", args=[position.pk])
    response = owner_web.post(url, {"status": "screening", "next": "/positions/kanban/"})
    assert response.url == "/positions/kanban/"
    response = owner_web.post(url, {"status": "offer", "next": "https://evil.example/"})
    assert response.url == reverse("positions:detail", args=[position.pk])
    assert list(
        StatusChange.objects.filter(object_id=position.pk).values_list("to_status", flat=True)
    ) == ["screening", "offer"]


def test_contacts_are_added_edited_and_deleted_inline(owner_web, workspace):
    position = PositionFactory(workspace=workspace)
    owner_web.post(reverse("positions:contact-create", args=[position.pk]), {"name": "Jane"})
    contact = Contact.objects.get()
    edit = reverse("positions:contact-edit", args=[position.pk, contact.pk])
    assert owner_web.get(edit).status_code == 200
    owner_web.post(edit, {"name": "Jane Doe", "email": "jane@example.com"})
    contact.refresh_from_db()
    assert contact.email == "jane@example.com"
    bad = owner_web.post(edit, {"name": "Jane", "email": "nope"})
    assert "email" in bad.context["form"].errors
    owner_web.post(reverse("positions:contact-delete", args=[position.pk, contact.pk]))
    assert not Contact.objects.exists()


def test_delete_position(owner_web, workspace):
    position = PositionFactory(workspace=workspace)
    response = owner_web.post(reverse("positions:delete", args=[position.pk]))
    assert response.url == reverse("positions:list")
    assert not Position.objects.exists()


def test_follow_ups_lists_due_active_positions_only(owner_web, workspace):
    today = timezone.localdate()
    PositionFactory(workspace=workspace, title="Due", next_follow_up=today)
    PositionFactory(
        workspace=workspace, title="Overdue", next_follow_up=today - dt.timedelta(days=3)
    )
    PositionFactory(workspace=workspace, title="Later", next_follow_up=today + dt.timedelta(days=3))
    PositionFactory(workspace=workspace, title="Closed", next_follow_up=today, status="rejected")
    text = owner_web.get(reverse("positions:follow-ups")).text
    assert "Due" in text
    assert "Overdue" in text
    assert "Later" not in text
    assert "Closed" not in text


def test_kanban_groups_by_status_with_a_status_menu(owner_web, workspace):
    position = PositionFactory(workspace=workspace, title="On the board", status="offer")
    text = owner_web.get(reverse("positions:kanban")).text
    column = text.index('data-status="offer"')
    assert text.index("On the board") > column
    assert f'action="{reverse("positions:status", args=[position.pk])}"' in text
    assert "js/pipeline.js" in text


@pytest.mark.parametrize(
    ("kind", "data", "model"),
    [
        ("companies", {"name": "Acme", "website": "https://acme.io"}, Company),
        ("skills", {"name": "Go", "skill_type": "technical", "market_demand": "high"}, Skill),
        ("roles", {"name": "Backend Engineer"}, JobRole),
    ],
)
def test_catalog_pages_create_edit_and_refuse_duplicates(owner_web, workspace, kind, data, model):
    url = reverse(f"positions:{kind}")
    assert "yet" in owner_web.get(url).text
    assert owner_web.post(url, data).status_code == 302
    obj = model.objects.get()
    assert data["name"] in owner_web.get(url).text
    duplicate = owner_web.post(url, {**data, "name": data["name"].upper()})
    assert "already exists" in duplicate.text
    assert model.objects.count() == 1
    edit = reverse(f"positions:{kind}-edit", args=[obj.pk])
    assert owner_web.post(edit, {**data, "name": "Renamed"}).status_code == 302
    obj.refresh_from_db()
    assert obj.name == "Renamed"


def test_a_company_in_use_is_not_deleted_and_the_page_says_why(owner_web, workspace):
    position = PositionFactory(workspace=workspace)
    response = owner_web.post(
        reverse("positions:companies-delete", args=[position.company_id]), follow=True
    )
    assert "used by 1 record" in response.text
    assert Company.objects.exists()


def test_cv_versions_page_uploads_and_checks_the_type(owner_web, workspace):
    url = reverse("positions:cv-versions")
    ok = owner_web.post(url, {"label": "Backend", "file": SimpleUploadedFile("cv.pdf", b"%PDF")})
    assert ok.status_code == 302
    assert CVVersion.objects.get().file.name.endswith(".pdf")
    bad = owner_web.post(url, {"label": "Bad", "file": SimpleUploadedFile("cv.exe", b"MZ")})
    assert "Unsupported file type" in bad.text
    assert CVVersion.objects.count() == 1
    assert "cv.pdf" in owner_web.get(url).text or "Backend" in owner_web.get(url).text


# Roles ---------------------------------------------------------------------------------------


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
    position = PositionFactory(workspace=workspace, title="Untouched")
    skill = SkillFactory(workspace=workspace)
    cv = CVVersionFactory(workspace=workspace)
    client = login(cast[role])
    if role != "outsider":
        for name in ["list", "kanban", "follow-ups", "companies", "roles", "skills", "cv-versions"]:
            assert client.get(reverse(f"positions:{name}")).status_code == read, name
    assert client.get(reverse("positions:detail", args=[position.pk])).status_code == read
    edit = client.post(
        reverse("positions:edit", args=[position.pk]),
        {"title": "Changed", "company_name": "X", "status": "applied"},
    )
    assert edit.status_code == write
    status = client.post(reverse("positions:status", args=[position.pk]), {"status": "offer"})
    assert status.status_code == write
    contact = client.post(reverse("positions:contact-create", args=[position.pk]), {"name": "J"})
    assert contact.status_code == write
    assert client.post(reverse("positions:skills-delete", args=[skill.pk])).status_code == write
    assert client.post(reverse("positions:cv-versions-delete", args=[cv.pk])).status_code == write
    if write != 302:
        position.refresh_from_db()
        assert (position.title, position.status) == ("Untouched", "applied")
        assert not Contact.objects.exists()
        assert Skill.objects.filter(pk=skill.pk).exists()
        assert CVVersion.objects.filter(pk=cv.pk).exists()


def test_interviewers_see_no_write_buttons(login, interviewer, workspace):
    position = PositionFactory(workspace=workspace)
    client = login(interviewer)
    assert "New position" not in client.get(reverse("positions:list")).text
    detail = client.get(reverse("positions:detail", args=[position.pk])).text
    assert "Change status" not in detail
    assert "Add a contact" not in detail
    assert client.get(reverse("positions:create")).status_code == 403


def test_anonymous_users_are_sent_to_log_in(client, workspace):
    response = client.get(reverse("positions:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("name", "make", "queries"),
    [
        # session, user, memberships, COUNT(*), page, switcher.
        ("companies", CompanyFactory, 6),
        ("skills", SkillFactory, 6),
        # ... plus the CV file's storage needs no query.
        ("cv-versions", CVVersionFactory, 6),
        # session, user, memberships, the column totals, the first cards of each column with
        # their companies, switcher.
        ("kanban", PositionFactory, 6),
    ],
)
@pytest.mark.parametrize("page_size", [5, 50])
def test_other_list_pages_have_constant_query_counts(
    owner_web, workspace, name, make, queries, page_size, django_assert_num_queries
):
    make.create_batch(page_size + 5, workspace=workspace)
    with django_assert_num_queries(queries):
        owner_web.get(f"{reverse('positions:' + name)}?page_size={page_size}")


def test_the_application_form_asks_only_what_a_job_seeker_tracks(owner_web):
    form = owner_web.get(reverse("positions:create")).context["form"]
    assert "status" in form.fields
    assert "next_follow_up" in form.fields
    assert not {"opening_status", "hiring_manager", "headcount", "department"} & set(form.fields)
    html = owner_web.get(reverse("positions:create")).text
    assert "New application" in html
    assert "Job posting link" in html
    assert "Url:" not in html


def test_an_opening_form_asks_what_a_hiring_team_needs(owner_web, owner, workspace, outsider):
    Workspace.objects.filter(pk=workspace.pk).update(kind=WorkspaceKind.HIRING)
    response = owner_web.get(reverse("positions:create"))
    form = response.context["form"]
    assert {"opening_status", "hiring_manager", "headcount", "department"} <= set(form.fields)
    assert not {"status", "application_date", "next_follow_up", "cv_version", "url"} & set(
        form.fields
    )
    assert len(form.fields) < 23
    # Only members of the team can be its hiring manager.
    assert list(form.fields["hiring_manager"].queryset) == [owner]
    assert "New opening" in response.text
    refused = owner_web.post(
        reverse("positions:create"),
        {
            "title": "X",
            "company_name": "Acme",
            "opening_status": "open",
            "headcount": "1",
            "salary_min": 9,
            "salary_max": 1,
        },
    )
    assert refused.context["form"].errors.keys() == {"salary_max"}
    created = owner_web.post(
        reverse("positions:create"),
        {
            "title": "Data Scientist",
            "department": "Data",
            "company_name": "Acme",
            "opening_status": "open",
            "hiring_manager": str(owner.pk),
            "headcount": "2",
        },
    )
    position = Position.objects.select_related("hiring_manager").get()
    assert created.url == reverse("positions:detail", args=[position.pk])
    assert (position.department, position.headcount, position.hiring_manager) == (
        "Data",
        2,
        owner,
    )


@pytest.mark.parametrize("size", [3, 30])
def test_the_applications_board_query_count_is_constant(
    owner_web, workspace, size, django_assert_num_queries
):
    for n in range(size):
        PositionFactory(workspace=workspace, status=["applied", "offer", "rejected"][n % 3])
    # session, user, memberships, the column totals, the first cards of each column (with
    # company, last stage change, interviews and scores), the menu.
    with django_assert_num_queries(6):
        response = owner_web.get(reverse("positions:kanban"))
    assert "Applications board" in response.text
