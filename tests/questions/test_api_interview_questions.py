"""interviews/{id}/questions, practice-sessions and user-skills."""

import pytest

from questions.models import InterviewQuestion, PracticeSession, Question, UserSkill
from tests.factories import (
    InterviewFactory,
    InterviewQuestionFactory,
    ParticipantFactory,
    PracticeSessionFactory,
    QuestionFactory,
    SkillFactory,
    UserSkillFactory,
)

pytestmark = pytest.mark.django_db


def iso(value):
    return value.isoformat().replace("+00:00", "Z")


@pytest.fixture
def interview(workspace):
    return InterviewFactory(workspace=workspace)


def url(interview, link=None):
    base = f"/api/v1/interviews/{interview.pk}/questions/"
    return f"{base}{link.pk}/" if link else base


def link_body(link):
    return {
        "id": str(link.pk),
        "workspace": str(link.workspace_id),
        "interview": str(link.interview_id),
        "question": str(link.question_id),
        "question_text": link.question.text,
        "question_category": link.question.category,
        "question_difficulty": link.question.difficulty,
        "was_asked": link.was_asked,
        "order_asked": link.order_asked,
        "candidate_answer": link.candidate_answer,
        "answer_quality_rating": link.answer_quality_rating,
        "time_taken_minutes": link.time_taken_minutes,
        "was_prepared": link.was_prepared,
        "confidence_level": link.confidence_level,
        "what_went_well": link.what_went_well,
        "what_could_improve": link.what_could_improve,
        "created_at": iso(link.created_at),
        "updated_at": iso(link.updated_at),
    }


def test_link_an_existing_question(owner_client, interview, question):
    response = owner_client.post(
        url(interview),
        {"question": str(question.pk), "answer_quality_rating": 8, "order_asked": 1},
    )
    assert response.status_code == 201, response.json()
    link = InterviewQuestion.objects.select_related("question").get()
    assert response.json() == link_body(link)
    listed = owner_client.get(url(interview)).json()
    assert listed["count"] == 1
    assert listed["results"] == [link_body(link)]


def test_add_a_new_question_by_text(owner_client, interview):
    response = owner_client.post(url(interview), {"text": "Why us?", "category": "hr"})
    assert response.status_code == 201
    question = Question.objects.get()
    assert (question.text, question.category, question.workspace_id) == (
        "Why us?",
        "hr",
        interview.workspace_id,
    )
    assert response.json()["question"] == str(question.pk)


def test_a_second_link_of_the_same_question_is_409(owner_client, interview, question):
    InterviewQuestionFactory(workspace=interview.workspace, interview=interview, question=question)
    response = owner_client.post(url(interview), {"question": str(question.pk)})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "RESOURCE_CONFLICT"
    assert InterviewQuestion.objects.count() == 1


@pytest.mark.parametrize("field", ["answer_quality_rating", "confidence_level"])
@pytest.mark.parametrize("value", [0, 11])
def test_ratings_outside_1_to_10_are_422(owner_client, interview, question, field, value):
    response = owner_client.post(url(interview), {"question": str(question.pk), field: value})
    assert response.status_code == 422
    assert field in response.json()["error"]["field_errors"]
    assert not InterviewQuestion.objects.exists()


def test_neither_question_nor_text_is_422(owner_client, interview):
    response = owner_client.post(url(interview), {"answer_quality_rating": 5})
    assert response.status_code == 422
    assert set(response.json()["error"]["field_errors"]) == {"question"}


