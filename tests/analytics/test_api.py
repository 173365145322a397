"""Statistics API on the hand-built dataset of ``conftest.py``: every expected figure below is
derived by hand in the comments, never by the code under test."""

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/statistics/"
STATUSES = ["applied", "screening", "interviewing", "offer", "hired", "rejected", "withdrawn"]


def breakdown(**counts):
    return {status: counts.get(status, 0) for status in STATUSES}


def get(client, endpoint, **params):
    response = client.get(f"{URL}{endpoint}", params)
    assert response.status_code == 200, response.content
    return response.json()


# --- overview ------------------------------------------------------------------------------


def test_overview_counts_every_key_by_hand(owner_client, dataset):
    assert get(owner_client, "overview") == {
        "kind": "job_search",
        "total_applications": 6,  # P1-P6; the outsider's position is not ours
        "total_companies": 3,  # TechCorp, StartupInc, Globex
        "total_interviews": 6,  # I1-I6 (I6 is a candidate's interview, no position)
        # responded: beyond applied (P2, P3, P4, P5) or interviewed (P6) = 5 of 6
        "response_rate": 83.33,
        "interview_rate": 66.67,  # P2, P3, P4, P6 = 4 of 6
        "offer_rate": 16.67,  # P3 = 1 of 6
        "time_to_hire_days": None,  # no position was hired
        "offer_acceptance_rate": 0.0,  # P3's offer is pending: none answered yet
        "status_breakdown": breakdown(applied=2, screening=1, interviewing=1, offer=1, rejected=1),
        "interview_kind_breakdown": {
            "phone_screen": 1,  # I5
            "technical": 1,  # I1
            "coding": 1,  # I6
            "system_design": 0,
            "behavioral": 1,  # I2
            "hr": 1,  # I4
            "final": 1,  # I3
            "other": 0,
        },
        # passed I1, I3, I6; pending I2; failed I4; cancelled I5
        "interview_outcome_breakdown": {"pending": 1, "passed": 3, "failed": 1, "cancelled": 1},
        "interviews_by_status": {"scheduled": 1, "ongoing": 0, "completed": 4, "cancelled": 1},
        "total_questions": 3,  # the inactive coding question is left out
        "questions_by_category": {
            "technical": 2,
            "behavioral": 1,
            "product": 0,
            "system_design": 0,
            "coding": 0,
            "case_study": 0,
            "hr": 0,
            "other": 0,
        },
        "questions_by_difficulty": {"easy": 1, "medium": 1, "hard": 1, "expert": 0},
    }


def test_overview_company_filter_matches_part_of_the_name_in_any_case(owner_client, dataset):
    body = get(owner_client, "overview", company="tech")
    # P1, P2, P3; interviews of their positions I1, I2, I3 (I6 has no company)
    assert body["total_applications"] == 3
    assert body["total_companies"] == 1
    assert body["total_interviews"] == 3
    assert body["response_rate"] == 66.67  # P2, P3 of 3
    assert body["interview_rate"] == 66.67  # P2, P3 of 3
    assert body["offer_rate"] == 33.33  # P3 of 3
    assert body["total_questions"] == 1  # the one asked at TechCorp
    other = get(owner_client, "overview", company="globex")
    assert (other["total_applications"], other["total_interviews"]) == (1, 1)  # P6, I5


def test_overview_status_filter_narrows_positions_and_their_interviews(owner_client, dataset):
    body = get(owner_client, "overview", status="rejected")
    assert body["total_applications"] == 1  # P4
    assert body["total_interviews"] == 1  # I4
    assert body["status_breakdown"] == breakdown(rejected=1)
    body = get(owner_client, "overview", status="applied")
    assert body["total_applications"] == 2  # P1, P6
    assert body["response_rate"] == 50.0  # P6 had an interview


def test_date_filters_include_both_boundaries(owner_client, dataset):
    body = get(owner_client, "overview", start_date="2024-02-10", end_date="2024-02-15")
    assert body["total_applications"] == 2  # P4 applied 02-10, P3 applied 02-15
    assert body["total_interviews"] == 1  # I2 at 02-15 12:00 (I4 is on 02-20)
    body = get(owner_client, "overview", start_date="2024-02-11", end_date="2024-02-14")
    assert body["total_applications"] == 0
    assert body["total_interviews"] == 0
    body = get(owner_client, "overview", start_date="2024-02-16")
    assert body["total_applications"] == 2  # P5, P6
    assert body["total_interviews"] == 3  # I3, I4, I5
    body = get(owner_client, "overview", end_date="2024-01-20")
    assert body["total_applications"] == 2  # P1, P2
    assert body["total_interviews"] == 1  # I6 at 01-20 12:00


