"""Offers: draft → approved → sent → accepted | declined, withdrawn from any open state; the
approver rule, the candidate's answer in the portal, hiring and filling the opening."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from interview_tracker.models import ActivityEvent, Membership
from interview_tracker.services import member_change_role, member_remove
from interviews.models import Offer
from interviews.permissions import can_approve_offer
from tests.conftest import _member
from tests.factories import CandidateFactory, OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal_candidate(candidate, candidate_user):
    candidate.user = candidate_user
    candidate.save(update_fields=["user"])
    return candidate


@pytest.fixture
def offer(workspace, portal_candidate, position):
    return OfferFactory(workspace=workspace, candidate=portal_candidate, position=position)


def at(offer, action=""):
    return f"/api/v1/offers/{offer.pk}/{action + '/' if action else ''}"


def move(offer, status):
    Offer.objects.filter(pk=offer.pk).update(status=status)


def test_draft_an_offer(recruiter_client, portal_candidate, position, recruiter, workspace):
    response = recruiter_client.post(
        "/api/v1/offers/",
        {
            "candidate": str(portal_candidate.pk),
            "salary": "90000.00",
            "currency": "eur",
            "start_date": "2027-02-01",
            "notes": "Relocation paid",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    offer = Offer.objects.get()
    assert response.json() == {
        "id": str(offer.pk),
        "workspace": str(workspace.pk),
        "candidate": str(portal_candidate.pk),
        "candidate_name": "Grace Hopper",
        "position": str(position.pk),
        "position_title": "Backend Engineer",
        "salary": "90000.00",
        "currency": "EUR",
        "start_date": "2027-02-01",
        "expires_at": None,
        "notes": "Relocation paid",
        "status": "draft",
        "approver": None,
        "created_by": str(recruiter.pk),
        "created_at": response.json()["created_at"],
        "updated_at": response.json()["updated_at"],
    }


def test_the_whole_way_to_hired_and_filled(
    owner_client,
    candidate_client,
    offer,
    portal_candidate,
    position,
    django_capture_on_commit_callbacks,
):
    assert owner_client.post(at(offer, "approve")).json()["status"] == "approved"
    with django_capture_on_commit_callbacks(execute=True):
        assert owner_client.post(at(offer, "send")).json()["status"] == "sent"
    [message] = mail.outbox
    assert message.to == [portal_candidate.email]
    assert "Backend Engineer" in message.subject
    assert candidate_client.get(at(offer)).status_code == 200
    accepted = candidate_client.post(at(offer, "accept"))
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    portal_candidate.refresh_from_db()
    position.refresh_from_db()
    assert (portal_candidate.status, position.opening_status) == ("hired", "filled")
    verbs = set(
        ActivityEvent.objects.filter(object_id=portal_candidate.pk).values_list("verb", flat=True)
    )
    assert {"offer_approved", "offer_sent", "offer_accepted", "status_changed"} <= verbs


def test_a_candidate_the_team_rejected_meanwhile_cannot_accept_the_sent_offer(
    owner_client, candidate_client, offer, portal_candidate, position
):
    move(offer, Offer.Status.SENT)
    decided = owner_client.post(
        f"/api/v1/candidates/{portal_candidate.pk}/decision",
        {"decision": "reject", "reason": "Went with another finalist"},
        format="json",
    )
    assert decided.status_code == 201, decided.content
    refused = candidate_client.post(at(offer, "accept"))
    assert refused.status_code == 400
    assert refused.json()["error"]["message"] == (
        "This offer can no longer be accepted: the candidate is rejected."
    )
    offer.refresh_from_db()
    portal_candidate.refresh_from_db()
    position.refresh_from_db()
    assert (offer.status, portal_candidate.status) == ("sent", "rejected")
    assert position.opening_status != "filled"


def test_the_opening_stays_open_below_its_headcount(
    candidate_client, offer, position, django_capture_on_commit_callbacks
):
    position.headcount = 2
    position.save(update_fields=["headcount"])
    move(offer, "sent")
    candidate_client.post(at(offer, "accept"))
    position.refresh_from_db()
    assert position.opening_status == "open"


def test_decline(candidate_client, offer, portal_candidate):
    move(offer, "sent")
    assert candidate_client.post(at(offer, "decline")).json()["status"] == "declined"
    portal_candidate.refresh_from_db()
    assert portal_candidate.status != "hired"


def test_an_expired_offer_cannot_be_accepted(candidate_client, offer):
    move(offer, "sent")
    Offer.objects.filter(pk=offer.pk).update(expires_at=timezone.now() - dt.timedelta(hours=1))
    response = candidate_client.post(at(offer, "accept"))
    assert response.status_code == 400
    assert "expired" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("status", "action", "to"),
    [
        ("draft", "send", "sent"),
        ("approved", "approve", "approved"),
        ("accepted", "withdraw", "withdrawn"),
        ("withdrawn", "approve", "approved"),
    ],
)
def test_illegal_transitions_are_400_naming_both_states(owner_client, offer, status, action, to):
    move(offer, status)
    response = owner_client.post(at(offer, action))
    assert response.status_code == 400
    body = response.json()["error"]
    assert body["message"] == f"Cannot move the offer from {status} to {to}."
    assert body["details"] == {"from": status, "to": to}


def test_the_candidate_cannot_answer_an_unsent_offer(candidate_client, offer):
    move(offer, "approved")
    assert candidate_client.post(at(offer, "accept")).status_code == 404


def test_a_named_approver_approves_and_a_recruiter_does_not(
    recruiter_client, api_client_for, workspace, offer
):
    assert recruiter_client.post(at(offer, "approve")).status_code == 403
    manager = _member(workspace, "interviewer", "hiring.manager@example.com")
    offer.approver = manager
    offer.save(update_fields=["approver"])
    response = api_client_for(manager).post(at(offer, "approve"))
    assert response.status_code == 200
    assert response.json()["status"] == "approved"


@pytest.mark.parametrize("leaves", ["removed", "made a candidate member"])
def test_an_approver_who_left_the_team_neither_reads_nor_approves_the_offer(
    api_client_for, workspace, offer, leaves
):
    manager = _member(workspace, "interviewer", "hiring.manager@example.com")
    offer.approver = manager
    offer.save(update_fields=["approver"])
    membership = Membership.objects.get(workspace=workspace, user=manager)
    if leaves == "removed":
        member_remove(membership=membership)
    else:
        member_change_role(membership=membership, role="candidate")
    client = api_client_for(manager)
    assert client.get("/api/v1/offers/").json()["count"] == 0
    assert client.get(at(offer)).status_code == 404
    assert client.post(at(offer, "approve")).status_code == 404
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DRAFT
    assert not can_approve_offer(manager, offer)


def test_only_drafts_are_edited(recruiter_client, offer):
    assert recruiter_client.patch(at(offer), {"salary": "95000"}).json()["salary"] == "95000.00"
    move(offer, "approved")
    response = recruiter_client.patch(at(offer), {"salary": "99000"})
    assert response.status_code == 400
    assert "approved" in response.json()["error"]["message"]


def test_withdraw_from_sent(recruiter_client, candidate_client, offer):
    move(offer, "sent")
    assert recruiter_client.post(at(offer, "withdraw")).json()["status"] == "withdrawn"
    assert candidate_client.post(at(offer, "accept")).status_code == 404


def test_filter_offers_by_status_both_ways(recruiter_client, offer):
    assert recruiter_client.get("/api/v1/offers/?status=draft").json()["count"] == 1
    assert recruiter_client.get("/api/v1/offers/?status=sent").json()["count"] == 0


@pytest.mark.parametrize(
    ("role", "draft", "sent", "create", "answer"),
    [
        ("owner", 200, 200, 201, 403),
        ("recruiter", 200, 200, 201, 403),
        ("interviewer", 404, 404, 403, 404),
        ("candidate", 404, 200, 422, 200),
        ("outsider", 404, 404, 422, 404),
    ],
)
def test_offer_permission_walk(
    client_for, role, draft, sent, create, answer, workspace, offer, position
):
    client = client_for(role)
    assert client.get(at(offer)).status_code == draft
    listed = client.get("/api/v1/offers/").json()["count"]
    assert listed == (1 if draft == 200 else 0)
    other = CandidateFactory(workspace=workspace, position=position)
    created = client.post(
        "/api/v1/offers/",
        {"candidate": str(other.pk), "salary": "1", "currency": "EUR"},
        format="json",
    )
    # Candidates and outsiders cannot see the candidate they name: 422 "does not exist".
    assert created.status_code == create
    move(offer, "sent")
    assert client.get(at(offer)).status_code == sent
    assert client.post(at(offer, "accept")).status_code == answer


def test_the_candidate_reads_their_offer_without_who_drafted_or_approves_it(
    candidate_client, recruiter_client, offer, owner, recruiter
):
    Offer.objects.filter(pk=offer.pk).update(approver=owner, created_by=recruiter)
    move(offer, "sent")
    theirs = candidate_client.get(at(offer)).json()
    assert (theirs["approver"], theirs["created_by"]) == (None, None)
    assert theirs["salary"] == str(offer.salary)
    listed = candidate_client.get("/api/v1/offers/").json()["results"][0]
    assert (listed["approver"], listed["created_by"]) == (None, None)
    team = recruiter_client.get(at(offer)).json()
    assert (team["approver"], team["created_by"]) == (str(owner.pk), str(recruiter.pk))


@pytest.mark.parametrize("count", [1, 5])
def test_offer_list_queries_are_constant(
    recruiter_client, workspace, position, django_assert_num_queries, count
):
    for _ in range(count):
        OfferFactory(
            workspace=workspace,
            position=position,
            candidate=CandidateFactory(workspace=workspace, position=position),
        )
    # the user; their memberships (the workspace ids, read once per request); COUNT; the page
    # with candidates and positions
    with django_assert_num_queries(4):
        assert recruiter_client.get("/api/v1/offers/").json()["count"] == count


@pytest.fixture
def client_for(api_client_for, cast):
    return lambda role: api_client_for(cast[role])


@pytest.mark.parametrize(
    ("salary", "shown"),
    [("82000.00", "82,000 EUR"), ("1234.50", "1,234.50 EUR"), ("0.00", "0 EUR")],
)
def test_an_offer_reads_its_salary_with_separators_and_cents_only_when_there_are_some(
    salary, shown
):
    from decimal import Decimal

    from interviews.models import Offer

    assert Offer(salary=Decimal(salary), currency="EUR").amount == shown
