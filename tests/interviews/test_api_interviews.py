import datetime as dt

import pytest
from django.utils import timezone

from interview_tracker.models import PipelineStatus
from interviews.models import Interview
from tests.factories import CandidateFactory, InterviewFactory, PositionFactory

from .conftest import url

pytestmark = pytest.mark.django_db

LIST = "/api/v1/interviews/"


def iso(value):
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def test_owner_reads_one_whole_interview(
    owner_client, interview, owner, interviewer, candidate_user
):
    interview.refresh_from_db()
    response = owner_client.get(url(interview))
    assert response.status_code == 200
    body = response.json()
    participants = body.pop("participants")
    assert body == {
        "id": str(interview.pk),
        "workspace": str(interview.workspace_id),
        "position": str(interview.position_id),
        "candidate": str(interview.candidate_id),
        "title": "Technical round",
        "round_number": 1,
        "kind": "technical",
        "mode": "actual",
        "format": "video",
        "scheduled_at": iso(interview.scheduled_at),
        "duration_minutes": 60,
        "location": "",
        "meeting_url": "",
        "interviewer_name": "",
        "notes": "Internal: probe concurrency",
        "overall_feedback": "",
        "strengths": "",
        "areas_for_improvement": "",
        "status": "scheduled",
        "outcome": "pending",
        "sequence": 0,
        "plan_stage": None,
        "created_by": str(owner.pk),
        "created_at": iso(interview.created_at),
        "updated_at": iso(interview.updated_at),
        "feedback_overdue": [],
    }
    assert [(p["email"], p["role"]) for p in participants] == [
        (interviewer.email, "interviewer"),
        (candidate_user.email, "candidate"),
    ]


def test_a_candidate_member_never_reads_notes_or_evaluations(candidate_client, interview):
    body = candidate_client.get(url(interview)).json()
    for hidden in (
        "notes",
        "overall_feedback",
        "strengths",
        "areas_for_improvement",
        "feedback_overdue",
    ):
        assert hidden not in body
    assert body["status"] == "scheduled"
    listed = candidate_client.get(LIST).json()["results"]
    assert [row["id"] for row in listed] == [str(interview.pk)]
    assert "notes" not in listed[0]


def test_a_candidate_member_sees_only_interviews_they_take_part_in(
    candidate_client, interview, workspace
):
    InterviewFactory(workspace=workspace)
    assert candidate_client.get(LIST).json()["count"] == 1