def test_workspace_filter_narrows_to_one_workspace(owner_client, dataset, workspace, outsider):
    assert get(owner_client, "overview", workspace=str(workspace.pk))["total_applications"] == 6
    other = outsider.default_workspace_id
    assert get(owner_client, "overview", workspace=str(other))["total_applications"] == 0


def test_no_data_gives_zero_rates_and_full_breakdowns(owner_client, workspace):
    body = get(owner_client, "overview")
    assert body["total_applications"] == 0
    assert (body["response_rate"], body["interview_rate"], body["offer_rate"]) == (0.0, 0.0, 0.0)
    assert body["status_breakdown"] == breakdown()
    assert set(body["interview_kind_breakdown"].values()) == {0}


# --- timeline ------------------------------------------------------------------------------


def months(*counts):
    return [{"month": f"2024-{m:02d}", "count": c} for m, c in enumerate(counts, 1)]


def test_timeline_counts_every_month_up_to_the_last_interview(owner_client, dataset):
    assert get(owner_client, "timeline") == {
        "kind": "job_search",
        "period_start": "2024-01-10",  # P1's application, the earliest date
        "period_end": "2024-06-05",  # I5, two months after the last application (P6, 04-01)
        # Jan P1 P2 · Feb P3 P4 · Mar P5 · Apr P6 · May none · Jun none
        "applications_per_month": months(2, 2, 1, 1, 0, 0),
        # Jan I6 · Feb I1 I2 I4 · Mar I3 · Jun I5
        "interviews_per_month": months(1, 3, 1, 0, 0, 1),
        # first interview - application: P2 12.5, P3 15.5, P4 10.5, P6 65.5 → 104 / 4
        "average_response_time_days": 26.0,
        # decision - last interview before it: P3 03-05 12:00 - 03-01 12:00 = 4,
        # P4 02-22 12:00 - 02-20 12:00 = 2 → 3
        "average_interview_to_decision_days": 3.0,
    }


def test_timeline_period_follows_the_filters(owner_client, dataset):
    body = get(owner_client, "timeline", start_date="2024-03-01", end_date="2024-05-31")
    assert body["period_start"] == "2024-03-01"
    assert body["period_end"] == "2024-05-31"
    assert body["applications_per_month"] == [
        {"month": "2024-03", "count": 1},  # P5
        {"month": "2024-04", "count": 1},  # P6
        {"month": "2024-05", "count": 0},
    ]
    assert body["interviews_per_month"] == [
        {"month": "2024-03", "count": 1},  # I3
        {"month": "2024-04", "count": 0},
        {"month": "2024-05", "count": 0},
    ]
    assert body["average_response_time_days"] == 65.5  # P6 only (P5 has no interview)
    assert body["average_interview_to_decision_days"] is None  # neither was decided


def test_timeline_without_data_is_empty_not_an_error(owner_client, workspace):
    assert get(owner_client, "timeline") == {
        "kind": "job_search",
        "period_start": None,
        "period_end": None,
        "applications_per_month": [],
        "interviews_per_month": [],
        "average_response_time_days": None,
        "average_interview_to_decision_days": None,
    }


# --- companies -----------------------------------------------------------------------------


def test_companies_sorted_by_applications(owner_client, dataset):
    assert get(owner_client, "companies") == {
        "kind": "job_search",
        "companies": [
            {
                "company_name": "TechCorp",
                "total_applications": 3,  # P1 P2 P3
                "total_interviews": 3,  # I1 I2 I3
                "latest_application_date": "2024-02-15",
                "status_breakdown": breakdown(applied=1, interviewing=1, offer=1),
                "success_rate": 33.33,  # P3 of 3
            },
            {
                "company_name": "StartupInc",
                "total_applications": 2,  # P4 P5
                "total_interviews": 1,  # I4
                "latest_application_date": "2024-03-31",
                "status_breakdown": breakdown(screening=1, rejected=1),
                "success_rate": 0.0,
            },
            {
                "company_name": "Globex",
                "total_applications": 1,
                "total_interviews": 1,  # I5
                "latest_application_date": "2024-04-01",
                "status_breakdown": breakdown(applied=1),
                "success_rate": 0.0,
            },
        ],
        "total_companies": 3,
    }


