"""Scorecards against the stage's template, blind feedback, the debrief, decisions with their
e-mails, e-mail templates."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from interview_tracker.models import ActivityEvent
from interviews.models import Decision, EmailTemplate, Feedback
from tests.conftest import _member
from tests.factories import (
    CandidateFactory,
    FeedbackFactory,
    InterviewFactory,
    ParticipantFactory,
    PlanStageFactory,
)

from .conftest import url

pytestmark = pytest.mark.django_db

TEMPLATE_SCORES = [
    {"name": "Problem solving", "score": 4, "note": ""},
    {"name": "Communication", "score": 5, "note": "clear"},
]


@pytest.fixture
def stage(workspace, position):
    return PlanStageFactory(workspace=workspace, position=position, name="Technical")


@pytest.fixture
def staged(interview, stage):
    interview.plan_stage = stage
    interview.status = "completed"
    interview.save(update_fields=["plan_stage", "status"])
    return interview


@pytest.fixture
def second_interviewer(workspace):
    return _member(workspace, "interviewer", "second@example.com")


def scorecard(criteria, rating=4, recommendation="yes"):
    return {"rating": rating, "recommendation": recommendation, "criteria": criteria}


# Scorecards against the template


def test_a_scorecard_scoring_every_criterion_is_201(interviewer_client, staged):
    response = interviewer_client.post(
        url(staged, "feedback/"), scorecard(TEMPLATE_SCORES), format="json"
    )
    assert response.status_code == 201
    assert response.json()["criteria"] == TEMPLATE_SCORES


def test_a_missing_criterion_is_422_naming_it(interviewer_client, staged):
    response = interviewer_client.post(
        url(staged, "feedback/"), scorecard(TEMPLATE_SCORES[:1]), format="json"
    )
    assert response.status_code == 422
    errors = response.json()["error"]["field_errors"]
    assert list(errors) == ["criteria.Communication"]
    assert "Communication" in errors["criteria.Communication"]
    assert not Feedback.objects.exists()


def test_an_unknown_criterion_is_422_naming_it(interviewer_client, staged):
    criteria = [*TEMPLATE_SCORES, {"name": "Charisma", "score": 3}]
    response = interviewer_client.post(url(staged, "feedback/"), scorecard(criteria), format="json")
    assert response.status_code == 422
    assert (
        "“Charisma” is not a criterion"
        in response.json()["error"]["field_errors"]["criteria.Charisma"]
    )


def test_editing_a_scorecard_keeps_to_the_template(interviewer_client, staged, interviewer):
    feedback = FeedbackFactory(interview=staged, author=interviewer, criteria=TEMPLATE_SCORES)
    response = interviewer_client.patch(
        url(staged, f"feedback/{feedback.pk}/"),
        {"criteria": [{"name": "Problem solving", "score": 2}]},
        format="json",
    )
    assert response.status_code == 422
    assert "criteria.Communication" in response.json()["error"]["field_errors"]


def test_an_interview_without_a_stage_takes_free_criteria(interviewer_client, interview):
    response = interviewer_client.post(
        url(interview, "feedback/"), scorecard([{"name": "Anything", "score": 3}]), format="json"
    )
    assert response.status_code == 201


def test_blind_feedback_hides_colleagues_scorecards_until_ones_own(
    interviewer_client, staged, owner, workspace
):
    FeedbackFactory(interview=staged, author=owner, criteria=TEMPLATE_SCORES)
    assert interviewer_client.get(url(staged, "feedback/")).json()["count"] == 0
    workspace.blind_feedback = False
    workspace.save(update_fields=["blind_feedback"])
    assert interviewer_client.get(url(staged, "feedback/")).json()["count"] == 1


# Debrief


@pytest.fixture
def scored(staged, owner, interviewer, second_interviewer):
    """Two scorecards three points apart on "Problem solving"; the second interviewer owes one."""
    ParticipantFactory(interview=staged, user=second_interviewer, role="interviewer")
    FeedbackFactory(
        interview=staged,
        author=interviewer,
        rating=4,
        recommendation="yes",
        criteria=[
            {"name": "Problem solving", "score": 5, "note": ""},
            {"name": "Communication", "score": 4, "note": ""},
        ],
    )
    FeedbackFactory(
        interview=staged,
        author=owner,
        rating=2,
        recommendation="no",
        criteria=[
            {"name": "Problem solving", "score": 2, "note": ""},
            {"name": "Communication", "score": 4, "note": ""},
        ],
    )
    return staged


def debrief_url(candidate):
    return f"/api/v1/candidates/{candidate.pk}/debrief"


def test_the_debrief_shows_scores_means_spread_disagreement_tally_and_missing(
    recruiter_client, scored, candidate, interviewer, owner, second_interviewer
):
    response = recruiter_client.get(debrief_url(candidate))
    assert response.status_code == 200
    body = response.json()
    tally = {"strong_no": 0, "no": 1, "yes": 1, "strong_yes": 0}
    assert body == {
        "candidate": str(candidate.pk),
        "interviews": [
            {
                "interview": str(scored.pk),
                "title": "Technical round",
                "scheduled_at": body["interviews"][0]["scheduled_at"],
                "criteria": [
                    {
                        "name": "Problem solving",
                        "scores": [
                            {"author": str(interviewer.pk), "score": 5},
                            {"author": str(owner.pk), "score": 2},
                        ],
                        "mean": 3.5,
                        "spread": 3,
                        "disagreement": True,
                    },
                    {
                        "name": "Communication",
                        "scores": [
                            {"author": str(interviewer.pk), "score": 4},
                            {"author": str(owner.pk), "score": 4},
                        ],
                        "mean": 4.0,
                        "spread": 0,
                        "disagreement": False,
                    },
                ],
                "recommendations": tally,
            }
        ],
        "recommendations": tally,
        "missing": [{"interview": str(scored.pk), "user": str(second_interviewer.pk)}],
    }


def test_an_interviewer_reads_the_debrief_only_once_their_scorecards_are_in(
    api_client_for, scored, candidate, second_interviewer
):
    client = api_client_for(second_interviewer)
    refused = client.get(debrief_url(candidate))
    assert refused.status_code == 403
    FeedbackFactory(interview=scored, author=second_interviewer, criteria=TEMPLATE_SCORES)
    assert client.get(debrief_url(candidate)).status_code == 200


def test_the_debrief_shows_an_interviewer_only_the_scorecards_they_may_read(
    api_client_for, scored, candidate, workspace
):
    # Blind scorecards (the workspace's default): an interviewer who sits on none of the
    # candidate's interviews owes nothing, yet reads no colleague's scorecard through the
    # debrief; nor does a panelist of a round still under way who has not submitted.
    bystander = _member(workspace, "interviewer", "bystander@example.com")
    report = api_client_for(bystander).get(debrief_url(candidate)).json()
    assert scores(report) == [[], []]
    assert set(report["recommendations"].values()) == {0}
    scored.status = "scheduled"
    scored.save(update_fields=["status"])
    panelist = _member(workspace, "interviewer", "panelist@example.com")
    ParticipantFactory(interview=scored, user=panelist, role="interviewer")
    report = api_client_for(panelist).get(debrief_url(candidate)).json()
    assert scores(report) == [[], []]
    # Where the workspace does not keep them blind, interviewers read them at once.
    workspace.blind_feedback = False
    workspace.save(update_fields=["blind_feedback"])
    report = api_client_for(bystander).get(debrief_url(candidate)).json()
    assert [len(found) for found in scores(report)] == [2, 2]


def scores(report):
    """Each criterion's scores, of every interview of a debrief."""
    return [c["scores"] for row in report["interviews"] for c in row["criteria"]]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("owner", 200),
        ("recruiter", 200),
        ("interviewer", 200),
        ("candidate", 404),
        ("outsider", 404),
    ],
)
def test_debrief_permission_walk(client_for, role, expected, scored, candidate, candidate_user):
    candidate.user = candidate_user
    candidate.save(update_fields=["user"])
    assert client_for(role).get(debrief_url(candidate)).status_code == expected


