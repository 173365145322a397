"""A job-seeker's follow-ups (tick off, snooze), ghosted applications and offers compared."""

import datetime as dt

import pytest
from django.utils import timezone

from interview_tracker.models import ActivityEvent
from tests.factories import PositionFactory

pytestmark = pytest.mark.django_db
POSITIONS = "/api/v1/positions/"


def test_ticking_off_a_follow_up_clears_it_and_says_so(owner_client, workspace):
    position = PositionFactory(workspace=workspace, next_follow_up=timezone.localdate())

    response = owner_client.post(
        f"{POSITIONS}{position.pk}/follow-up/", {"action": "done"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["next_follow_up"] is None
    assert ActivityEvent.objects.filter(object_id=position.pk, verb="follow_up_done").exists()


def test_snoozing_moves_the_follow_up(owner_client, workspace):
    position = PositionFactory(workspace=workspace, next_follow_up=timezone.localdate())

    response = owner_client.post(
        f"{POSITIONS}{position.pk}/follow-up/", {"action": "snooze", "days": 7}, format="json"
    )
    bad = owner_client.post(
        f"{POSITIONS}{position.pk}/follow-up/", {"action": "snooze", "days": 5}, format="json"
    )
    missing = owner_client.post(
        f"{POSITIONS}{position.pk}/follow-up/", {"action": "snooze"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["next_follow_up"] == str(timezone.localdate() + dt.timedelta(days=7))
    assert bad.status_code == 422
    assert missing.status_code == 422
    assert "days" in missing.json()["error"]["field_errors"]


def test_ghosted_rejects_with_that_reason(owner_client, workspace):
    position = PositionFactory(
        workspace=workspace, status="screening", next_follow_up=timezone.localdate()
    )

    response = owner_client.post(f"{POSITIONS}{position.pk}/ghosted/")

    body = response.json()
    assert response.status_code == 200
    assert (body["status"], body["rejection_reason"], body["next_follow_up"]) == (
        "rejected",
        "ghosted",
        None,
    )


def test_a_hired_application_cannot_be_ghosted(owner_client, workspace):
    position = PositionFactory(workspace=workspace, status="hired")

    response = owner_client.post(f"{POSITIONS}{position.pk}/ghosted/")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "BUSINESS_LOGIC_ERROR"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("owner", 200),
        ("recruiter", 200),
        ("interviewer", 403),
        ("candidate", 404),
        ("outsider", 404),
    ],
)
def test_who_may_tick_off(who, status, cast, api_client_for, workspace):
    position = PositionFactory(workspace=workspace, next_follow_up=timezone.localdate())

    response = api_client_for(cast[who]).post(
        f"{POSITIONS}{position.pk}/follow-up/", {"action": "done"}, format="json"
    )

    assert response.status_code == status
    position.refresh_from_db()
    assert (position.next_follow_up is None) == (status == 200)


def test_offer_fields_are_written_and_read(owner_client, workspace):
    position = PositionFactory(workspace=workspace, status="offer")

    response = owner_client.patch(
        f"{POSITIONS}{position.pk}/",
        {"offer_salary": 92000, "offer_deadline": "2027-01-10", "offer_notes": "30 days holiday"},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["offer_salary"], body["offer_deadline"], body["offer_notes"]) == (
        92000,
        "2027-01-10",
        "30 days holiday",
    )


@pytest.fixture
def seeker(owner, workspace, client):
    owner.default_workspace = workspace
    owner.save(update_fields=["default_workspace"])
    client.force_login(owner)
    return client


def test_the_offer_page_compares_side_by_side(seeker, workspace):
    today = timezone.localdate()
    PositionFactory(
        workspace=workspace,
        status="offer",
        title="Later",
        offer_salary=80000,
        offer_deadline=today + dt.timedelta(days=9),
    )
    PositionFactory(
        workspace=workspace,
        status="offer",
        title="Sooner",
        offer_salary=95000,
        offer_deadline=today + dt.timedelta(days=2),
    )
    PositionFactory(workspace=workspace, status="interviewing", title="Not an offer")

    response = seeker.get("/positions/offers/")

    offers = response.context["offers"]
    assert [row["position"].title for row in offers] == ["Sooner", "Later"]
    assert [row["days_left"] for row in offers] == [2, 9]
    assert response.context["best_salary"] == 95000
    assert "Not an offer" not in response.content.decode()


def test_the_offer_page_keeps_its_query_count(seeker, workspace, django_assert_num_queries):
    PositionFactory(workspace=workspace, status="offer")
    seeker.get("/positions/offers/")
    # session; user; memberships; offers with companies; the switcher's memberships
    with django_assert_num_queries(5):
        seeker.get("/positions/offers/")
    for _ in range(5):
        PositionFactory(workspace=workspace, status="offer")
    with django_assert_num_queries(5):
        seeker.get("/positions/offers/")


def test_follow_up_buttons_on_the_page(seeker, workspace):
    position = PositionFactory(workspace=workspace, next_follow_up=timezone.localdate())

    snoozed = seeker.post(f"/positions/{position.pk}/follow-up/", {"action": "snooze", "days": "3"})
    position.refresh_from_db()
    assert snoozed.status_code == 302
    assert position.next_follow_up == timezone.localdate() + dt.timedelta(days=3)

    seeker.post(f"/positions/{position.pk}/follow-up/", {"action": "done"})
    position.refresh_from_db()
    assert position.next_follow_up is None


def test_today_ticks_off_a_follow_up_and_comes_back(seeker, workspace):
    workspace.kind = "job_search"
    workspace.save(update_fields=["kind"])
    position = PositionFactory(workspace=workspace, next_follow_up=timezone.localdate())

    today = seeker.get("/").content.decode()
    done = seeker.post(f"/positions/{position.pk}/follow-up/", {"action": "done", "next": "/"})

    assert f'action="/positions/{position.pk}/follow-up/"' in today
    assert done["Location"] == "/"
    position.refresh_from_db()
    assert position.next_follow_up is None
