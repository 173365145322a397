"""The questions API: CRUD, filters, search, ordering, practice, due queue."""

import datetime as dt
from statistics import mean

import pytest
from django.db import connection
from django.utils import timezone

from questions import services
from questions.models import InterviewQuestion, PracticeSession, Question, ReviewSchedule
from tests.factories import (
    CompanyFactory,
    InterviewFactory,
    InterviewQuestionFactory,
    PracticeSessionFactory,
    QuestionFactory,
    SkillFactory,
)

from .conftest import ReviewScheduleFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/questions/"


def iso(value):
    return value.isoformat().replace("+00:00", "Z")


def body(question, **stats):
    return {
        "id": str(question.pk),
        "workspace": str(question.workspace_id),
        "text": question.text,
        "category": question.category,
        "difficulty": question.difficulty,
        "answer_summary": question.answer_summary,
        "key_concepts": question.key_concepts,
        "common_mistakes": question.common_mistakes,
        "tips": question.tips,
        "time_to_answer_minutes": question.time_to_answer_minutes,
        "tags": question.tags,
        "skills": [str(s.pk) for s in question.skills.order_by("id")],
        "company": str(question.company_id) if question.company_id else None,
        "company_name": question.company.name if question.company_id else None,
        "is_active": question.is_active,
        "times_asked": stats.get("times_asked", 0),
        "times_practiced": stats.get("times_practiced", 0),
        "average_rating": stats.get("average_rating"),
        "created_at": iso(question.created_at),
        "updated_at": iso(question.updated_at),
    }


def test_create_returns_the_whole_question(owner_client, owner, workspace):
    company = CompanyFactory(workspace=workspace, name="TechCorp")
    skill = SkillFactory(workspace=workspace)
    response = owner_client.post(
        URL,
        {
            "text": "How would you design Instagram?",
            "category": "system_design",
            "difficulty": "hard",
            "answer_summary": "Feed, storage, CDN.",
            "key_concepts": ["Fan-out", "CDN"],
            "common_mistakes": ["No caching"],
            "tips": ["Start with requirements"],
            "time_to_answer_minutes": 45,
            "tags": ["system_design", "scalability"],
            "company": str(company.pk),
            "skills": [str(skill.pk)],
        },
    )
    assert response.status_code == 201, response.json()
    question = Question.objects.select_related("company").get()
    assert response.json() == body(question)
    assert question.created_by_id == owner.pk


