"""The dashboard per workspace kind and role: the menu, registration's kind, settings (password,
calendar feed, new workspace), the team page, the scorecards and contacts pages, the error
pages, and the links in e-mails."""

import io
import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from interview_tracker.mail import ConsoleEmailBackend
from interview_tracker.models import Membership, Role, User, Workspace, WorkspaceKind
from interview_tracker.navigation import links_for
from tests.conftest import PASSWORD
from tests.factories import (
    ContactFactory,
    FeedbackFactory,
    InterviewFactory,
    MembershipFactory,
    ParticipantFactory,
    PositionFactory,
    UserFactory,
    WorkspaceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def web(client):
    def login(user: User):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def job_seeker(db) -> User:
    user = UserFactory(email="seeker@example.com")
    search = WorkspaceFactory(name="My search", is_personal=True)
    MembershipFactory(user=user, workspace=search, role=Role.OWNER)
    user.default_workspace = search
    user.save(update_fields=["default_workspace"])
    return user


def menu(html: str) -> list[str]:
    nav = html[html.index('class="nav-links"') : html.index('class="nav-user"')]
    return re.findall(r'<a href="[^"]+"[^>]*>([^<]+)</a>', nav)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            "owner",
            [
                "Candidates",
                "Openings",
                "Interviews",
                "Scorecards",
                "Question bank",
                "Reports",
                "Team",
            ],
        ),
        (
            "recruiter",
            [
                "Candidates",
                "Openings",
                "Interviews",
                "Scorecards",
                "Question bank",
                "Reports",
                "Team",
            ],
        ),
        (
            "interviewer",
            ["Candidates", "Openings", "Interviews", "Scorecards", "Question bank", "Reports"],
        ),
        ("candidate", ["My interviews"]),
    ],
)
def test_a_hiring_teams_menu_follows_the_role(web, cast, role, expected):
    html = web(cast[role]).get(reverse("account-settings")).text
    assert menu(html) == expected
    # Import is in the account menu, for those who may import only.
    assert (reverse("imports:upload") in html) == (role in {"owner", "recruiter"})


def test_a_job_searchs_menu_names_its_own_areas(web, job_seeker):
    html = web(job_seeker).get(reverse("positions:list")).text
    assert menu(html) == [
        "Today",
        "Applications",
        "Interviews",
        "Contacts",
        "Prep",
        "Assistant",
        "Stats",
    ]
    assert '<a href="/positions/" aria-current="page">Applications</a>' in html


@pytest.mark.parametrize("role", ["owner", "recruiter", "interviewer", "candidate"])
@pytest.mark.parametrize("kind", ["hiring", "job_search"])
def test_no_menu_link_answers_an_error(web, cast, workspace, role, kind):
    Workspace.objects.filter(pk=workspace.pk).update(kind=kind)
    client = web(cast[role])
    for link in links_for(kind, role):
        assert client.get(link.url).status_code == 200, (role, kind, link.label)


def test_registration_asks_what_the_workspace_is_for(client):
    page = client.get(reverse("register")).text
    assert "I&#x27;m hiring" in page
    assert "I&#x27;m looking for a job" in page
    client.post(
        reverse("register"),
        {
            "email": "team@example.com",
            "password": "analytical-1843",
            "time_zone": "UTC",
            "workspace_kind": "hiring",
        },
    )
    user = User.objects.select_related("default_workspace").get(email="team@example.com")
    assert user.default_workspace.kind == WorkspaceKind.HIRING


def test_registration_defaults_to_a_job_search(client):
    client.post(
        reverse("register"),
        {"email": "me@example.com", "password": "analytical-1843", "time_zone": "UTC"},
    )
    user = User.objects.select_related("default_workspace").get(email="me@example.com")
    assert user.default_workspace.kind == WorkspaceKind.JOB_SEARCH


def test_the_password_is_changed_and_this_browser_stays_signed_in(web, owner):
    client = web(owner)
    wrong = client.post(
        reverse("password-change"),
        {"old_password": "nope", "new_password1": "x", "new_password2": "y"},
    )
    assert wrong.status_code == 422
    assert "Your old password was entered incorrectly" in wrong.text
    done = client.post(
        reverse("password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-season-of-interviews",
            "new_password2": "a-new-season-of-interviews",
        },
    )
    assert done.url == reverse("account-settings")
    owner.refresh_from_db()
    assert owner.check_password("a-new-season-of-interviews")
    assert client.get(reverse("account-settings")).status_code == 200
    assert SESSION_KEY in client.session