def test_companies_filters(owner_client, dataset):
    body = get(owner_client, "companies", company="up")
    assert [c["company_name"] for c in body["companies"]] == ["StartupInc"]
    body = get(owner_client, "companies", start_date="2024-02-01", end_date="2024-02-29")
    # applications P3 (TechCorp), P4 (StartupInc); their interviews in Feb: I4 (P4's);
    # P3's interview I3 is on 03-01, and I1 I2 belong to P2, applied in January
    assert [
        (c["company_name"], c["total_applications"], c["total_interviews"])
        for c in body["companies"]
    ] == [("StartupInc", 1, 1), ("TechCorp", 1, 0)]
    assert get(owner_client, "companies", status="withdrawn") == {
        "kind": "job_search",
        "companies": [],
        "total_companies": 0,
    }


# --- funnel --------------------------------------------------------------------------------


def stage(status, reached, share, current, conversion, median):
    return {
        "status": status,
        "reached": reached,
        "share_of_total": share,
        "current": current,
        "conversion_to_next": conversion,
        "median_days_in_status": median,
    }


def test_funnel_of_positions_and_candidates(owner_client, dataset):
    assert get(owner_client, "funnel") == {
        "kind": "job_search",
        "positions": {
            "total": 6,
            # furthest stage: P1 screening (then back), P2 interviewing, P3 offer,
            # P4 interviewing (then rejected), P5 screening, P6 applied
            "stages": [
                # applied stays: P1 2, P2 5, P3 5, P4 9, P5 8 → median 5
                stage("applied", 6, 100.0, 2, 83.33, 5.0),  # 5 of 6 reached screening
                # screening stays: P1 3, P2 7, P3 5 → median 5
                stage("screening", 5, 83.33, 1, 60.0, 5.0),  # 3 of 5 reached interviewing
                # interviewing stays: P3 9.5, P4 3.5 → median 6.5
                stage("interviewing", 3, 50.0, 1, 33.33, 6.5),  # 1 of 3 reached offer
                stage("offer", 1, 16.67, 1, 0.0, None),
                stage("hired", 0, 0.0, 0, None, None),
                stage("rejected", 1, 16.67, 1, None, None),
                stage("withdrawn", 0, 0.0, 0, None, None),
            ],
        },
        "candidates": {
            "total": 3,
            # furthest: C1 applied, C2 interviewing (jumped over screening), C3 hired
            "stages": [
                stage("applied", 3, 100.0, 1, 66.67, 3.5),  # stays C2 4, C3 3
                stage("screening", 2, 66.67, 0, 100.0, 12.0),  # stay C3 12
                stage("interviewing", 2, 66.67, 1, 50.0, None),
                stage("offer", 1, 33.33, 0, 100.0, None),
                stage("hired", 1, 33.33, 1, None, None),
                stage("rejected", 0, 0.0, 0, None, None),
                stage("withdrawn", 0, 0.0, 0, None, None),
            ],
        },
    }


def test_funnel_filters(owner_client, dataset):
    body = get(owner_client, "funnel", company="startup")
    # P4 (applied 9 → interviewing 3.5 → rejected) and P5 (applied 8 → screening)
    stages = {s["status"]: s for s in body["positions"]["stages"]}
    assert body["positions"]["total"] == 2
    assert stages["applied"]["median_days_in_status"] == 8.5
    assert stages["screening"]["reached"] == 2
    assert stages["interviewing"]["median_days_in_status"] == 3.5
    assert body["candidates"]["total"] == 0  # no candidate has a StartupInc position
    body = get(owner_client, "funnel", status="hired")
    assert (body["positions"]["total"], body["candidates"]["total"]) == (0, 1)  # C3


# --- sources -------------------------------------------------------------------------------


def source(name, count, interviewed, offered, hired, interview_rate, offer_rate, hire_rate):
    return {
        "source": name,
        "count": count,
        "interviewed": interviewed,
        "offered": offered,
        "hired": hired,
        "interview_rate": interview_rate,
        "offer_rate": offer_rate,
        "hire_rate": hire_rate,
    }


def test_sources_of_positions_and_candidates(owner_client, dataset):
    assert get(owner_client, "sources") == {
        "kind": "job_search",
        "positions": [
            source("linkedin", 3, 2, 0, 0, 66.67, 0.0, 0.0),  # P1 P2 P6; interviews P2 P6
            source("referral", 2, 2, 1, 0, 100.0, 50.0, 0.0),  # P3 P4; offer P3
            source("", 1, 0, 0, 0, 0.0, 0.0, 0.0),  # P5
        ],
        "candidates": [
            source("referral", 2, 1, 0, 0, 50.0, 0.0, 0.0),  # C1 C2; interview I6 for C2
            source("job_board", 1, 0, 1, 1, 0.0, 100.0, 100.0),  # C3 hired
        ],
    }