def test_patch_and_delete_a_link(owner_client, owner, interview, question):
    link = InterviewQuestionFactory(
        workspace=interview.workspace, interview=interview, question=question
    )
    response = owner_client.patch(url(interview, link), {"answer_quality_rating": 4})
    assert response.status_code == 200
    assert response.json()["answer_quality_rating"] == 4
    # A low rating put the question in the recorder's due queue.
    due = owner_client.get("/api/v1/questions/due/").json()
    assert [row["id"] for row in due["results"]] == [str(question.pk)]
    assert owner_client.patch(url(interview, link), {"confidence_level": 12}).status_code == 422
    assert owner_client.delete(url(interview, link)).status_code == 204
    assert not InterviewQuestion.objects.exists()


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        ("owner", 200, 201),
        ("recruiter", 200, 201),
        ("interviewer", 200, 403),
        ("participant", 200, 201),
        ("candidate", 404, 404),
        ("candidate_participant", 404, 404),
        ("outsider", 404, 404),
    ],
)
def test_role_matrix(cast, api_client_for, interview, question, role, read, write):
    user = cast[role.replace("participant", "").strip("_") or "interviewer"]
    if role == "participant":
        ParticipantFactory(interview=interview, user=user, role="interviewer")
    if role == "candidate_participant":
        ParticipantFactory(interview=interview, user=user, role="candidate")
    client = api_client_for(user)
    assert client.get(url(interview)).status_code == read
    response = client.post(url(interview), {"question": str(question.pk)})
    assert response.status_code == write
    assert InterviewQuestion.objects.exists() == (write == 201)
    if write == 201:
        link = InterviewQuestion.objects.get()
        assert client.patch(url(interview, link), {"was_asked": False}).status_code == 200
        assert client.delete(url(interview, link)).status_code == 204
    else:
        link = InterviewQuestionFactory(
            workspace=interview.workspace, interview=interview, question=question
        )
        assert client.patch(url(interview, link), {"was_asked": False}).status_code == write
        assert client.delete(url(interview, link)).status_code == write
        link.refresh_from_db()
        assert link.was_asked is True


def test_list_runs_constant_queries_at_two_page_sizes(
    owner_client, interview, django_assert_num_queries
):
    for question in QuestionFactory.create_batch(12, workspace=interview.workspace):
        InterviewQuestionFactory(
            workspace=interview.workspace, interview=interview, question=question
        )
    # 1 JWT user, 2 the interview (access rule), 3 roles, 4 COUNT, 5 the page with questions.
    for size in (3, 12):
        with django_assert_num_queries(5):
            data = owner_client.get(url(interview), {"page_size": size}).json()
        assert len(data["results"]) == size


# --- practice sessions -----------------------------------------------------------------------

SESSIONS = "/api/v1/practice-sessions/"


def test_practice_history_is_mine_only_and_filters_by_question(
    owner_client, owner, recruiter, workspace, question
):
    other = QuestionFactory(workspace=workspace)
    mine = PracticeSessionFactory(workspace=workspace, user=owner, question=question)
    PracticeSessionFactory(workspace=workspace, user=owner, question=other)
    PracticeSessionFactory(workspace=workspace, user=recruiter, question=question)
    assert owner_client.get(SESSIONS).json()["count"] == 2
    rows = owner_client.get(SESSIONS, {"question": str(question.pk)}).json()["results"]
    assert rows == [
        {
            "id": str(mine.pk),
            "workspace": str(workspace.pk),
            "question": str(question.pk),
            "question_text": question.text,
            "answer": "",
            "self_rating": 6,
            "duration_seconds": None,
            "created_at": iso(mine.created_at),
            "updated_at": iso(mine.updated_at),
        }
    ]
    assert owner_client.get(SESSIONS, {"question": str(other.pk)}).json()["count"] == 1


@pytest.mark.parametrize("role", ["recruiter", "interviewer", "candidate", "outsider"])
def test_others_cannot_see_or_delete_my_sessions(cast, api_client_for, owner, workspace, role):
    session = PracticeSessionFactory(workspace=workspace, user=owner)
    client = api_client_for(cast[role])
    assert client.get(f"{SESSIONS}{session.pk}/").status_code == 404
    assert client.delete(f"{SESSIONS}{session.pk}/").status_code == 404
    assert PracticeSession.objects.filter(pk=session.pk).exists()


def test_sessions_list_constant_queries(owner_client, owner, workspace, django_assert_num_queries):
    PracticeSessionFactory.create_batch(12, workspace=workspace, user=owner)
    # 1 JWT user, 2 memberships (the scope's ids), 3 COUNT, 4 the page with its questions.
    for size in (3, 12):
        with django_assert_num_queries(4):
            assert len(owner_client.get(SESSIONS, {"page_size": size}).json()["results"]) == size