def test_the_calendar_feed_address_is_shown_and_rotated(web, owner):
    client = web(owner)
    old = owner.calendar_token
    html = client.get(reverse("account-settings")).text
    assert f"/interviews/calendar/{old}.ics" in html
    assert 'data-copy="#feed-url"' in html
    client.post(reverse("interviews:feed-rotate"))
    owner.refresh_from_db()
    assert owner.calendar_token != old
    assert client.get(reverse("interviews:feed", args=[old])).status_code == 404
    assert client.get(reverse("interviews:feed", args=[owner.calendar_token])).status_code == 200


@pytest.mark.parametrize("kind", ["hiring", "job_search"])
def test_a_new_workspace_of_either_kind_becomes_the_current_one(web, owner, kind):
    client = web(owner)
    response = client.post(reverse("workspace-new"), {"name": "Side project", "kind": kind})
    assert response.url == reverse("home")
    owner.refresh_from_db()
    created = Workspace.objects.get(name="Side project")
    assert (created.kind, owner.default_workspace_id) == (kind, created.pk)
    assert Membership.objects.get(workspace=created).role == Role.OWNER
    refused = client.post(reverse("workspace-new"), {"name": "", "kind": "circus"})
    assert refused.status_code == 422


def test_settings_query_count_is_constant(web, owner, django_assert_num_queries):
    client = web(owner)
    for size in (1, 6):
        while Membership.objects.filter(user=owner).count() < size:
            MembershipFactory(user=owner, workspace=WorkspaceFactory(), role=Role.RECRUITER)
        # session, user, the memberships (menu, switcher and the workspaces list)
        with django_assert_num_queries(3):
            assert client.get(reverse("account-settings")).status_code == 200


def test_an_owner_invites_changes_a_role_and_removes(
    web, owner, workspace, django_capture_on_commit_callbacks
):
    client = web(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("team"), {"email": "new.hire@example.com", "role": "interviewer"})
    membership = Membership.objects.select_related("user").get(
        user__email="new.hire@example.com", workspace=workspace
    )
    assert membership.role == Role.INTERVIEWER
    # The e-mail carries an absolute, one-click link to choose a first password.
    (message,) = mail.outbox
    assert re.search(r"http://127.0.0.1:8000/password-reset/\S+/\S+/", message.body)
    client.post(reverse("team-member-role", args=[membership.pk]), {"role": "recruiter"})
    membership.refresh_from_db()
    assert membership.role == Role.RECRUITER
    client.post(reverse("team-member-remove", args=[membership.pk]))
    assert not Membership.objects.filter(pk=membership.pk).exists()
    again = client.post(reverse("team"), {"email": owner.email, "role": "interviewer"})
    assert "already a member" in again.text


def test_the_last_owner_can_be_neither_demoted_nor_removed(web, owner):
    client = web(owner)
    own = Membership.objects.get(user=owner)
    client.post(reverse("team-member-role", args=[own.pk]), {"role": "interviewer"})
    page = client.get(reverse("team")).text
    assert "A workspace must keep at least one owner." in page
    client.post(reverse("team-member-remove", args=[own.pk]))
    assert Membership.objects.get(pk=own.pk).role == Role.OWNER


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        ("owner", 200, 302),
        ("recruiter", 200, 403),
        ("interviewer", 404, 404),
        ("candidate", 404, 404),
        # Their own workspace's team is theirs to see; ours is not.
        ("outsider", 200, 404),
    ],
)
def test_team_permission_walk(web, cast, workspace, role, read, write):
    client = web(cast[role])
    assert client.get(reverse("team")).status_code == read
    member = Membership.objects.get(user=cast["owner"], workspace=workspace)
    posted = client.post(reverse("team-member-role", args=[member.pk]), {"role": "owner"})
    assert posted.status_code == write