@pytest.mark.parametrize("rounds", [1, 4])
def test_debrief_queries_are_constant(
    recruiter_client, workspace, candidate, position, stage, django_assert_num_queries, rounds
):
    for index in range(rounds):
        interview = InterviewFactory(
            workspace=workspace,
            candidate=candidate,
            position=position,
            plan_stage=stage,
            status="completed",
        )
        for author_index in range(2):
            author = _member(workspace, "interviewer", f"i{index}-{author_index}@example.com")
            ParticipantFactory(interview=interview, user=author, role="interviewer")
            FeedbackFactory(interview=interview, author=author, criteria=TEMPLATE_SCORES)
    # memberships twice (user, role check), the candidate, interviews + stages, scorecards +
    # authors, missing
    with django_assert_num_queries(6):
        response = recruiter_client.get(debrief_url(candidate))
    assert len(response.json()["interviews"]) == rounds


# Decisions


def decide(client, candidate, **body):
    return client.post(f"/api/v1/candidates/{candidate.pk}/decision", body, format="json")


def test_advance_moves_to_the_next_status_and_records_the_decision(
    recruiter_client, candidate, recruiter
):
    response = decide(recruiter_client, candidate, decision="advance")
    assert response.status_code == 201
    decision = Decision.objects.get()
    assert response.json() == {
        "id": str(decision.pk),
        "candidate": str(candidate.pk),
        "decision": "advance",
        "from_status": "applied",
        "to_status": "screening",
        "reason": "",
        "notified": False,
        "decided_by": str(recruiter.pk),
        "created_at": response.json()["created_at"],
    }
    candidate.refresh_from_db()
    assert candidate.status == "screening"
    assert ActivityEvent.objects.filter(object_id=candidate.pk, verb="decision_recorded").exists()


