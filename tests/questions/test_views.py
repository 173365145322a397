"""Dashboard pages: the bank, a question, its forms, practice mode, my skills, the panel."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from interview_tracker.extensions import registry
from questions.models import InterviewQuestion, PracticeSession, Question, ReviewSchedule, UserSkill
from tests.factories import (
    CompanyFactory,
    InterviewFactory,
    InterviewQuestionFactory,
    ParticipantFactory,
    PracticeSessionFactory,
    QuestionFactory,
    SkillFactory,
)

from .conftest import ReviewScheduleFactory

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_bank_lists_filters_and_sorts(owner, workspace):
    company = CompanyFactory(workspace=workspace, name="Initech")
    hard = QuestionFactory(workspace=workspace, text="Hard one", difficulty="hard", tags=["sql"])
    easy = QuestionFactory(workspace=workspace, text="Easy one", difficulty="easy", company=company)
    InterviewQuestionFactory(workspace=workspace, question=hard)
    client = client_for(owner)
    page = client.get("/questions/").content.decode()
    assert "Hard one" in page
    assert "Easy one" in page
    assert 'class="badge badge-hard"' in page
    page = client.get("/questions/", {"difficulty": "easy"}).content.decode()
    assert "Easy one" in page
    assert "Hard one" not in page
    page = client.get("/questions/", {"tags": "sql"}).content.decode()
    assert "Hard one" in page
    assert "Easy one" not in page
    page = client.get("/questions/", {"company": str(company.pk)}).content.decode()
    assert "Easy one" in page
    assert "Hard one" not in page
    page = client.get("/questions/", {"search": "easy"}).content.decode()
    assert "Easy one" in page
    assert "Hard one" not in page
    page = client.get("/questions/", {"ordering": "-times_asked"}).content.decode()
    assert page.index("Hard one") < page.index("Easy one")
    page = client.get("/questions/", {"ordering": "difficulty"}).content.decode()
    assert page.index("Easy one") < page.index("Hard one")
    assert easy.pk


def test_htmx_request_renders_only_the_results(owner, workspace):
    QuestionFactory(workspace=workspace, text="Partial one")
    response = client_for(owner).get("/questions/", headers={"HX-Request": "true"})
    content = response.content.decode()
    assert "Partial one" in content
    assert "<html" not in content
    assert 'id="question-results"' in content


def test_bank_empty_state_says_what_to_do(owner):
    page = client_for(owner).get("/questions/").content.decode()
    assert "add a question to the bank" in page


@pytest.mark.parametrize("size", [5, 25])
def test_bank_runs_constant_queries(owner, workspace, django_assert_num_queries, size):
    for question in QuestionFactory.create_batch(30, workspace=workspace, tags=["x"]):
        InterviewQuestionFactory(workspace=workspace, question=question, answer_quality_rating=6)
    client = client_for(owner)
    # 1 session, 2 user, 3 the user's roles (can_manage), 4 COUNT, 5 the page with stats and
    # company, 6 the company filter options, 7 the workspace switcher's memberships.
    with django_assert_num_queries(7):
        response = client.get("/questions/", {"page_size": size})
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == size


def test_detail_shows_everything(owner, workspace, question):
    interview = InterviewFactory(workspace=workspace, title="Onsite loop")
    InterviewQuestionFactory(
        workspace=workspace, question=question, interview=interview, answer_quality_rating=7
    )
    PracticeSessionFactory(workspace=workspace, question=question, user=owner, self_rating=9)
    page = client_for(owner).get(f"/questions/{question.pk}/").content.decode()
    for text in (
        "Hashing, storage and redirection.",
        "Caching",
        "Ignoring collisions",
        "Use base62",
        "Onsite loop",
        "rated 7/10",
        "9/10",
        "Deactivate",
    ):
        assert text in page, text


def test_detail_renders_registered_panels(owner, question):
    from interview_tracker.extensions import Panel

    registry.add_panel("questions.question", Panel(title="Test panel", url_name="questions:detail"))
    try:
        page = client_for(owner).get(f"/questions/{question.pk}/").content.decode()
    finally:
        registry.panels["questions.question"].pop()
    assert "Test panel" in page


@pytest.mark.parametrize("role", ["candidate_user", "outsider"])
def test_detail_is_404_for_those_who_cannot_see_it(request, role, question):
    user = request.getfixturevalue(role)
    assert client_for(user).get(f"/questions/{question.pk}/").status_code == 404


def test_create_with_one_item_per_line(owner, workspace):
    response = client_for(owner).post(
        "/questions/new/",
        {
            "text": "What is a deadlock?",
            "category": "technical",
            "difficulty": "medium",
            "key_concepts": "Locks\r\n\r\n Ordering \nLocks",
            "tips": "Draw it",
            "tags": "os\nconcurrency",
        },
    )
    question = Question.objects.get()
    assert response.status_code == 302
    assert question.key_concepts == ["Locks", "Ordering"]
    assert question.tags == ["os", "concurrency"]
    assert question.workspace_id == workspace.pk


def test_create_shows_field_errors(owner):
    response = client_for(owner).post("/questions/new/", {"text": "", "category": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"text", "category", "difficulty"}
    assert not Question.objects.exists()


def test_edit_prefills_lines_and_saves(owner, question):
    client = client_for(owner)
    page = client.get(f"/questions/{question.pk}/edit/").content.decode()
    assert "Hashing\nCaching" in page
    response = client.post(
        f"/questions/{question.pk}/edit/",
        {"text": question.text, "category": "coding", "difficulty": "easy", "tips": "a\nb"},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.category, question.tips) == ("coding", ["a", "b"])


@pytest.mark.parametrize(("role", "status"), [("recruiter", 302), ("interviewer", 403)])
def test_only_managers_edit_and_deactivate(request, question, role, status):
    client = client_for(request.getfixturevalue(role))
    assert client.post(f"/questions/{question.pk}/active/").status_code == status
    question.refresh_from_db()
    assert question.is_active is (status != 302)
    assert client.get("/questions/new/").status_code == (200 if status == 302 else 403)


def test_deactivate_then_reactivate(owner, question):
    client = client_for(owner)
    client.post(f"/questions/{question.pk}/active/")
    question.refresh_from_db()
    assert not question.is_active
    client.post(f"/questions/{question.pk}/active/")
    question.refresh_from_db()
    assert question.is_active


def test_practice_due_queue_then_record(owner, workspace):
    due = QuestionFactory(workspace=workspace, text="Due question")
    ReviewScheduleFactory(user=owner, question=due)
    client = client_for(owner)
    page = client.get("/questions/practice/").content.decode()
    assert "Due question" in page
    assert "Reveal the model answer" in page
    assert 'value="10"' in page
    assert "data-practice-timer" in page
    response = client.post(
        f"/questions/{due.pk}/practice/",
        {
            "self_rating": "8",
            "answer": "My answer",
            "duration_seconds": "42",
            "next_query": "mode=due",
        },
    )
    assert response.status_code == 200
    assert "Next review" in response.content.decode()
    session = PracticeSession.objects.get()
    assert (session.self_rating, session.duration_seconds) == (8, 42)
    assert ReviewSchedule.objects.get(user=owner).due_at > timezone.now()
    assert "Nothing is due" in client.get("/questions/practice/").content.decode()


def test_practice_random_by_filter(owner, workspace):
    QuestionFactory(workspace=workspace, text="Behavioural one", category="behavioral")
    QuestionFactory(workspace=workspace, text="Coding one", category="coding")
    client = client_for(owner)
    page = client.get("/questions/practice/", {"mode": "random", "category": "coding"})
    assert "Coding one" in page.content.decode()
    page = client.get("/questions/practice/", {"mode": "random", "category": "hr"})
    assert "No active question matches" in page.content.decode()


def test_practice_refuses_a_bad_rating(owner, question):
    response = client_for(owner).post(f"/questions/{question.pk}/practice/", {"self_rating": "11"})
    assert response.status_code == 422
    assert not PracticeSession.objects.exists()


@pytest.mark.parametrize("size", [3, 20])
def test_practice_page_constant_queries(owner, workspace, django_assert_num_queries, size):
    past = timezone.now() - dt.timedelta(days=1)
    for question in QuestionFactory.create_batch(size, workspace=workspace):
        ReviewScheduleFactory(user=owner, question=question, due_at=past)
    # 1 session, 2 user, 3 memberships, 4 COUNT of the due queue, 5 its first question, 6 the
    # switcher.
    client = client_for(owner)
    with django_assert_num_queries(6):
        assert client.get("/questions/practice/").status_code == 200


def test_my_skills_page_sets_and_removes(owner, workspace):
    python = SkillFactory(workspace=workspace, name="Python")
    SkillFactory(workspace=workspace, name="Go")
    client = client_for(owner)
    page = client.get("/questions/skills/").content.decode()
    assert "Python" in page
    assert "Go" in page
    assert (
        client.post("/questions/skills/", {"skill": python.pk, "proficiency": 4}).status_code == 302
    )
    assert UserSkill.objects.get(user=owner).proficiency == 4
    client.post("/questions/skills/", {"skill": python.pk, "proficiency": 0})
    assert not UserSkill.objects.exists()
    response = client.post("/questions/skills/", {"skill": python.pk, "proficiency": 9})
    assert response.status_code == 200
    assert not UserSkill.objects.exists()


@pytest.mark.parametrize("size", [3, 20])
def test_my_skills_constant_queries(owner, workspace, django_assert_num_queries, size):
    for skill in SkillFactory.create_batch(25, workspace=workspace):
        UserSkill.objects.create(workspace=workspace, user=owner, skill=skill, proficiency=2)
    # 1 session, 2 user, 3 roles, 4 COUNT, 5 the page with my proficiency, 6 the switcher.
    client = client_for(owner)
    with django_assert_num_queries(6):
        response = client.get("/questions/skills/", {"page_size": size})
    assert len(response.context["page_obj"].object_list) == size


# --- the interview panel ---------------------------------------------------------------------


def test_the_panel_is_registered_for_interviews():
    titles = [panel.title for panel in registry.panels["interviews.interview"]]
    assert "Questions asked" in titles


def test_panel_lists_links_and_adds_by_text_and_by_choice(owner, workspace, question):
    interview = InterviewFactory(workspace=workspace)
    client = client_for(owner)
    page = client.get(f"/questions/interview/{interview.pk}/").content.decode()
    assert "No questions recorded" in page
    response = client.post(
        f"/questions/interview/{interview.pk}/add/",
        {"text": "Why this company?", "category": "hr", "answer_quality_rating": "7"},
        headers={"HX-Request": "true"},
    )
    content = response.content.decode()
    assert "Why this company?" in content
    assert "7/10" in content
    assert "<html" not in content
    client.post(f"/questions/interview/{interview.pk}/add/", {"question": question.pk})
    assert InterviewQuestion.objects.filter(interview=interview).count() == 2
    duplicate = client.post(f"/questions/interview/{interview.pk}/add/", {"question": question.pk})
    assert duplicate.status_code == 422
    assert "already linked" in duplicate.content.decode()
    link = InterviewQuestion.objects.get(question=question)
    client.post(f"/questions/interview/{interview.pk}/{link.pk}/remove/")
    assert InterviewQuestion.objects.filter(interview=interview).count() == 1


def test_an_observer_interviewer_adds_questions_on_the_panel(interviewer, workspace, question):
    """The panel asks the rule the feedback asks (``can_take_part``): observers take part."""
    interview = InterviewFactory(workspace=workspace)
    ParticipantFactory(interview=interview, user=interviewer, role="observer")
    response = client_for(interviewer).post(
        f"/questions/interview/{interview.pk}/add/", {"question": question.pk}
    )
    assert response.status_code == 302
    assert InterviewQuestion.objects.filter(interview=interview, question=question).exists()


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        ("owner", 200, 302),
        ("recruiter", 200, 302),
        ("interviewer", 200, 403),
        ("participant", 200, 302),
        ("candidate_user", 404, 404),
        ("outsider", 404, 404),
    ],
)
def test_panel_role_matrix(request, workspace, question, role, read, write):
    interview = InterviewFactory(workspace=workspace)
    user = request.getfixturevalue("interviewer" if role == "participant" else role)
    if role == "participant":
        ParticipantFactory(interview=interview, user=user, role="interviewer")
    if role == "candidate_user":
        ParticipantFactory(interview=interview, user=user, role="candidate")
    client = client_for(user)
    assert client.get(f"/questions/interview/{interview.pk}/").status_code == read
    response = client.post(f"/questions/interview/{interview.pk}/add/", {"question": question.pk})
    assert response.status_code == write
    assert InterviewQuestion.objects.exists() == (write == 302)


@pytest.mark.parametrize("size", [2, 15])
def test_panel_constant_queries(owner, workspace, django_assert_num_queries, size):
    interview = InterviewFactory(workspace=workspace)
    for question in QuestionFactory.create_batch(size, workspace=workspace):
        InterviewQuestionFactory(workspace=workspace, interview=interview, question=question)
    # 1 session, 2 user, 3 the interview, 4 roles, 5 the links with questions, 6 the bank's
    # questions for the form's select.
    client = client_for(owner)
    with django_assert_num_queries(6):
        response = client.get(
            f"/questions/interview/{interview.pk}/", headers={"HX-Request": "true"}
        )
    assert response.content.decode().count("/questions/interview/") >= size