def test_a_job_search_has_no_team_page(web, job_seeker):
    assert web(job_seeker).get(reverse("team")).status_code == 404


def test_team_query_count_is_constant(web, owner, workspace, django_assert_num_queries):
    client = web(owner)
    for size in (2, 8):
        while Membership.objects.filter(workspace=workspace).count() < size:
            MembershipFactory(workspace=workspace, role=Role.INTERVIEWER)
        # session, user, roles, the workspace, the members with their users, the menu
        with django_assert_num_queries(6):
            assert client.get(reverse("team")).status_code == 200


def test_scorecards_lists_what_is_owed_and_what_was_written(web, interviewer, workspace):
    owed = InterviewFactory(workspace=workspace, title="Owed round", status="completed")
    ParticipantFactory(interview=owed, user=interviewer)
    done = InterviewFactory(workspace=workspace, title="Done round", status="completed")
    ParticipantFactory(interview=done, user=interviewer)
    FeedbackFactory(interview=done, author=interviewer, rating=4)
    html = web(interviewer).get(reverse("interviews:scorecards")).text
    assert html.index("Owed round") < html.index("Written by you")
    assert "4/5" in html


@pytest.mark.parametrize("size", [1, 6])
def test_scorecards_query_count_is_constant(
    web, interviewer, workspace, size, django_assert_num_queries
):
    for _ in range(size):
        interview = InterviewFactory(workspace=workspace, status="completed")
        ParticipantFactory(interview=interview, user=interviewer)
        written = InterviewFactory(workspace=workspace, status="completed")
        ParticipantFactory(interview=written, user=interviewer)
        FeedbackFactory(interview=written, author=interviewer)
    client = web(interviewer)
    # session, user, roles, owed (with candidate and position), written (with its interview),
    # the menu
    with django_assert_num_queries(6):
        client.get(reverse("interviews:scorecards"))


@pytest.mark.parametrize("size", [1, 6])
def test_contacts_query_count_is_constant(web, job_seeker, size, django_assert_num_queries):
    search = job_seeker.default_workspace
    for n in range(size):
        position = PositionFactory(workspace=search, title=f"Role {n}")
        ContactFactory(workspace=search, position=position, name=f"Recruiter {n}")
    client = web(job_seeker)
    # session, user, roles, COUNT(*), the page (with position and company), the menu
    with django_assert_num_queries(6):
        html = client.get(reverse("positions:contacts")).text
    assert "Recruiter 0" in html


def test_error_pages_use_the_layout_with_a_way_back(web, interviewer, workspace):
    client = web(interviewer)
    forbidden = client.post(reverse("positions:create"), {})
    assert forbidden.status_code == 403
    assert "Not allowed" in forbidden.text
    assert 'class="nav-links"' in forbidden.text
    assert "Back to home" in forbidden.text
    missing = client.get("/candidates/00000000-0000-0000-0000-000000000000/")
    assert missing.status_code == 404
    assert "Back to home" in missing.text


def test_the_console_backend_prints_links_whole():
    link = "http://127.0.0.1:8000/password-reset/" + "x" * 60 + "/set-password/"
    stream = io.StringIO()
    message = mail.EmailMessage(
        subject="s", body=f"Choose your password (é):\n\n{link}\n", to=["a@b.c"]
    )
    ConsoleEmailBackend(stream=stream).send_messages([message])
    printed = stream.getvalue()
    assert link in printed
    assert "quoted-printable" not in printed


def test_a_job_seekers_own_interview_shows_no_recruiter_tools(web, job_seeker, owner, workspace):
    search = job_seeker.default_workspace
    application = PositionFactory(workspace=search)
    own = InterviewFactory(
        workspace=search, title="First round", candidate=None, position=application
    )
    html = web(job_seeker).get(reverse("interviews:detail", args=[own.pk])).text
    assert "First round" in html
    for tool in ('id="participants-heading"', 'id="scorecard"', 'id="messages"'):
        assert tool not in html
    team = InterviewFactory(workspace=workspace)
    html = web(owner).get(reverse("interviews:detail", args=[team.pk])).text
    for tool in ('id="participants-heading"', 'id="scorecard"', 'id="messages"'):
        assert tool in html
