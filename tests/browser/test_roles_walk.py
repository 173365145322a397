"""Every role of both workspace kinds walks every link of its menus on a phone-width screen: no
error answers, no sideways scrolling of the page, and no serious or critical axe-core finding.
Screenshots of each role's home, board and interview page at both widths land in
``$SCREENSHOT_DIR`` when it is set (to be looked at when the pages change)."""

import datetime as dt
import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from interview_tracker.models import Role, User
from tests.browser.helpers import log_in
from tests.factories import (
    CandidateFactory,
    CompanyFactory,
    ContactFactory,
    FeedbackFactory,
    InterviewFactory,
    MembershipFactory,
    ParticipantFactory,
    PositionFactory,
    QuestionFactory,
    UserFactory,
    WorkspaceFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # The live server's request threads leave SQLite connections to the garbage collector,
    # which may reclaim them during any later test; that warning is about the harness.
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SERIOUS = {"serious", "critical"}
AXE = Axe()


def hiring_data(workspace, owner, interviewer, candidate_user):
    company = CompanyFactory(workspace=workspace, name="Acme")
    opening = PositionFactory(
        workspace=workspace, company=company, title="Data Scientist", department="Data"
    )
    PositionFactory(workspace=workspace, company=company, title="Backend Engineer")
    now = timezone.now()
    sofia = None
    for n, status in enumerate(
        ["applied", "screening", "interviewing", "interviewing", "offer", "hired", "rejected"]
    ):
        candidate = CandidateFactory(
            workspace=workspace,
            position=opening,
            name=f"Candidate number {n} with a rather long name",
            status=status,
            source="LinkedIn",
        )
        sofia = sofia or candidate
    sofia.user = candidate_user
    sofia.save(update_fields=["user"])
    upcoming = InterviewFactory(
        workspace=workspace,
        title="Technical round",
        candidate=sofia,
        position=opening,
        scheduled_at=now + dt.timedelta(days=1),
    )
    for user, role in ((owner, "interviewer"), (interviewer, "interviewer")):
        ParticipantFactory(interview=upcoming, user=user, role=role)
    ParticipantFactory(interview=upcoming, user=candidate_user, role="candidate")
    past = InterviewFactory(
        workspace=workspace,
        title="Screening call",
        candidate=sofia,
        position=opening,
        status="completed",
        scheduled_at=now - dt.timedelta(days=2),
    )
    ParticipantFactory(interview=past, user=interviewer, role="interviewer")
    ParticipantFactory(interview=past, user=owner, role="interviewer")
    FeedbackFactory(interview=past, author=owner, rating=4)
    QuestionFactory(workspace=workspace)
    return upcoming


def job_search_data() -> tuple[User, object, object]:
    seeker = UserFactory(email="seeker@example.com")
    search = WorkspaceFactory(name="My job search", is_personal=True)
    MembershipFactory(user=seeker, workspace=search, role=Role.OWNER)
    seeker.default_workspace = search
    seeker.save(update_fields=["default_workspace"])
    company = CompanyFactory(workspace=search, name="Globex")
    application = None
    for n, status in enumerate(["applied", "screening", "interviewing", "offer", "rejected"]):
        position = PositionFactory(
            workspace=search,
            company=company,
            title=f"Senior Platform Engineer {n}",
            status=status,
            next_follow_up=timezone.localdate(),
        )
        application = application or position
        ContactFactory(workspace=search, position=position, name=f"Recruiter {n}")
    QuestionFactory(workspace=search)
    round_ = InterviewFactory(
        workspace=search,
        title="First round",
        position=application,
        scheduled_at=timezone.now() + dt.timedelta(days=2),
    )
    return seeker, round_, application


def menu_links(page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        ".nav-links a, .user-menu a, nav.subnav a", "els => els.map(e => e.getAttribute('href'))"
    )
    return list(dict.fromkeys(hrefs))


def check(page, url: str, problems: list[str]) -> None:
    response = page.goto(url)
    assert response is not None
    if response.status >= 400:
        problems.append(f"{url}: HTTP {response.status}")
        return
    page.wait_for_load_state("networkidle")
    wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if wide > 0:
        problems.append(f"{url}: the page scrolls sideways by {wide}px at 390px")
    results = AXE.run(page)
    for violation in results.response["violations"]:
        if violation["impact"] in SERIOUS:
            targets = [node["target"] for node in violation["nodes"][:3]]
            problems.append(f"{url}: axe {violation['id']} ({violation['impact']}) {targets}")


def shoot(page, name: str, url: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if not folder:
        return
    for label, size in (("1280", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(size)
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(Path(folder) / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(PHONE)


@pytest.fixture
def phone(browser, live_server, django_db_setup):
    # Axe is injected by evaluating its source; the page's CSP does not apply to the test.
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, bypass_csp=True)
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    context.close()


def walk(page, user, pages: dict[str, str]) -> list[str]:
    log_in(page, user)
    problems: list[str] = []
    seen: set[str] = set()
    queue = ["/", *menu_links(page)]
    while queue:
        url = queue.pop(0)
        if url in seen or not url.startswith("/") or url.startswith("/admin/"):
            continue
        seen.add(url)
        check(page, url, problems)
        queue += [link for link in menu_links(page) if link not in seen]
    for name, url in pages.items():
        if url not in seen:
            check(page, url, problems)
        shoot(page, name, url)
    return problems


@pytest.mark.parametrize("role", ["owner", "recruiter", "interviewer", "candidate"])
def test_each_role_of_a_hiring_team_walks_its_menus(phone, cast, workspace, role):
    interview = hiring_data(workspace, cast["owner"], cast["interviewer"], cast["candidate"])
    pages = {f"hiring-{role}-home": "/", f"hiring-{role}-interview": f"/interviews/{interview.pk}/"}
    if role != "candidate":
        pages[f"hiring-{role}-board"] = "/candidates/kanban/"
    problems = walk(phone, cast[role], pages)
    assert not problems, "\n".join(problems)


def test_a_job_seeker_walks_their_menus(phone):
    seeker, round_, application = job_search_data()
    pages = {
        "search-home": "/",
        "search-board": "/positions/kanban/",
        "search-interview": f"/interviews/{round_.pk}/",
        # Pages reached from within others, which overflowed a phone before.
        "search-application": f"/positions/{application.pk}/",
        "search-practice": "/questions/practice/?mode=random",
    }
    problems = walk(phone, seeker, pages)
    assert not problems, "\n".join(problems)


def test_the_api_docs_have_no_serious_accessibility_finding(phone):
    problems: list[str] = []
    for url in ("/api/docs/", "/api/redoc/"):
        check(phone, url, problems)
    assert not problems, "\n".join(problems)


def test_the_interview_page_after_a_form_error_stays_accessible(phone, cast, workspace):
    interview = hiring_data(workspace, cast["owner"], cast["interviewer"], cast["candidate"])
    log_in(phone, cast["interviewer"])
    phone.goto(f"/interviews/{interview.pk}/")
    scorecard = phone.locator("#scorecard")
    scorecard.get_by_label("Criterion").first.fill("Design")
    scorecard.get_by_role("button", name="Submit scorecard").click()
    error = phone.get_by_text("Choose an overall rating from 1 to 5.")
    error.wait_for()
    # What was typed is still there, next to the error.
    assert scorecard.get_by_label("Criterion").first.input_value() == "Design"
    problems: list[str] = []
    results = AXE.run(phone)
    for violation in results.response["violations"]:
        if violation["impact"] in SERIOUS:
            targets = [node["html"][:200] for node in violation["nodes"][:3]]
            problems.append(f"axe {violation['id']} ({violation['impact']}) {targets}")
    wide = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert not problems, "\n".join(problems)
    assert wide <= 0
