import pytest

from interviews.models import Feedback, Interview
from interviews.selectors import feedback_overdue, feedback_owed_by
from tests.factories import FeedbackFactory, InterviewFactory

from .conftest import url

pytestmark = pytest.mark.django_db

SCORECARD = {
    "rating": 4,
    "recommendation": "yes",
    "criteria": [{"name": "SQL", "score": 5, "note": "window functions"}],
    "comment": "Solid",
}


def test_submit_feedback_201_and_list(interviewer_client, interview, interviewer):
    response = interviewer_client.post(url(interview, "feedback/"), SCORECARD, format="json")
    assert response.status_code == 201
    body = response.json()
    feedback = Feedback.objects.get()
    assert body == {
        "id": str(feedback.pk),
        "interview": str(interview.pk),
        "author": str(interviewer.pk),
        "author_name": str(interviewer),
        "rating": 4,
        "recommendation": "yes",
        "criteria": [{"name": "SQL", "score": 5, "note": "window functions"}],
        "comment": "Solid",
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
    }
    listed = interviewer_client.get(url(interview, "feedback/")).json()
    assert listed["count"] == 1
    assert listed["results"][0] == body


def test_feedback_on_an_unknown_interview_is_404(owner_client):
    response = owner_client.post(
        "/api/v1/interviews/00000000-0000-0000-0000-000000000000/feedback/",
        SCORECARD,
        format="json",
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "RESOURCE_NOT_FOUND"


def test_a_second_scorecard_is_409_and_the_author_patches(interviewer_client, interview):
    first = interviewer_client.post(url(interview, "feedback/"), SCORECARD, format="json").json()
    again = interviewer_client.post(url(interview, "feedback/"), SCORECARD, format="json")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "RESOURCE_CONFLICT"
    patched = interviewer_client.patch(
        url(interview, f"feedback/{first['id']}/"), {"rating": 2}, format="json"
    )
    assert patched.status_code == 200
    assert patched.json()["rating"] == 2


def test_only_the_author_patches(owner_client, interview, interviewer):
    feedback = FeedbackFactory(interview=interview, author=interviewer)
    response = owner_client.patch(
        url(interview, f"feedback/{feedback.pk}/"), {"rating": 1}, format="json"
    )
    assert response.status_code == 403
    feedback.refresh_from_db()
    assert feedback.rating == 4


@pytest.mark.parametrize("rating", [0, 6])
def test_rating_outside_1_to_5_is_422(interviewer_client, interview, rating):
    response = interviewer_client.post(
        url(interview, "feedback/"), {**SCORECARD, "rating": rating}, format="json"
    )
    assert response.status_code == 422
    assert "rating" in response.json()["error"]["field_errors"]
    assert not Feedback.objects.exists()


def test_a_criterion_score_outside_1_to_5_is_422(interviewer_client, interview):
    bad = {**SCORECARD, "criteria": [{"name": "SQL", "score": 9}]}
    response = interviewer_client.post(url(interview, "feedback/"), bad, format="json")
    assert response.status_code == 422
    assert "criteria.0.score" in response.json()["error"]["field_errors"]


def test_scorecards_are_blind_until_you_submit_yours(
    interviewer_client, interview, interviewer, recruiter, workspace
):
    FeedbackFactory(interview=interview, author=recruiter)
    assert interviewer_client.get(url(interview, "feedback/")).json()["count"] == 0
    interviewer_client.post(url(interview, "feedback/"), SCORECARD, format="json")
    assert interviewer_client.get(url(interview, "feedback/")).json()["count"] == 2


@pytest.mark.parametrize(
    ("role", "participant", "read", "write"),
    [
        ("owner", False, 200, 201),
        ("recruiter", False, 200, 201),
        ("interviewer", True, 200, 201),
        ("interviewer", False, 403, 403),
        ("candidate", True, 403, 403),
        ("outsider", False, 404, 404),
    ],
)
def test_feedback_role_matrix(client_for, workspace, cast, role, participant, read, write):
    interview = InterviewFactory(workspace=workspace)
    if participant:
        interview.participants.create(user=cast[role], role=role)
    client = client_for(role)
    assert client.get(url(interview, "feedback/")).status_code == read
    assert client.post(url(interview, "feedback/"), SCORECARD, format="json").status_code == write
    assert Feedback.objects.exists() is (write == 201)


def test_feedback_overdue_on_detail_and_selectors(
    owner_client, interview, interviewer, django_capture_on_commit_callbacks
):
    from interviews import services

    owner_client.post(url(interview, "start/"))
    owner_client.post(url(interview, "complete/"))
    overdue = owner_client.get(url(interview)).json()["feedback_overdue"]
    assert overdue == [
        {
            "user": str(interviewer.pk),
            "email": interviewer.email,
            "name": interviewer.get_full_name(),
        }
    ]
    assert [p.user_id for p in feedback_overdue(workspace=interview.workspace)] == [interviewer.pk]
    assert list(feedback_owed_by(interviewer)) == [interview]
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_submit(actor=interviewer, interview=interview, rating=3)
    assert owner_client.get(url(interview)).json()["feedback_overdue"] == []
    assert not feedback_overdue(workspace=interview.workspace).exists()
    assert not feedback_owed_by(interviewer).exists()


@pytest.mark.parametrize("page_size", [1, 5])
def test_feedback_list_query_count_is_constant(
    owner_client, workspace, django_assert_num_queries, page_size
):
    interview = InterviewFactory(workspace=workspace)
    FeedbackFactory.create_batch(6, interview=interview)
    # 1 user, 2 interview, 3 memberships (role), 4 count, 5 page + authors.
    with django_assert_num_queries(5):
        response = owner_client.get(url(interview, "feedback/"), {"page_size": page_size})
    assert len(response.json()["results"]) == page_size


def test_every_reader_of_feedback_owed_names_the_same_seats(
    owner, owner_client, interview, interviewer, workspace
):
    """Reminders, the detail page, the API and the statistics read one queryset
    (``selectors.feedback_overdue``): the interviewer seat without a scorecard owes one; an
    observer seat and a seat whose scorecard is in do not."""
    from analytics.selectors import StatsFilters, interviewers
    from interviews.reminders import feedback_overdue as overdue_reminders
    from tests.factories import ParticipantFactory, UserFactory

    done, observer = UserFactory(), UserFactory()
    ParticipantFactory(interview=interview, user=done, role="interviewer")
    ParticipantFactory(interview=interview, user=observer, role="observer")
    Interview.objects.filter(pk=interview.pk).update(status=Interview.Status.COMPLETED)
    FeedbackFactory(interview=interview, author=done)

    owing = [interviewer.pk]
    assert [p.user_id for p in feedback_overdue(workspace=workspace)] == owing
    assert [r.user.pk for r in overdue_reminders()] == owing
    api = owner_client.get(url(interview)).json()["feedback_overdue"]
    assert [row["user"] for row in api] == [str(pk) for pk in owing]
    owner_client.force_login(owner)
    page = owner_client.get(f"/interviews/{interview.pk}/")
    assert [p.user_id for p in page.context["overdue"]] == owing
    stats = interviewers(owner, StatsFilters(workspace=workspace.pk))["interviewers"]
    assert {row["user_id"]: row["feedback_overdue"] for row in stats} == {
        interviewer.pk: 1,
        done.pk: 0,
    }


def test_a_submission_checks_its_scorecard_once(interview, interviewer, monkeypatch):
    from interviews import services

    calls = []
    check = services._clean_scorecard

    def counted(*args):
        calls.append(args)
        return check(*args)

    monkeypatch.setattr(services, "_clean_scorecard", counted)
    services.feedback_submit(
        actor=interviewer,
        interview=interview,
        rating=4,
        criteria=[{"name": "SQL", "score": 5, "note": " "}],
    )
    assert len(calls) == 1
    assert Feedback.objects.get().criteria == [{"name": "SQL", "score": 5, "note": " "}]
