"""Statistics of a hiring workspace: an application is a candidate. Every expected figure is
derived by hand from this dataset (2024, UTC), never by the code under test.

candidate opening   source     created  history (→ to at)                                now
C1        O1 Acme   referral   01-01    →screening 01-05 →interviewing 01-10
                                        →offer 01-20 →hired 01-31                         hired
C2        O1 Acme   linkedin   01-02    →interviewing 01-12 →offer 01-22                  offer
C3        O2 Acme   referral   02-01    →offer 02-15 →hired 02-21                         hired
C4        O2 Acme   linkedin   02-03    →interviewing 02-10 →offer 02-20
                                        →rejected 02-25                                   rejected
C5        O3 Client job_board  03-01    —                                                 applied
C6        —         (none)     03-05    →screening 03-06                                  screening

interviews (12:00): I1 C1 01-08 completed · I2 C2 01-11 completed · I3 C4 02-12 completed ·
I4 C5 03-10 scheduled. `interviewer` sits on all four and scored I1 (4).
Opening O3's own pipeline status was moved to offer: openings are not applications, so it
counts nowhere.
"""

import datetime as dt

import pytest

from tests.analytics.conftest import at, created, move
from tests.factories import (
    CandidateFactory,
    CompanyFactory,
    FeedbackFactory,
    InterviewFactory,
    MembershipFactory,
    ParticipantFactory,
    PositionFactory,
    WorkspaceFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/statistics/"
STATUSES = ["applied", "screening", "interviewing", "offer", "hired", "rejected", "withdrawn"]


@pytest.fixture
def workspace(db):
    return WorkspaceFactory(name="Acme Hiring", kind="hiring")


@pytest.fixture
def hiring(workspace, interviewer):
    acme, client = (CompanyFactory(workspace=workspace, name=n) for n in ("Acme", "Client Co"))
    o1 = PositionFactory(workspace=workspace, company=acme, title="Data Scientist")
    o2 = PositionFactory(workspace=workspace, company=acme, title="Backend Engineer")
    o3 = PositionFactory(workspace=workspace, company=client, title="Analyst")
    move(o3, "offer", at(3, 2))
    people = {}
    for key, (opening, source, when, steps) in {
        "C1": (
            o1,
            "referral",
            at(1, 1),
            [("screening", 1, 5), ("interviewing", 1, 10), ("offer", 1, 20), ("hired", 1, 31)],
        ),
        "C2": (o1, "linkedin", at(1, 2), [("interviewing", 1, 12), ("offer", 1, 22)]),
        "C3": (o2, "referral", at(2, 1), [("offer", 2, 15), ("hired", 2, 21)]),
        "C4": (
            o2,
            "linkedin",
            at(2, 3),
            [("interviewing", 2, 10), ("offer", 2, 20), ("rejected", 2, 25)],
        ),
        "C5": (o3, "job_board", at(3, 1), []),
        "C6": (None, "", at(3, 5), [("screening", 3, 6)]),
    }.items():
        person = CandidateFactory(workspace=workspace, position=opening, source=source)
        created(person, when)
        for status, month, day in steps:
            move(person, status, at(month, day))
        people[key] = person
    for key, (month, day, status) in {
        "C1": (1, 8, "completed"),
        "C2": (1, 11, "completed"),
        "C4": (2, 12, "completed"),
        "C5": (3, 10, "scheduled"),
    }.items():
        interview = InterviewFactory(
            workspace=workspace,
            candidate=people[key],
            position=people[key].position,
            scheduled_at=at(month, day, 12),
            status=status,
            outcome="passed" if status == "completed" else "pending",
        )
        ParticipantFactory(interview=interview, user=interviewer)
        if key == "C1":
            FeedbackFactory(interview=interview, author=interviewer, rating=4)
    return people


def get(client, endpoint, **params):
    response = client.get(f"{URL}{endpoint}", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_overview_counts_candidates(owner_client, hiring):
    body = get(owner_client, "overview")
    assert {key: body[key] for key in list(body)[:10]} == {
        "kind": "hiring",
        "total_applications": 6,  # C1-C6; the openings are not counted
        "total_companies": 2,  # Acme (C1-C4), Client Co (C5); C6 has no opening
        "total_interviews": 4,
        "response_rate": 100.0,  # C1-C4, C6 beyond applied; C5 has an interview
        "interview_rate": 66.67,  # C1 C2 C4 C5
        "offer_rate": 50.0,  # C1 and C3 hired, C2 at offer: 3 of 6
        "time_to_hire_days": 25.0,  # C1 30 days, C3 20 days
        # accepted C1 C3; declined C4 (offer, then rejected); C2 pending: 2 of 3
        "offer_acceptance_rate": 66.67,
        "status_breakdown": dict.fromkeys(STATUSES, 0)
        | {"applied": 1, "screening": 1, "offer": 1, "hired": 2, "rejected": 1},
    }


def test_overview_filters_count_candidates_and_their_interviews(owner_client, hiring):
    hired = get(owner_client, "overview", status="hired")
    assert (hired["total_applications"], hired["total_interviews"]) == (2, 1)  # C1 C3; I1
    client = get(owner_client, "overview", company="client")
    assert (client["total_applications"], client["total_interviews"]) == (1, 1)  # C5; I4
    february = get(owner_client, "overview", start_date="2024-02-01", end_date="2024-02-29")
    assert february["total_applications"] == 2  # C3 C4 were created in February
    assert february["time_to_hire_days"] == 20.0  # C3 only


def test_timeline_counts_candidates_by_their_creation(owner_client, hiring):
    assert get(owner_client, "timeline") == {
        "kind": "hiring",
        "period_start": "2024-01-01",  # C1's creation
        "period_end": "2024-03-10",  # I4
        "applications_per_month": [
            {"month": "2024-01", "count": 2},  # C1 C2
            {"month": "2024-02", "count": 2},  # C3 C4
            {"month": "2024-03", "count": 2},  # C5 C6
        ],
        "interviews_per_month": [
            {"month": "2024-01", "count": 2},
            {"month": "2024-02", "count": 1},
            {"month": "2024-03", "count": 1},
        ],
        # creation → first interview: C1 7.5, C2 9.5, C4 9.5, C5 9.5 → 36 / 4
        "average_response_time_days": 9.0,
        # first decision → last interview before it: C1 11.5, C2 10.5, C4 7.5 (C3 had none)
        "average_interview_to_decision_days": 9.83,
    }


def test_companies_are_the_candidates_openings_companies(owner_client, hiring):
    assert get(owner_client, "companies") == {
        "kind": "hiring",
        "companies": [
            {
                "company_name": "Acme",
                "total_applications": 4,  # C1-C4
                "total_interviews": 3,  # I1 I2 I3
                "latest_application_date": "2024-02-03",  # C4
                "status_breakdown": dict.fromkeys(STATUSES, 0)
                | {"offer": 1, "hired": 2, "rejected": 1},
                "success_rate": 75.0,  # C1 C2 C3 at offer or hired
            },
            {
                "company_name": "Client Co",
                "total_applications": 1,
                "total_interviews": 1,
                "latest_application_date": "2024-03-01",
                "status_breakdown": dict.fromkeys(STATUSES, 0) | {"applied": 1},
                "success_rate": 0.0,
            },
        ],
        "total_companies": 2,
    }


def test_funnel_counts_candidates_with_pass_through_and_time_in_stage(owner_client, hiring):
    body = get(owner_client, "funnel")
    assert body["kind"] == "hiring"
    assert body["positions"]["total"] == 0  # openings, not applications (O3 moved to offer)
    assert {s["reached"] for s in body["positions"]["stages"]} == {0}
    stages = {s["status"]: s for s in body["candidates"]["stages"]}
    # furthest: C1 hired, C2 offer, C3 hired, C4 offer (then rejected), C5 applied, C6 screening
    assert [
        (status, stages[status]["reached"], stages[status]["share_of_total"]) for status in STATUSES
    ] == [
        ("applied", 6, 100.0),
        ("screening", 5, 83.33),
        ("interviewing", 4, 66.67),
        ("offer", 4, 66.67),
        ("hired", 2, 33.33),
        ("rejected", 1, 16.67),
        ("withdrawn", 0, 0.0),
    ]
    assert [stages[s]["conversion_to_next"] for s in STATUSES[:4]] == [83.33, 80.0, 100.0, 50.0]
    # completed stays at offer: C1 11, C3 6, C4 5 days
    assert stages["offer"]["median_days_in_status"] == 6.0


def test_sources_of_hire(owner_client, hiring):
    body = get(owner_client, "sources")
    assert (body["kind"], body["positions"]) == ("hiring", [])
    assert [
        (row["source"], row["count"], row["interviewed"], row["hired"], row["hire_rate"])
        for row in body["candidates"]
    ] == [
        ("linkedin", 2, 2, 0, 0.0),  # C2 C4
        ("referral", 2, 1, 2, 100.0),  # C1 C3, both hired
        ("", 1, 0, 0, 0.0),  # C6
        ("job_board", 1, 1, 0, 0.0),  # C5
    ]


def test_interviewer_load_and_scorecard_submission(owner_client, hiring, interviewer):
    (row,) = get(owner_client, "interviewers")["interviewers"]
    assert {
        key: row[key]
        for key in ("interviews", "upcoming", "completed", "feedback_submitted", "feedback_overdue")
    } == {
        "interviews": 4,
        "upcoming": 0,
        "completed": 3,
        "feedback_submitted": 1,
        "feedback_overdue": 2,
    }
    assert row["submission_rate"] == 33.33  # I1 of I1 I2 I3


def test_upcoming_interviews_count_as_load(owner_client, workspace, interviewer):
    ahead = InterviewFactory(
        workspace=workspace,
        scheduled_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=2),
        status="scheduled",
    )
    ParticipantFactory(interview=ahead, user=interviewer)
    (row,) = get(owner_client, "interviewers")["interviewers"]
    assert (row["interviews"], row["upcoming"], row["completed"], row["submission_rate"]) == (
        1,
        1,
        0,
        0.0,
    )


@pytest.mark.parametrize(
    ("role", "applications", "offer_rate", "kind"),
    [
        ("owner", 6, 50.0, "hiring"),
        ("recruiter", 6, 50.0, "hiring"),
        ("interviewer", 6, 50.0, "hiring"),  # interviewers get the hiring figures
        ("candidate", 0, 0.0, "hiring"),  # only their portal: zeros, as before
        ("outsider", 0, 0.0, "job_search"),  # their own workspace, an empty job search
    ],
)
def test_roles_in_a_hiring_workspace(
    cast, api_client_for, hiring, role, applications, offer_rate, kind
):
    body = get(api_client_for(cast[role]), "overview")
    assert (body["kind"], body["total_applications"], body["offer_rate"]) == (
        kind,
        applications,
        offer_rate,
    )


def test_a_workspace_not_ones_own_has_no_kind_and_no_figures(outsider_client, hiring, workspace):
    body = get(outsider_client, "overview", workspace=str(workspace.pk))
    assert (body["kind"], body["total_applications"]) == (None, 0)


def test_without_a_workspace_the_figures_follow_the_current_one(owner, owner_client, hiring):
    search = WorkspaceFactory(name="My search", kind="job_search")
    MembershipFactory(user=owner, workspace=search, role="owner")
    PositionFactory(workspace=search, status="offer")
    assert get(owner_client, "overview")["total_applications"] == 6
    switched = owner_client.patch(
        "/api/v1/auth/me", {"default_workspace": str(search.pk)}, format="json"
    )
    assert switched.status_code == 200
    body = get(owner_client, "overview")
    assert (body["kind"], body["total_applications"], body["offer_rate"]) == (
        "job_search",
        1,
        100.0,
    )
    # naming a workspace still reads that one
    assert get(owner_client, "overview", workspace=str(hiring["C1"].workspace_id))["kind"] == (
        "hiring"
    )


def test_a_user_without_a_current_workspace_gets_empty_figures(owner, owner_client, hiring):
    type(owner).objects.filter(pk=owner.pk).update(default_workspace=None)
    body = get(owner_client, "overview")
    assert (body["kind"], body["total_applications"], body["total_interviews"]) == (None, 0, 0)


def test_stale_lists_idle_candidates_never_openings(owner_client, hiring, workspace):
    from candidates.models import Candidate
    from interview_tracker.models import ActivityEvent
    from positions.models import Position

    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=60)
    ActivityEvent.objects.update(created_at=long_ago)
    Position.objects.update(updated_at=long_ago)
    Candidate.objects.update(updated_at=long_ago)
    body = get(owner_client, "stale")
    # active and idle: C2 (offer), C5 (its interview I4 is past), C6; openings are not listed
    assert (body["kind"], body["days"], body["total_positions"]) == ("hiring", 14, 0)
    assert sorted(row["name"] for row in body["candidates"]) == sorted(
        hiring[key].name for key in ("C2", "C5", "C6")
    )


def test_stale_days_default_to_the_workspaces_quiet_days(owner_client, hiring, workspace):
    from candidates.models import Candidate
    from interview_tracker.models import ActivityEvent

    ActivityEvent.objects.update(created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=20))
    Candidate.objects.update(updated_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=20))
    assert get(owner_client, "stale")["total_candidates"] == 3  # idle 20 days > 14
    workspace.quiet_days = 30
    workspace.save(update_fields=["quiet_days"])
    body = get(owner_client, "stale")
    assert (body["days"], body["total_candidates"]) == (30, 0)
    assert get(owner_client, "stale", days=10)["total_candidates"] == 3  # asked for, it wins