# --- user skills -----------------------------------------------------------------------------

SKILLS = "/api/v1/user-skills/"


def test_user_skill_crud(owner_client, owner, workspace):
    skill = SkillFactory(workspace=workspace, name="Python")
    response = owner_client.post(SKILLS, {"skill": str(skill.pk), "proficiency": 3})
    assert response.status_code == 201
    user_skill = UserSkill.objects.get()
    assert response.json() == {
        "id": str(user_skill.pk),
        "workspace": str(workspace.pk),
        "skill": str(skill.pk),
        "skill_name": "Python",
        "proficiency": 3,
        "created_at": iso(user_skill.created_at),
        "updated_at": iso(user_skill.updated_at),
    }
    again = owner_client.post(SKILLS, {"skill": str(skill.pk), "proficiency": 4})
    assert again.status_code == 409
    assert (
        owner_client.patch(f"{SKILLS}{user_skill.pk}/", {"proficiency": 5}).json()["proficiency"]
        == 5
    )
    bad = owner_client.patch(f"{SKILLS}{user_skill.pk}/", {"proficiency": 6})
    assert bad.status_code == 422
    assert "proficiency" in bad.json()["error"]["field_errors"]
    assert owner_client.delete(f"{SKILLS}{user_skill.pk}/").status_code == 204
    assert not UserSkill.objects.exists()


def test_a_skill_of_another_workspace_is_422(owner_client, other_workspace):
    skill = SkillFactory(workspace=other_workspace)
    response = owner_client.post(SKILLS, {"skill": str(skill.pk), "proficiency": 3})
    assert response.status_code == 422
    assert "skill" in response.json()["error"]["field_errors"]


@pytest.mark.parametrize("role", ["recruiter", "interviewer", "candidate", "outsider"])
def test_user_skills_are_private(cast, api_client_for, owner, workspace, role):
    user_skill = UserSkillFactory(workspace=workspace, user=owner)
    client = api_client_for(cast[role])
    assert client.get(SKILLS).json()["count"] == 0
    assert client.patch(f"{SKILLS}{user_skill.pk}/", {"proficiency": 1}).status_code == 404
    user_skill.refresh_from_db()
    assert user_skill.proficiency == 3


def test_user_skills_list_constant_queries(
    owner_client, owner, workspace, django_assert_num_queries
):
    UserSkillFactory.create_batch(12, workspace=workspace, user=owner)
    # 1 JWT user, 2 memberships (the scope's ids), 3 COUNT, 4 the page with its skills.
    for size in (3, 12):
        with django_assert_num_queries(4):
            assert len(owner_client.get(SKILLS, {"page_size": size}).json()["results"]) == size


def test_an_observer_interviewer_may_act_on_questions_as_on_feedback(
    interviewer_client, interviewer, interview, question
):
    """One rule (``interviews.permissions.can_take_part``): an interviewer member taking part
    as an observer writes feedback, so they record the questions asked too."""
    ParticipantFactory(interview=interview, user=interviewer, role="observer")
    feedback = interviewer_client.post(
        f"/api/v1/interviews/{interview.pk}/feedback/",
        {"rating": 4, "recommendation": "yes", "criteria": [], "comment": ""},
        format="json",
    )
    asked = interviewer_client.post(url(interview), {"question": str(question.pk)})
    assert (feedback.status_code, asked.status_code) == (201, 201)


def test_an_interviewer_not_taking_part_may_act_on_neither(interviewer_client, interview, question):
    feedback = interviewer_client.post(
        f"/api/v1/interviews/{interview.pk}/feedback/",
        {"rating": 4, "recommendation": "yes", "criteria": [], "comment": ""},
        format="json",
    )
    asked = interviewer_client.post(url(interview), {"question": str(question.pk)})
    assert (feedback.status_code, asked.status_code) == (403, 403)