def test_sources_filters(owner_client, dataset):
    body = get(owner_client, "sources", start_date="2024-01-15")
    # positions applied from 01-15: P2..P6; candidates created from 01-15: none
    assert [(s["source"], s["count"]) for s in body["positions"]] == [
        ("linkedin", 2),
        ("referral", 2),
        ("", 1),
    ]
    assert body["candidates"] == []


# --- interviewers --------------------------------------------------------------------------


def test_interviewers_count_seats_feedback_and_ratings(
    owner_client, dataset, interviewer, recruiter
):
    assert get(owner_client, "interviewers") == {
        "kind": "job_search",
        "interviewers": [
            {
                "user_id": str(interviewer.pk),
                "name": interviewer.get_full_name(),
                "email": interviewer.email,
                "interviews": 4,  # I1 I2 I3 I4
                "upcoming": 0,  # I2 is still scheduled, but in the past
                "completed": 3,  # I1 I3 I4
                "feedback_submitted": 2,  # I1 (4), I4 (2)
                "feedback_overdue": 1,  # I3 completed without theirs (I2 is still scheduled)
                "submission_rate": 66.67,  # I1 I4 of I1 I3 I4
                "average_rating_given": 3.0,
            },
            {
                "user_id": str(recruiter.pk),
                "name": recruiter.get_full_name(),
                "email": recruiter.email,
                "interviews": 2,  # I1 I6
                "upcoming": 0,
                "completed": 2,  # I1 I6
                "feedback_submitted": 1,  # I1 (5)
                "feedback_overdue": 1,  # I6
                "submission_rate": 50.0,  # I1 of I1 I6
                "average_rating_given": 5.0,
            },
        ],
        "total_interviewers": 2,
    }


def test_interviewers_filters(owner_client, dataset):
    rows = get(owner_client, "interviewers", company="tech")["interviewers"]
    # I1 I2 I3 only: interviewer 3 seats, feedback I1, overdue I3; recruiter I1 with feedback
    assert [
        (r["interviews"], r["feedback_submitted"], r["feedback_overdue"], r["average_rating_given"])
        for r in rows
    ] == [(3, 1, 1, 4.0), (1, 1, 0, 5.0)]
    assert get(owner_client, "interviewers", end_date="2024-01-31")["total_interviewers"] == 1


# --- skill gaps ----------------------------------------------------------------------------


def gap(skill, positions, proficiency):
    return {
        "skill_id": str(skill.pk),
        "name": skill.name,
        "category": "Engineering",
        "skill_type": "technical",
        "market_demand": "medium",
        "is_trending": False,
        "positions_count": positions,
        "proficiency": proficiency,
    }


def test_skill_gaps_rank_missing_and_weak_skills(owner_client, recruiter_client, dataset):
    s = dataset.skills
    # active positions: P1 P2 P3 P5 P6 (P4 is rejected)
    assert get(owner_client, "skill-gaps") == {
        "kind": "job_search",
        "active_positions": 5,
        # the owner rates Python 4 and Kubernetes 3 (no gap), SQL 2 (gap), Docker not at all
        "skills": [gap(s["SQL"], 2, 2), gap(s["Docker"], 1, None)],  # SQL: P1 P5
    }
    # the recruiter rates nothing: Python P1 P2 P3, SQL P1 P5, then ties by name
    assert get(recruiter_client, "skill-gaps")["skills"] == [
        gap(s["Python"], 3, None),
        gap(s["SQL"], 2, None),
        gap(s["Docker"], 1, None),
        gap(s["Kubernetes"], 1, None),  # P6 only: P4 is not active
    ]


def test_skill_gaps_filters(owner_client, dataset):
    body = get(owner_client, "skill-gaps", company="startup")
    assert body["active_positions"] == 1  # P5
    assert [row["name"] for row in body["skills"]] == ["SQL"]


# --- stale ---------------------------------------------------------------------------------


