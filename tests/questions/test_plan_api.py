"""Interview plans (stages with criteria, interviewers and kit questions), copying a plan,
scheduling from a stage, and the interview kit."""

import datetime as dt

import pytest
from django.utils import timezone

from interview_tracker.models import ActivityEvent
from interviews.models import Interview, Participant, PlanStage
from questions.models import KitQuestion
from tests.factories import (
    CandidateFactory,
    FeedbackFactory,
    InterviewFactory,
    ParticipantFactory,
    PlanStageFactory,
    PositionFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["owner", "recruiter", "interviewer", "candidate", "outsider"]


@pytest.fixture
def client_for(api_client_for, cast):
    return lambda role: api_client_for(cast[role])


@pytest.fixture
def position(workspace):
    return PositionFactory(workspace=workspace, title="Backend Engineer")


@pytest.fixture
def question(workspace):
    return QuestionFactory(
        workspace=workspace,
        text="Design a rate limiter",
        key_concepts=["Token bucket", "Sliding window"],
        tips=["Start with one node"],
    )


@pytest.fixture
def stage(workspace, position, interviewer, question):
    stage = PlanStageFactory(workspace=workspace, position=position, name="Technical", order=0)
    stage.default_interviewers.set([interviewer])
    KitQuestion.objects.create(plan_stage=stage, question=question, order=0)
    return stage


def plan_url(position, suffix=""):
    return f"/api/v1/positions/{position.pk}/plan-stages{suffix}"


STAGE = {
    "name": "System design",
    "kind": "system_design",
    "duration_minutes": 90,
    "instructions": "Probe scaling; leave 10 minutes for questions.",
    "criteria": [
        {"name": "Architecture", "guidance": "Sensible components"},
        {"name": "Trade-offs", "guidance": "Names what each choice costs"},
    ],
}


def test_create_a_stage_with_interviewers_criteria_and_kit(
    recruiter_client, position, interviewer, question
):
    body = {**STAGE, "default_interviewers": [str(interviewer.pk)], "questions": [str(question.pk)]}
    response = recruiter_client.post(plan_url(position), body, format="json")
    assert response.status_code == 201, response.json()
    stage = PlanStage.objects.get()
    data = response.json()
    assert data == {
        "id": str(stage.pk),
        "position": str(position.pk),
        "name": "System design",
        "order": 0,
        "kind": "system_design",
        "duration_minutes": 90,
        "instructions": "Probe scaling; leave 10 minutes for questions.",
        "default_interviewers": [str(interviewer.pk)],
        "criteria": STAGE["criteria"],
        "questions": [str(question.pk)],
        "created_at": data["created_at"],
        "updated_at": data["updated_at"],
    }
    assert ActivityEvent.objects.filter(object_id=position.pk, verb="plan_stage_added").exists()


def test_duplicate_criterion_names_are_422(recruiter_client, position):
    body = {**STAGE, "criteria": [{"name": "Depth"}, {"name": "depth"}]}
    response = recruiter_client.post(plan_url(position), body, format="json")
    assert response.status_code == 422
    assert "criteria.1.name" in response.json()["error"]["field_errors"]
    assert not PlanStage.objects.exists()


def test_a_default_interviewer_outside_the_team_is_422(recruiter_client, position, candidate_user):
    body = {**STAGE, "default_interviewers": [str(candidate_user.pk)]}
    response = recruiter_client.post(plan_url(position), body, format="json")
    assert response.status_code == 422
    assert (
        "candidate.user@example.com"
        in response.json()["error"]["field_errors"]["default_interviewers"]
    )


def test_a_question_of_another_workspace_is_422(recruiter_client, position, other_workspace):
    foreign = QuestionFactory(workspace=other_workspace)
    body = {**STAGE, "questions": [str(foreign.pk)]}
    response = recruiter_client.post(plan_url(position), body, format="json")
    assert response.status_code == 422
    assert "questions" in response.json()["error"]["field_errors"]


def test_reorder_by_patching_order_renumbers_the_plan(recruiter_client, workspace, position):
    first, second, third = (
        PlanStageFactory(workspace=workspace, position=position, order=index) for index in range(3)
    )
    response = recruiter_client.patch(
        f"/api/v1/plan-stages/{third.pk}/", {"order": 0}, format="json"
    )
    assert response.status_code == 200
    listed = recruiter_client.get(plan_url(position)).json()["results"]
    assert [row["id"] for row in listed] == [str(third.pk), str(first.pk), str(second.pk)]
    assert [row["order"] for row in listed] == [0, 1, 2]


def test_delete_a_stage_closes_the_gap(recruiter_client, workspace, position):
    first, second, third = (
        PlanStageFactory(workspace=workspace, position=position, order=index) for index in range(3)
    )
    assert recruiter_client.delete(f"/api/v1/plan-stages/{second.pk}/").status_code == 204
    assert list(PlanStage.objects.order_by("order").values_list("id", "order")) == [
        (first.pk, 0),
        (third.pk, 1),
    ]


def test_copy_a_plan_from_another_opening(
    recruiter_client, workspace, stage, interviewer, question
):
    target = PositionFactory(workspace=workspace, title="Platform Engineer")
    response = recruiter_client.post(
        plan_url(target, "/copy"), {"from_position": str(stage.position_id)}, format="json"
    )
    assert response.status_code == 201
    [copied] = response.json()
    assert copied["position"] == str(target.pk)
    assert copied["name"] == "Technical"
    assert copied["criteria"] == stage.criteria
    assert copied["default_interviewers"] == [str(interviewer.pk)]
    assert copied["questions"] == [str(question.pk)]
    assert copied["id"] != str(stage.pk)


def test_copy_from_an_opening_of_another_workspace_is_404(recruiter_client, position, outsider):
    foreign = PositionFactory(workspace=outsider.default_workspace)
    response = recruiter_client.post(
        plan_url(position, "/copy"), {"from_position": str(foreign.pk)}, format="json"
    )
    assert response.status_code == 404
    assert not PlanStage.objects.exists()


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        ("owner", 200, 201),
        ("recruiter", 200, 201),
        ("interviewer", 200, 403),
        ("candidate", 404, 404),
        ("outsider", 404, 404),
    ],
)
def test_plan_permission_walk(client_for, role, read, write, position, stage):
    client = client_for(role)
    assert client.get(plan_url(position)).status_code == read
    assert client.post(plan_url(position), STAGE, format="json").status_code == write
    assert client.get(f"/api/v1/plan-stages/{stage.pk}/").status_code == read
    patched = client.patch(f"/api/v1/plan-stages/{stage.pk}/", {"name": "Renamed"}, format="json")
    assert patched.status_code == (200 if write == 201 else write)
    other = PositionFactory(workspace=position.workspace)
    copied = client.post(plan_url(other, "/copy"), {"from_position": str(position.pk)})
    assert copied.status_code == write
    deleted = client.delete(f"/api/v1/plan-stages/{stage.pk}/")
    assert deleted.status_code == (204 if write == 201 else write)