def test_create_validates_and_answers_422(owner_client):
    response = owner_client.post(URL, {"text": "", "category": "astrology", "difficulty": "hard"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert set(error["field_errors"]) == {"text", "category"}


def test_detail_and_put_update(owner_client, question):
    response = owner_client.get(f"{URL}{question.pk}/")
    assert response.json() == body(question)
    response = owner_client.put(
        f"{URL}{question.pk}/",
        {"text": "Design a URL shortener", "category": "system_design", "difficulty": "medium"},
    )
    assert response.status_code == 200
    question.refresh_from_db()
    assert (question.text, question.difficulty) == ("Design a URL shortener", "medium")
    assert response.json() == body(question)


def test_delete_deactivates_and_lists_hide_it_unless_asked(owner_client, question):
    assert owner_client.delete(f"{URL}{question.pk}/").status_code == 204
    question.refresh_from_db()
    assert question.is_active is False
    assert owner_client.get(URL).json()["count"] == 0
    inactive = owner_client.get(URL, {"is_active": "false"}).json()
    assert [row["id"] for row in inactive["results"]] == [str(question.pk)]
    assert owner_client.get(URL, {"is_active": "true"}).json()["count"] == 0
    # Still reachable by id, and reactivated with PATCH.
    assert owner_client.get(f"{URL}{question.pk}/").json()["is_active"] is False
    assert owner_client.patch(f"{URL}{question.pk}/", {"is_active": True}).status_code == 200
    assert owner_client.get(URL).json()["count"] == 1


@pytest.mark.parametrize(
    ("param", "match", "miss", "absent"),
    [
        ("category", "behavioral", "coding", "hr"),
        ("difficulty", "easy", "expert", "medium"),
    ],
)
def test_choice_filters_both_ways(owner_client, workspace, param, match, miss, absent):
    wanted = QuestionFactory(workspace=workspace, **{param: match})
    QuestionFactory(workspace=workspace, **{param: miss})
    rows = owner_client.get(URL, {param: match}).json()["results"]
    assert [row["id"] for row in rows] == [str(wanted.pk)]
    assert owner_client.get(URL, {param: absent}).json()["count"] == 0
    response = owner_client.get(URL, {param: "nonsense"})
    assert response.status_code == 422
    assert param in response.json()["error"]["field_errors"]


def test_company_filter_by_id_and_by_name(owner_client, workspace):
    acme = CompanyFactory(workspace=workspace, name="Acme Corp")
    asked = QuestionFactory(workspace=workspace, company=acme)
    QuestionFactory(workspace=workspace)
    for value in (str(acme.pk), "acme"):
        rows = owner_client.get(URL, {"company": value}).json()["results"]
        assert [row["id"] for row in rows] == [str(asked.pk)]
    assert owner_client.get(URL, {"company": "Globex"}).json()["count"] == 0


def test_tags_match_any_of_the_given_tags(owner_client, workspace):
    a = QuestionFactory(workspace=workspace, tags=["python", "web"])
    b = QuestionFactory(workspace=workspace, tags=["sql"])
    QuestionFactory(workspace=workspace, tags=["go"])
    QuestionFactory(workspace=workspace, tags=[])
    rows = owner_client.get(f"{URL}?tags=python&tags=sql").json()["results"]
    assert {row["id"] for row in rows} == {str(a.pk), str(b.pk)}
    assert owner_client.get(URL, {"tags": "web"}).json()["count"] == 1
    assert owner_client.get(URL, {"tags": "rust"}).json()["count"] == 0


def test_search_finds_words_in_text_or_answer_summary(owner_client, workspace):
    by_text = QuestionFactory(
        workspace=workspace, text="Explain database sharding", answer_summary="Split rows."
    )
    by_summary = QuestionFactory(
        workspace=workspace, text="Scale writes", answer_summary="Use sharding and queues."
    )
    QuestionFactory(workspace=workspace, text="Tell me about yourself", answer_summary="Story.")
    rows = owner_client.get(URL, {"search": "sharding"}).json()["results"]
    assert {row["id"] for row in rows} == {str(by_text.pk), str(by_summary.pk)}
    rows = owner_client.get(URL, {"search": "Database"}).json()["results"]
    assert [row["id"] for row in rows] == [str(by_text.pk)]
    assert owner_client.get(URL, {"search": "kubernetes"}).json()["count"] == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_postgres_search_is_full_text_with_stemming(owner_client, workspace):
    question = QuestionFactory(workspace=workspace, text="Designing caches", answer_summary="")
    rows = owner_client.get(URL, {"search": "design cache"}).json()["results"]
    assert [row["id"] for row in rows] == [str(question.pk)]


def test_ordering_by_difficulty_uses_rank_not_alphabet(owner_client, workspace):
    for level in ("medium", "expert", "easy", "hard"):
        QuestionFactory(workspace=workspace, difficulty=level)
    rows = owner_client.get(URL, {"ordering": "difficulty"}).json()["results"]
    assert [row["difficulty"] for row in rows] == ["easy", "medium", "hard", "expert"]
    rows = owner_client.get(URL, {"ordering": "-difficulty"}).json()["results"]
    assert [row["difficulty"] for row in rows] == ["expert", "hard", "medium", "easy"]


def test_ordering_by_stats(owner_client, owner, workspace):
    rare, often, never = (QuestionFactory(workspace=workspace) for _ in range(3))
    InterviewQuestionFactory(workspace=workspace, question=often, answer_quality_rating=9)
    InterviewQuestionFactory(workspace=workspace, question=often, answer_quality_rating=7)
    InterviewQuestionFactory(workspace=workspace, question=rare, answer_quality_rating=3)
    PracticeSessionFactory(workspace=workspace, question=rare, user=owner)
    ids = lambda ordering: [  # noqa: E731
        row["id"] for row in owner_client.get(URL, {"ordering": ordering}).json()["results"]
    ]
    assert ids("-times_asked") == [str(often.pk), str(rare.pk), str(never.pk)]
    assert ids("-times_practiced")[0] == str(rare.pk)
    # Questions without a rating come last both ways.
    assert ids("-average_rating") == [str(often.pk), str(rare.pk), str(never.pk)]
    assert ids("average_rating") == [str(rare.pk), str(often.pk), str(never.pk)]
    assert owner_client.get(URL, {"ordering": "text"}).status_code == 200  # ignored, per DRF


def test_stats_follow_links_and_sessions_as_they_come_and_go(
    owner_client, owner, interviewer, workspace, question
):
    def expected():
        links = InterviewQuestion.objects.filter(question=question)
        ratings = [r for r in links.values_list("answer_quality_rating", flat=True) if r]
        return {
            "times_asked": links.filter(was_asked=True).count(),
            "times_practiced": PracticeSession.objects.filter(question=question).count(),
            "average_rating": round(mean(ratings), 2) if ratings else None,
        }

    def actual():
        data = owner_client.get(f"{URL}{question.pk}/").json()
        return {key: data[key] for key in ("times_asked", "times_practiced", "average_rating")}

    assert (
        actual() == expected() == {"times_asked": 0, "times_practiced": 0, "average_rating": None}
    )
    links = [
        services.interview_question_add(
            interview=InterviewFactory(workspace=workspace),
            actor=owner,
            question=question,
            answer_quality_rating=rating,
        )
        for rating in (8, 5, None)
    ]
    services.interview_question_add(
        interview=InterviewFactory(workspace=workspace),
        actor=owner,
        question=question,
        was_asked=False,
    )
    sessions = [
        services.practice_record(user=user, question=question, self_rating=6).session
        for user in (owner, owner, interviewer)
    ]
    assert actual() == expected() == {"times_asked": 3, "times_practiced": 3, "average_rating": 6.5}
    services.interview_question_remove(
        link=InterviewQuestion.objects.select_related("interview", "question").get(pk=links[0].pk),
        actor=owner,
    )
    services.practice_delete(session=sessions[0])
    assert actual() == expected() == {"times_asked": 2, "times_practiced": 2, "average_rating": 5.0}
    # The list shows the same numbers, and a second question does not multiply the counts.
    QuestionFactory(workspace=workspace)
    row = next(r for r in owner_client.get(URL).json()["results"] if r["id"] == str(question.pk))
    assert {k: row[k] for k in expected()} == expected()


def test_category_listing(owner_client, workspace):
    coding = QuestionFactory(workspace=workspace, category="coding")
    QuestionFactory(workspace=workspace, category="behavioral")
    data = owner_client.get(f"{URL}category/coding/").json()
    assert data["count"] == 1
    assert data["results"][0] == body(coding)
    response = owner_client.get(f"{URL}category/astrology/")
    assert response.status_code == 422
    assert response.json()["error"]["field_errors"] == {
        "category": "“astrology” is not a question category."
    }


def test_random_honours_filters_and_answers_404_when_nothing_matches(owner_client, workspace):
    easy = QuestionFactory(workspace=workspace, difficulty="easy")
    QuestionFactory(workspace=workspace, difficulty="hard")
    for _ in range(5):
        assert owner_client.get(f"{URL}random/", {"difficulty": "easy"}).json()["id"] == str(
            easy.pk
        )
    response = owner_client.get(f"{URL}random/", {"category": "hr"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "RESOURCE_NOT_FOUND"


def test_practice_records_a_session_and_schedules_the_next_review(owner_client, owner, question):
    response = owner_client.post(
        f"{URL}{question.pk}/practice/",
        {"answer": "Hash then store.", "self_rating": 10, "duration_seconds": 95},
    )
    assert response.status_code == 201
    session = PracticeSession.objects.get()
    schedule = ReviewSchedule.objects.get(user=owner, question=question)
    assert response.json() == {
        "session": {
            "id": str(session.pk),
            "workspace": str(question.workspace_id),
            "question": str(question.pk),
            "question_text": question.text,
            "answer": "Hash then store.",
            "self_rating": 10,
            "duration_seconds": 95,
            "created_at": iso(session.created_at),
            "updated_at": iso(session.updated_at),
        },
        "next_due_at": iso(schedule.due_at),
        "interval_days": 1,
        "ease": 2.6,
        "repetitions": 1,
    }


@pytest.mark.parametrize("rating", [0, 11, "x"])
def test_practice_refuses_a_rating_outside_1_to_10(owner_client, question, rating):
    response = owner_client.post(f"{URL}{question.pk}/practice/", {"self_rating": rating})
    assert response.status_code == 422
    assert "self_rating" in response.json()["error"]["field_errors"]
    assert not PracticeSession.objects.exists()


def test_due_lists_only_my_due_active_questions_in_due_order(
    owner_client, owner, recruiter, workspace
):
    now = timezone.now()
    later, sooner, future, inactive, theirs = (
        QuestionFactory(workspace=workspace) for _ in range(5)
    )
    ReviewScheduleFactory(user=owner, question=later, due_at=now - dt.timedelta(hours=1))
    ReviewScheduleFactory(user=owner, question=sooner, due_at=now - dt.timedelta(days=2))
    ReviewScheduleFactory(user=owner, question=future, due_at=now + dt.timedelta(days=1))
    inactive.is_active = False
    inactive.save()
    ReviewScheduleFactory(user=owner, question=inactive, due_at=now - dt.timedelta(days=9))
    ReviewScheduleFactory(user=recruiter, question=theirs, due_at=now - dt.timedelta(days=9))
    data = owner_client.get(f"{URL}due/").json()
    assert [row["id"] for row in data["results"]] == [str(sooner.pk), str(later.pk)]
    first = data["results"][0]
    assert first["due_at"] == iso(now - dt.timedelta(days=2))
    assert (first["interval_days"], first["repetitions"]) == (0, 0)


def test_a_due_queue_of_1000_questions_is_served_in_constant_queries(
    owner_client, owner, workspace, django_assert_num_queries
):
    questions = QuestionFactory.create_batch(1000, workspace=workspace)
    past = timezone.now() - dt.timedelta(days=1)
    ReviewSchedule.objects.bulk_create(
        ReviewSchedule(user=owner, question=q, due_at=past) for q in questions
    )
    # 1 JWT user, 2 memberships, 3 COUNT of the queue, 4 the page, 5 the page's skill ids.
    for size in (10, 100):
        with django_assert_num_queries(5):
            data = owner_client.get(f"{URL}due/", {"page_size": size}).json()
        assert (data["count"], len(data["results"])) == (1000, size)


@pytest.mark.parametrize("endpoint", ["", "category/system_design/"])
def test_lists_run_constant_queries_at_two_page_sizes(
    owner_client, owner, workspace, django_assert_num_queries, endpoint
):
    for question in QuestionFactory.create_batch(30, workspace=workspace):
        question.skills.add(SkillFactory(workspace=workspace))
        InterviewQuestionFactory(workspace=workspace, question=question, answer_quality_rating=4)
        PracticeSessionFactory(workspace=workspace, question=question, user=owner)
    # 1 JWT user, 2 memberships, 3 COUNT, 4 the page with stats subqueries and company, 5 skills.
    for size in (5, 30):
        with django_assert_num_queries(5):
            data = owner_client.get(f"{URL}{endpoint}", {"page_size": size}).json()
        assert len(data["results"]) == size


# --- roles -----------------------------------------------------------------------------------

ROLES = ["owner", "recruiter", "interviewer", "candidate", "outsider"]


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        ("owner", 200, 200),
        ("recruiter", 200, 200),
        ("interviewer", 200, 403),
        ("candidate", 404, 404),
        ("outsider", 404, 404),
    ],
)
def test_role_matrix_on_a_question(cast, api_client_for, question, role, read, write):
    client = api_client_for(cast[role])
    assert client.get(f"{URL}{question.pk}/").status_code == read
    response = client.patch(f"{URL}{question.pk}/", {"text": "Changed"})
    assert response.status_code == write
    assert client.delete(f"{URL}{question.pk}/").status_code == (204 if write == 200 else write)
    question.refresh_from_db()
    if write != 200:
        assert (question.text, question.is_active) != ("Changed", False)
        assert question.is_active
    listed = client.get(URL, {"is_active": "false" if write == 200 else "true"}).json()["count"]
    assert listed == (1 if read == 200 else 0)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("owner", 201),
        ("recruiter", 201),
        ("interviewer", 201),
        ("candidate", 404),
        ("outsider", 404),
    ],
)
def test_role_matrix_on_practice(cast, api_client_for, question, role, status):
    response = api_client_for(cast[role]).post(f"{URL}{question.pk}/practice/", {"self_rating": 7})
    assert response.status_code == status
    assert PracticeSession.objects.filter(user=cast[role]).count() == (status == 201)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("owner", 201),
        ("recruiter", 201),
        ("interviewer", 403),
        ("candidate", 403),
        ("outsider", 403),
    ],
)
def test_role_matrix_on_create(cast, api_client_for, workspace, role, status):
    response = api_client_for(cast[role]).post(
        URL, {"text": "New?", "workspace": str(workspace.pk)}
    )
    # Outsiders and candidates name a workspace they cannot write to.
    assert response.status_code in ({status} if role != "outsider" else {422, 403})
    assert Question.objects.exists() == (status == 201)


def test_outsider_gets_404_and_malformed_ids_never_500(outsider_client, question):
    response = outsider_client.get(f"{URL}{question.pk}/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "RESOURCE_NOT_FOUND"
    assert outsider_client.get(f"{URL}not-a-uuid/").status_code == 404
    assert (
        outsider_client.post(f"{URL}{question.pk}/practice/", {"self_rating": 5}).status_code == 404
    )


def test_workspace_filter(owner_client, owner, workspace, other_workspace):
    from interview_tracker.models import Membership

    Membership.objects.create(user=owner, workspace=other_workspace, role="owner")
    mine = QuestionFactory(workspace=workspace)
    other = QuestionFactory(workspace=other_workspace)
    assert owner_client.get(URL).json()["count"] == 2
    rows = owner_client.get(URL, {"workspace": str(other_workspace.pk)}).json()["results"]
    assert [row["id"] for row in rows] == [str(other.pk)]
    rows = owner_client.get(URL, {"workspace": str(workspace.pk)}).json()["results"]
    assert [row["id"] for row in rows] == [str(mine.pk)]
