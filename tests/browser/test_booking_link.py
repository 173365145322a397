"""A candidate without an account books, moves and cancels an interview through a booking
link, on a phone, in their own time zone; every page of the link is accessible.

The steps are small helpers (``open_link``, ``book_first_time``, ``move_to_another_time``,
``cancel_interview``) so a check of an outside calendar can go between them.
"""

import datetime as dt
import os
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from integrations.services import calendar_connect
from interviews import services
from interviews.calendar import uid_of
from interviews.models import BookingLink, Interview, Participant
from tests.factories import CandidateFactory, InterviewFactory, ParticipantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Axe()
SERIOUS = {"serious", "critical"}
PARIS = ZoneInfo("Europe/Paris")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def booking_round(workspace, owner, interviewer):
    """An hour with `interviewer` (weekdays 09:00-17:00 UTC by default), provisionally three
    weeks ahead, for a candidate who has no account."""
    candidate = CandidateFactory(workspace=workspace, name="Ada Lovelace", email="ada@example.com")
    interview = InterviewFactory(
        workspace=workspace,
        candidate=candidate,
        title="Technical round",
        scheduled_at=timezone.now() + dt.timedelta(days=21),
        notes="Internal: compare with the other finalist",
        created_by=owner,
    )
    ParticipantFactory(interview=interview, user=interviewer, role=Participant.Role.INTERVIEWER)
    return interview


def offer(interview, owner) -> str:
    """A link offering the next week's free times; its path."""
    now = timezone.now()
    _, token = services.booking_link_create(
        actor=owner, interview=interview, zone=PARIS, window=(now, now + dt.timedelta(days=7))
    )
    return f"/book/{token}/"


@pytest.fixture
def candidate_page(django_db_setup, browser, live_server):
    """A phone whose browser lives in Paris and has never signed in."""
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, timezone_id="Europe/Paris"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    # The cancel form asks first; the candidate says yes.
    page.on("dialog", lambda dialog: dialog.accept())
    yield page
    context.close()


def accessible(page) -> None:
    """No sideways scrolling and no serious or critical axe finding on the page as it is."""
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    problems = [
        f"axe {v['id']} ({v['impact']}) {[n['html'][:160] for n in v['nodes'][:3]]}"
        for v in AXE.run(page).response["violations"]
        if v["impact"] in SERIOUS
    ]
    assert not problems, "\n".join(problems)


def shoot(page, name: str, part: str = "") -> None:
    """With SCREENSHOT_DIR set, the whole page (or its ``part``, a selector) as a PNG there."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        path = str(Path(folder) / f"booking-{name}-{page.viewport_size['width']}.png")
        if part:
            page.locator(part).screenshot(path=path)
        else:
            page.screenshot(path=path, full_page=True)


def open_link(page, path: str) -> None:
    """Open the link; the page switches to the browser's zone by itself."""
    page.goto(path)
    page.wait_for_url("**tz=Europe%2FParis")
    assert page.get_by_label("Times are shown in").input_value() == "Europe/Paris"


def book_first_time(page, interview) -> dt.datetime:
    """Book the first offered time; the page confirms it, the interview holds it."""
    button = page.locator(".booking-slots button").first
    start = dt.datetime.fromisoformat(button.get_attribute("value"))
    assert start.utcoffset() == start.astimezone(PARIS).utcoffset()  # shown in Paris time
    button.click()
    page.get_by_role("heading", name="Your interview is booked").wait_for()
    assert start.strftime("%H:%M") in page.locator("#booked-time").inner_text()
    interview.refresh_from_db()
    assert interview.scheduled_at == start
    assert BookingLink.objects.get(interview=interview).status == "booked"
    return start