def test_advance_to_a_named_status(recruiter_client, candidate):
    decide(recruiter_client, candidate, decision="advance", to_status="offer")
    candidate.refresh_from_db()
    assert candidate.status == "offer"


def test_advancing_backwards_is_400_naming_both_states(recruiter_client, candidate):
    candidate.status = "offer"
    candidate.save(update_fields=["status"])
    response = decide(recruiter_client, candidate, decision="advance", to_status="screening")
    assert response.status_code == 400
    assert "from offer to screening" in response.json()["error"]["message"]


def test_reject_needs_a_reason(recruiter_client, candidate):
    response = decide(recruiter_client, candidate, decision="reject")
    assert response.status_code == 422
    assert "reason" in response.json()["error"]["field_errors"]
    assert not Decision.objects.exists()


def test_reject_with_notification_mails_the_rejection_template(
    recruiter_client, candidate, workspace, django_capture_on_commit_callbacks
):
    EmailTemplate.objects.create(
        workspace=workspace,
        kind="rejection",
        subject="About {{ position.title }}",
        body="Dear {{ candidate.name }}, not this time.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(
            recruiter_client,
            candidate,
            decision="reject",
            reason="Not enough depth",
            notify_candidate=True,
        )
    assert response.status_code == 201
    candidate.refresh_from_db()
    assert (candidate.status, candidate.rejection_reason) == ("rejected", "Not enough depth")
    [message] = mail.outbox
    assert message.to == [candidate.email]
    assert message.subject == "About Backend Engineer"
    assert message.body == "Dear Grace Hopper, not this time."


def test_hold_leaves_the_status(recruiter_client, candidate):
    assert decide(recruiter_client, candidate, decision="hold").status_code == 201
    candidate.refresh_from_db()
    assert candidate.status == "applied"
    assert Decision.objects.get().to_status == "applied"


def test_hire_moves_to_hired_and_fills_the_opening(recruiter_client, candidate, position):
    decide(recruiter_client, candidate, decision="hire")
    candidate.refresh_from_db()
    position.refresh_from_db()
    assert (candidate.status, position.opening_status) == ("hired", "filled")


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("owner", 201),
        ("recruiter", 201),
        ("interviewer", 403),
        ("candidate", 404),
        ("outsider", 404),
    ],
)
def test_decision_permission_walk(client_for, role, expected, candidate, candidate_user):
    candidate.user = candidate_user
    candidate.save(update_fields=["user"])
    assert decide(client_for(role), candidate, decision="hold").status_code == expected