@pytest.mark.parametrize("stages", [1, 6])
def test_plan_list_queries_are_constant(
    recruiter_client, workspace, position, interviewer, django_assert_num_queries, stages
):
    for index in range(stages):
        stage = PlanStageFactory(workspace=workspace, position=position, order=index)
        stage.default_interviewers.set([interviewer])
        KitQuestion.objects.create(
            plan_stage=stage, question=QuestionFactory(workspace=workspace), order=0
        )
    # the user; their memberships (the workspace ids, read once per request); the position;
    # COUNT; the stages; their interviewers; their kit questions
    with django_assert_num_queries(7):
        response = recruiter_client.get(plan_url(position))
    assert response.json()["count"] == stages


# Scheduling from the plan


def test_scheduling_a_stage_prefills_kind_duration_title_and_interviewers(
    recruiter_client, workspace, position, stage, interviewer
):
    candidate = CandidateFactory(workspace=workspace, position=position)
    response = recruiter_client.post(
        "/api/v1/interviews/",
        {
            "candidate": str(candidate.pk),
            "plan_stage": str(stage.pk),
            "scheduled_at": (timezone.now() + dt.timedelta(days=2)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kind"], body["duration_minutes"], body["title"], body["plan_stage"]) == (
        "technical",
        45,
        "Technical",
        str(stage.pk),
    )
    interview = Interview.objects.get()
    assert list(interview.participants.values_list("user_id", "role")) == [
        (interviewer.pk, Participant.Role.INTERVIEWER)
    ]


def test_explicit_fields_win_over_the_stage(recruiter_client, workspace, position, stage):
    candidate = CandidateFactory(workspace=workspace, position=position)
    response = recruiter_client.post(
        "/api/v1/interviews/",
        {
            "candidate": str(candidate.pk),
            "plan_stage": str(stage.pk),
            "title": "Pairing session",
            "duration_minutes": 30,
            "scheduled_at": (timezone.now() + dt.timedelta(days=2)).isoformat(),
        },
        format="json",
    )
    assert (response.json()["title"], response.json()["duration_minutes"]) == (
        "Pairing session",
        30,
    )


def test_a_stage_of_another_opening_is_422(recruiter_client, workspace, stage):
    elsewhere = CandidateFactory(workspace=workspace, position=PositionFactory(workspace=workspace))
    response = recruiter_client.post(
        "/api/v1/interviews/",
        {
            "candidate": str(elsewhere.pk),
            "plan_stage": str(stage.pk),
            "scheduled_at": (timezone.now() + dt.timedelta(days=2)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 422
    assert "plan_stage" in response.json()["error"]["field_errors"]
    assert not Interview.objects.exists()


# The kit


@pytest.fixture
def staged_interview(workspace, position, stage, interviewer, candidate_user, owner):
    candidate = CandidateFactory(
        workspace=workspace, position=position, name="Ada Lovelace", links=["https://ada.dev"]
    )
    earlier = InterviewFactory(
        workspace=workspace,
        candidate=candidate,
        position=position,
        title="Phone screen",
        kind="phone_screen",
        scheduled_at=timezone.now() - dt.timedelta(days=5),
        status="completed",
        outcome="passed",
    )
    FeedbackFactory(interview=earlier, author=owner, rating=5, comment="Secret opinion")
    interview = InterviewFactory(
        workspace=workspace,
        candidate=candidate,
        position=position,
        plan_stage=stage,
        title="Technical",
        scheduled_at=timezone.now() + dt.timedelta(days=1),
    )
    ParticipantFactory(interview=interview, user=interviewer, role="interviewer")
    ParticipantFactory(interview=interview, user=candidate_user, role="candidate")
    return interview


def test_the_kit_for_an_interviewer(interviewer_client, staged_interview, stage, question):
    response = interviewer_client.get(f"/api/v1/interviews/{staged_interview.pk}/kit")
    assert response.status_code == 200
    body = response.json()
    earlier = Interview.objects.get(title="Phone screen")
    assert body == {
        "interview": str(staged_interview.pk),
        "stage": "Technical",
        "instructions": "",
        "criteria": stage.criteria,
        "questions": [
            {
                "id": str(question.pk),
                "text": "Design a rate limiter",
                "key_concepts": ["Token bucket", "Sliding window"],
                "tips": ["Start with one node"],
            }
        ],
        "candidate": {
            "id": str(staged_interview.candidate_id),
            "name": "Ada Lovelace",
            "links": ["https://ada.dev"],
            "resume_url": None,
        },
        "previous_interviews": [
            {
                "id": str(earlier.pk),
                "title": "Phone screen",
                "kind": "phone_screen",
                "scheduled_at": body["previous_interviews"][0]["scheduled_at"],
                "status": "completed",
                "outcome": "passed",
            }
        ],
    }
    assert "Secret opinion" not in response.content.decode()


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
def test_kit_permission_walk(client_for, role, expected, staged_interview):
    assert client_for(role).get(f"/api/v1/interviews/{staged_interview.pk}/kit").status_code == (
        expected
    )


def test_an_interviewer_who_does_not_take_part_gets_403(
    api_client_for, workspace, staged_interview
):
    from tests.conftest import _member

    colleague = _member(workspace, "interviewer", "colleague@example.com")
    response = api_client_for(colleague).get(f"/api/v1/interviews/{staged_interview.pk}/kit")
    assert response.status_code == 403


@pytest.mark.parametrize("questions", [1, 5])
def test_kit_queries_are_constant(
    interviewer_client, workspace, staged_interview, stage, django_assert_num_queries, questions
):
    for index in range(questions):
        KitQuestion.objects.create(
            plan_stage=stage, question=QuestionFactory(workspace=workspace), order=index + 1
        )
    # memberships, the interview (+candidate), is-participant, the stage, its interviewers, its
    # kit questions, the earlier interviews
    with django_assert_num_queries(8):
        response = interviewer_client.get(f"/api/v1/interviews/{staged_interview.pk}/kit")
    assert len(response.json()["questions"]) == questions + 1