def move_to_another_time(page, interview, previous: dt.datetime) -> dt.datetime:
    """Move the booked interview to the last offered time."""
    sequence = Interview.objects.get(pk=interview.pk).sequence
    button = page.locator(".booking-slots button").last
    start = dt.datetime.fromisoformat(button.get_attribute("value"))
    assert start != previous
    button.click()
    page.wait_for_load_state()
    page.get_by_role("heading", name="Your interview is booked").wait_for()
    assert start.strftime("%H:%M") in page.locator("#booked-time").inner_text()
    interview.refresh_from_db()
    assert (interview.scheduled_at, interview.sequence) == (start, sequence + 1)
    return start


def cancel_interview(page, interview) -> None:
    page.get_by_role("button", name="Cancel the interview").click()
    page.get_by_role("heading", name="This interview is cancelled").wait_for()
    interview.refresh_from_db()
    assert interview.status == Interview.Status.CANCELLED
    assert BookingLink.objects.get(interview=interview).status == "cancelled"


def test_a_candidate_books_moves_and_cancels_on_a_phone(
    candidate_page, booking_round, owner, interviewer
):
    path = offer(booking_round, owner)
    open_link(candidate_page, path)
    page_text = candidate_page.content()
    for internal in ("compare with the other finalist", interviewer.email, "Acme Recruiting"):
        assert internal not in page_text
    accessible(candidate_page)
    first = book_first_time(candidate_page, booking_round)
    accessible(candidate_page)
    move_to_another_time(candidate_page, booking_round, first)
    cancel_interview(candidate_page, booking_round)
    accessible(candidate_page)


def test_the_interviewers_calendar_follows_the_booking(
    candidate_page, booking_round, owner, interviewer, radicale_calendar
):
    """The interviewer's own CalDAV calendar (Radicale, started by the suite) holds the event
    once the candidate books, the same event (UID) with a higher SEQUENCE once they move it,
    and nothing once they cancel."""
    calendar_connect(
        user=interviewer,
        url=radicale_calendar.url,
        username=radicale_calendar.user,
        password=radicale_calendar.password,
    )
    uid = uid_of(booking_round)
    open_link(candidate_page, offer(booking_round, owner))

    first = book_first_time(candidate_page, booking_round)
    booked = radicale_calendar.event(uid)
    assert booked is not None
    assert booked.decoded("DTSTART") == first

    second = move_to_another_time(candidate_page, booking_round, first)
    assert [str(event["UID"]) for event in radicale_calendar.events()] == [uid]
    moved = radicale_calendar.event(uid)
    assert int(moved["SEQUENCE"]) > int(booked["SEQUENCE"])
    assert moved.decoded("DTSTART") == second

    cancel_interview(candidate_page, booking_round)
    assert radicale_calendar.events() == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_every_page_of_a_link_is_accessible(
    candidate_page, logged_in_page, booking_round, owner, interviewer, workspace, viewport
):
    team = logged_in_page
    team.set_viewport_size(viewport)
    team.goto(f"/interviews/{booking_round.pk}/")
    team.get_by_role("button", name="Offer free times").click()
    url = team.get_by_label("Booking link (shown once: copy it now)").input_value()
    shoot(team, "offer", "#booking")
    accessible(team)

    page = candidate_page
    page.set_viewport_size(viewport)
    open_link(page, urlsplit(url).path)
    shoot(page, "choose")
    # Someone else takes the first time meanwhile: the page says so and offers the others.
    button = page.locator(".booking-slots button").first
    start = dt.datetime.fromisoformat(button.get_attribute("value"))
    other = InterviewFactory(
        workspace=workspace, candidate=booking_round.candidate, scheduled_at=start
    )
    ParticipantFactory(interview=other, user=interviewer, role=Participant.Role.INTERVIEWER)
    button.click()
    page.get_by_text("That time was just taken.").wait_for()
    shoot(page, "taken")
    accessible(page)
    book_first_time(page, booking_round)
    shoot(page, "booked")
    cancel_interview(page, booking_round)
    shoot(page, "cancelled")

    expired = offer(other, owner)
    BookingLink.objects.filter(interview=other).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    page.goto(expired)
    page.get_by_role("heading", name="This link has expired").wait_for()
    shoot(page, "expired")
    accessible(page)