def test_stale_lists_idle_active_items(owner_client, dataset):
    from django.utils import timezone

    from candidates.models import Candidate
    from interview_tracker.models import ActivityEvent
    from positions.models import Position
    from tests.factories import InterviewFactory

    now = timezone.now()

    def days_ago(n):
        return now - dt.timedelta(days=n)

    p, c = dataset.positions, dataset.candidates
    ActivityEvent.objects.update(created_at=days_ago(30))
    Position.objects.update(updated_at=days_ago(30))
    Candidate.objects.update(updated_at=days_ago(30))
    Position.objects.filter(pk=p["P1"].pk).update(updated_at=days_ago(20))
    Position.objects.filter(pk=p["P6"].pk).update(updated_at=days_ago(40))
    ActivityEvent.objects.filter(object_id=p["P2"].pk).update(created_at=days_ago(5))
    Candidate.objects.filter(pk=c["C1"].pk).update(updated_at=days_ago(25))
    # P5 has an interview coming up: waiting, not idle
    InterviewFactory(
        workspace=p["P5"].workspace, position=p["P5"], candidate=None, scheduled_at=days_ago(-3)
    )
    Position.objects.filter(pk=p["P5"].pk).update(updated_at=days_ago(30))

    body = get(owner_client, "stale")
    assert body["days"] == 14
    assert (body["total_positions"], body["total_candidates"]) == (3, 2)
    # P6 40 days, P3 30 (P2 had activity 5 days ago, P4 is closed), P1 20
    assert [(r["title"], r["days_inactive"], r["status"]) for r in body["positions"]] == [
        ("Engineer P6", 40, "applied"),
        ("Engineer P3", 30, "offer"),
        ("Engineer P1", 20, "applied"),
    ]
    assert body["positions"][0] == {
        "id": str(p["P6"].pk),
        "title": "Engineer P6",
        "company_name": "Globex",
        "status": "applied",
        "last_activity_at": body["positions"][0]["last_activity_at"],
        "days_inactive": 40,
    }
    # C2 30 days, C1 25 (C3 is hired)
    assert [(r["name"], r["days_inactive"], r["position_title"]) for r in body["candidates"]] == [
        ("Candidate C2", 30, ""),
        ("Candidate C1", 25, ""),
    ]
    body = get(owner_client, "stale", days=28)
    assert [r["title"] for r in body["positions"]] == ["Engineer P6", "Engineer P3"]
    assert [r["name"] for r in body["candidates"]] == ["Candidate C2"]
    assert get(owner_client, "stale", days=28, company="glob")["total_positions"] == 1


# --- validation, roles ---------------------------------------------------------------------

ENDPOINTS = [
    "overview",
    "timeline",
    "companies",
    "funnel",
    "sources",
    "interviewers",
    "skill-gaps",
    "stale",
]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start_date": "2024-13-01"}, "start_date"),
        ({"end_date": "yesterday"}, "end_date"),
        ({"start_date": "2024-03-01", "end_date": "2024-02-01"}, "end_date"),
        ({"status": "ghosted"}, "status"),
        ({"workspace": "not-a-uuid"}, "workspace"),
    ],
)
def test_bad_filters_answer_422_with_the_envelope(owner_client, endpoint, params, field):
    response = owner_client.get(f"{URL}{endpoint}", params)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert set(error["field_errors"]) == {field}


@pytest.mark.parametrize("days", ["0", "-3", "abc"])
def test_stale_days_must_be_a_positive_number(owner_client, days):
    response = owner_client.get(f"{URL}stale", {"days": days})
    assert response.status_code == 422
    assert set(response.json()["error"]["field_errors"]) == {"days"}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_anonymous_gets_401(anon_client, endpoint):
    response = anon_client.get(f"{URL}{endpoint}")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "AUTHENTICATION_ERROR"


@pytest.mark.parametrize(
    ("role", "applications", "interviews"),
    [
        ("owner", 6, 6),
        ("recruiter", 6, 6),
        ("interviewer", 6, 6),  # staff: the workspace's figures
        ("candidate", 0, 0),  # a participant of I2, yet statistics are for staff only
        ("outsider", 1, 1),  # their own workspace only
    ],
)
def test_roles_see_the_figures_of_their_staff_workspaces(
    cast, api_client_for, dataset, role, applications, interviews
):
    client = api_client_for(cast[role])
    body = get(client, "overview")
    assert (body["total_applications"], body["total_interviews"]) == (applications, interviews)
    # asking for someone else's workspace yields nothing, never their figures
    ours = cast["owner"].default_workspace_id
    if role in ("candidate", "outsider"):
        assert get(client, "overview", workspace=str(ours))["total_applications"] == 0
        assert get(client, "funnel")["candidates"]["total"] == 0 if role == "candidate" else True
        assert get(client, "interviewers")["total_interviewers"] == 0
        assert get(client, "stale")["total_candidates"] == 0