def test_create_keeps_the_offset_stores_utc_and_fills_the_position(
    owner_client, candidate, position
):
    response = owner_client.post(
        LIST,
        {"candidate": str(candidate.pk), "scheduled_at": "2031-03-01T14:00:00+01:00", "kind": "hr"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    interview = Interview.objects.get(pk=response.json()["id"])
    assert interview.scheduled_at == dt.datetime(2031, 3, 1, 13, 0, tzinfo=dt.UTC)
    assert response.json()["scheduled_at"] == "2031-03-01T13:00:00Z"
    assert interview.position_id == position.pk
    candidate.refresh_from_db()
    position.refresh_from_db()
    assert candidate.status == position.status == PipelineStatus.INTERVIEWING


def test_a_naive_time_answers_422(owner_client, candidate):
    response = owner_client.post(
        LIST, {"candidate": str(candidate.pk), "scheduled_at": "2031-03-01T14:00:00"}, format="json"
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert "time zone" in error["field_errors"]["scheduled_at"]


def test_an_interview_needs_a_candidate_or_a_position(owner_client):
    response = owner_client.post(LIST, {"scheduled_at": "2031-03-01T14:00:00Z"}, format="json")
    assert response.status_code == 422
    assert "candidate" in response.json()["error"]["field_errors"]


def test_another_workspaces_candidate_is_refused(owner_client, other_workspace):
    stranger = CandidateFactory(workspace=other_workspace)
    response = owner_client.post(
        LIST, {"candidate": str(stranger.pk), "scheduled_at": "2031-03-01T14:00:00Z"}, format="json"
    )
    assert response.status_code == 422


@pytest.mark.parametrize("nested", ["candidates", "positions"])
def test_nested_create_and_list(owner_client, candidate, position, nested):
    parent = candidate if nested == "candidates" else position
    path = f"/api/v1/{nested}/{parent.pk}/interviews"
    response = owner_client.post(path, {"scheduled_at": "2031-05-01T09:30:00Z"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["position"] == str(position.pk)
    if nested == "candidates":
        assert body["candidate"] == str(candidate.pk)
    listed = owner_client.get(path).json()
    assert listed["count"] == 1
    assert listed["results"][0]["id"] == body["id"]


@pytest.mark.parametrize("nested", ["candidates", "positions"])
def test_nested_routes_answer_404_for_an_invisible_parent(
    outsider_client, candidate, position, nested
):
    parent = candidate if nested == "candidates" else position
    path = f"/api/v1/{nested}/{parent.pk}/interviews"
    assert outsider_client.get(path).status_code == 404
    response = outsider_client.post(path, {"scheduled_at": "2031-05-01T09:30:00Z"}, format="json")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "RESOURCE_NOT_FOUND"
    assert not Interview.objects.exists()


@pytest.mark.parametrize(
    ("param", "match", "miss"),
    [
        ("status", {"status": "ongoing"}, {"status": "scheduled"}),
        ("outcome", {"outcome": "passed"}, {"outcome": "pending"}),
        ("kind", {"kind": "hr"}, {"kind": "technical"}),
        ("mode", {"mode": "mock"}, {"mode": "actual"}),
        ("format", {"format": "onsite"}, {"format": "video"}),
    ],
)
def test_each_choice_filter_both_ways(owner_client, workspace, param, match, miss):
    hit = InterviewFactory(workspace=workspace, **match)
    other = InterviewFactory(workspace=workspace, **miss)
    value = match[param]
    ids = [row["id"] for row in owner_client.get(LIST, {param: value}).json()["results"]]
    assert ids == [str(hit.pk)]
    ids = [row["id"] for row in owner_client.get(LIST, {param: miss[param]}).json()["results"]]
    assert ids == [str(other.pk)]


def test_filters_by_position_candidate_and_dates(owner_client, workspace):
    early = InterviewFactory(
        workspace=workspace, scheduled_at=dt.datetime(2030, 1, 10, 12, tzinfo=dt.UTC)
    )
    late = InterviewFactory(
        workspace=workspace,
        scheduled_at=dt.datetime(2030, 3, 10, 12, tzinfo=dt.UTC),
        position=PositionFactory(workspace=workspace),
    )

    def ids(**params):
        return [row["id"] for row in owner_client.get(LIST, params).json()["results"]]

    assert ids(date_from="2030-02-01") == [str(late.pk)]
    assert ids(date_to="2030-02-01") == [str(early.pk)]
    assert ids(candidate=str(early.candidate_id)) == [str(early.pk)]
    assert ids(candidate=str(late.candidate_id)) == [str(late.pk)]
    assert ids(position=str(late.position_id)) == [str(late.pk)]
    assert ids(ordering="-scheduled_at") == [str(late.pk), str(early.pk)]
    assert ids() == [str(early.pk), str(late.pk)]


def test_the_workspace_filter(owner_client, owner, workspace, other_workspace):
    from tests.factories import MembershipFactory

    MembershipFactory(user=owner, workspace=other_workspace)
    mine = InterviewFactory(workspace=workspace)
    theirs = InterviewFactory(workspace=other_workspace)
    assert owner_client.get(LIST, {"workspace": str(workspace.pk)}).json()["results"][0][
        "id"
    ] == str(mine.pk)
    rows = owner_client.get(LIST, {"workspace": str(other_workspace.pk)}).json()["results"]
    assert [row["id"] for row in rows] == [str(theirs.pk)]


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        ("owner", 200, 200),
        ("recruiter", 200, 200),
        ("interviewer", 200, 403),
        ("candidate", 200, 403),
        ("outsider", 404, 404),
    ],
)
def test_role_matrix_for_detail_update_and_delete(client_for, interview, role, read, write):
    client = client_for(role)
    assert client.get(url(interview)).status_code == read
    response = client.patch(url(interview), {"title": "Renamed"}, format="json")
    assert response.status_code == write
    interview.refresh_from_db()
    assert (interview.title == "Renamed") is (write == 200)
    response = client.put(url(interview, "notes/"), {"notes": "x"}, format="json")
    assert response.status_code == write
    response = client.put(
        url(interview, "schedule/"), {"scheduled_at": "2031-01-01T10:00:00Z"}, format="json"
    )
    assert response.status_code == write
    if write != 200:
        assert client.delete(url(interview)).status_code == write
        assert Interview.objects.filter(pk=interview.pk).exists()
    else:
        assert client.delete(url(interview)).status_code == 204
        assert not Interview.objects.filter(pk=interview.pk).exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [("owner", 201), ("recruiter", 201), ("interviewer", 403), ("candidate", 403)],
)
def test_role_matrix_for_create(client_for, candidate, role, expected):
    response = client_for(role).post(
        LIST,
        {"candidate": str(candidate.pk), "scheduled_at": "2031-03-01T14:00:00Z"},
        format="json",
    )
    # A candidate member sees no candidate record but their own, so theirs is a 422 or 403.
    assert response.status_code in ({expected} if role != "candidate" else {403, 422})
    assert Interview.objects.exists() is (expected == 201)


def test_outsider_lists_nothing(outsider_client, interview):
    assert outsider_client.get(LIST).json()["count"] == 0


def test_reschedule_bumps_sequence_and_only_while_scheduled(owner_client, interview):
    response = owner_client.put(
        url(interview, "schedule/"), {"scheduled_at": "2031-01-01T10:00:00+02:00"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["scheduled_at"] == "2031-01-01T08:00:00Z"
    assert response.json()["sequence"] == 1
    owner_client.post(url(interview, "start/"))
    response = owner_client.put(
        url(interview, "schedule/"), {"scheduled_at": "2031-01-02T10:00:00Z"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "BUSINESS_LOGIC_ERROR"


def test_notes_endpoint(owner_client, interview):
    response = owner_client.put(url(interview, "notes/"), {"notes": "Strong on SQL"}, format="json")
    assert response.status_code == 200
    assert response.json()["notes"] == "Strong on SQL"


def test_unknown_interview_is_a_404_envelope(owner_client):
    response = owner_client.get("/api/v1/interviews/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "RESOURCE_NOT_FOUND"
    assert owner_client.get("/api/v1/interviews/not-a-uuid/").status_code in {404, 422}


@pytest.mark.parametrize("page_size", [1, 5])
def test_list_query_count_is_constant(
    owner_client, workspace, django_assert_num_queries, page_size
):
    InterviewFactory.create_batch(6, workspace=workspace)
    # 1 user (JWT), 2 the user's memberships (cache key, roles), 3 count, 4 page.
    with django_assert_num_queries(4):
        response = owner_client.get(LIST, {"page_size": page_size})
    assert len(response.json()["results"]) == page_size


@pytest.mark.parametrize("page_size", [1, 5])
def test_nested_list_query_count_is_constant(
    owner_client, workspace, candidate, django_assert_num_queries, page_size
):
    InterviewFactory.create_batch(6, workspace=workspace, candidate=candidate)
    # 1 user, 2 candidate (parent, visibility), 3 memberships, 4 count, 5 page.
    with django_assert_num_queries(5):
        response = owner_client.get(
            f"/api/v1/candidates/{candidate.pk}/interviews", {"page_size": page_size}
        )
    assert len(response.json()["results"]) == page_size


def test_activity_endpoint_lists_interview_events(owner_client, interview):
    owner_client.post(url(interview, "start/"))
    body = owner_client.get(url(interview, "activity/")).json()
    assert [row["verb"] for row in body["results"]] == ["interview_ongoing"]
    assert set(body) == {"count", "next", "previous", "results"}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("owner", 200),
        ("recruiter", 200),
        ("interviewer", 200),
        ("candidate", 403),
        ("outsider", 404),
    ],
)
def test_activity_role_matrix(client_for, interview, role, expected):
    assert client_for(role).get(url(interview, "activity/")).status_code == expected


def test_events_show_on_candidate_and_position_timelines(owner_client, interview):
    from django.contrib.contenttypes.models import ContentType

    from interview_tracker.models import ActivityEvent

    owner_client.post(url(interview, "cancel/"))
    for obj in (interview, interview.candidate, interview.position):
        assert ActivityEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            verb="interview_cancelled",
        ).exists()


def test_upcoming_interviews_are_ordered_by_time(owner_client, workspace):
    later = InterviewFactory(
        workspace=workspace, scheduled_at=timezone.now() + dt.timedelta(days=9)
    )
    sooner = InterviewFactory(
        workspace=workspace, scheduled_at=timezone.now() + dt.timedelta(days=1)
    )
    ids = [row["id"] for row in owner_client.get(LIST).json()["results"]]
    assert ids == [str(sooner.pk), str(later.pk)]