# E-mail templates

TEMPLATE = {
    "kind": "offer",
    "subject": "Offer: {{ position.title }}",
    "body": "Hi {{ candidate.name }}, see {{ link }}",
}


def test_create_and_read_a_template(recruiter_client, workspace):
    response = recruiter_client.post("/api/v1/email-templates/", TEMPLATE, format="json")
    assert response.status_code == 201
    template = EmailTemplate.objects.get()
    assert response.json() == {
        "id": str(template.pk),
        "workspace": str(workspace.pk),
        **TEMPLATE,
        "created_at": response.json()["created_at"],
        "updated_at": response.json()["updated_at"],
    }
    again = recruiter_client.post("/api/v1/email-templates/", TEMPLATE, format="json")
    assert again.status_code == 409


def test_an_unknown_placeholder_is_422(recruiter_client):
    body = {**TEMPLATE, "body": "Hi {{ candidate.salary }}"}
    response = recruiter_client.post("/api/v1/email-templates/", body, format="json")
    assert response.status_code == 422
    assert "candidate.salary" in response.json()["error"]["field_errors"]["body"]


def test_every_kind_has_a_default(recruiter_client):
    rows = recruiter_client.get("/api/v1/email-templates/defaults/").json()
    assert [row["kind"] for row in rows] == ["invitation", "scheduling", "rejection", "offer"]


def test_filter_templates_by_kind_both_ways(recruiter_client, workspace):
    EmailTemplate.objects.create(workspace=workspace, kind="offer", subject="s", body="b")
    assert recruiter_client.get("/api/v1/email-templates/?kind=offer").json()["count"] == 1
    assert recruiter_client.get("/api/v1/email-templates/?kind=rejection").json()["count"] == 0


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        ("owner", 200, 201),
        ("recruiter", 200, 201),
        ("interviewer", 200, 403),
        ("candidate", 404, 403),
        ("outsider", 404, 403),
    ],
)
def test_email_template_permission_walk(client_for, role, read, write, workspace):
    template = EmailTemplate.objects.create(
        workspace=workspace, kind="rejection", subject="s", body="b"
    )
    client = client_for(role)
    assert client.get(f"/api/v1/email-templates/{template.pk}/").status_code == read
    body = {**TEMPLATE, "workspace": str(workspace.pk)}
    created = client.post("/api/v1/email-templates/", body, format="json")
    # Outsiders and candidates name a workspace they do not manage: refused, nothing created.
    assert created.status_code in {write, 422}
    assert EmailTemplate.objects.filter(kind="offer").exists() == (write == 201)


@pytest.mark.parametrize("count", [1, 4])
def test_template_list_queries_are_constant(
    recruiter_client, workspace, django_assert_num_queries, count
):
    for kind in list(EmailTemplate.Kind.values)[:count]:
        EmailTemplate.objects.create(workspace=workspace, kind=kind, subject="s", body="b")
    # the user; their memberships (the workspace ids, read once per request); COUNT; the page
    with django_assert_num_queries(4):
        assert recruiter_client.get("/api/v1/email-templates/").json()["count"] == count


def test_decision_notification_for_an_unscheduled_candidate(
    recruiter_client, workspace, position, django_capture_on_commit_callbacks
):
    candidate = CandidateFactory(workspace=workspace, position=position, name="Alan")
    InterviewFactory(
        workspace=workspace,
        candidate=candidate,
        position=position,
        scheduled_at=timezone.now() + dt.timedelta(days=2),
    )
    with django_capture_on_commit_callbacks(execute=True):
        decide(recruiter_client, candidate, decision="advance", notify_candidate=True)
    [message] = mail.outbox
    assert "Alan" in message.body
    assert "to be arranged" not in message.body
