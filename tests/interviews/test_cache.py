"""Read-through caching of interviews: a write, or a deletion by any path, is visible on the
very next read."""

import pytest
from django.test import override_settings

from interview_tracker.models import Membership

from .conftest import url

pytestmark = pytest.mark.django_db

LIST = "/api/v1/interviews/"


def test_a_cached_list_is_served_without_counting_again(
    owner_client, interview, django_assert_num_queries
):
    owner_client.get(LIST)
    # 1 user, 2 memberships (roles in the key): count and page come from the cache.
    with django_assert_num_queries(2):
        assert owner_client.get(LIST).json()["count"] == 1


def test_every_write_is_visible_on_the_next_read(
    owner_client, recruiter_client, interview, django_capture_on_commit_callbacks
):
    def write(call):
        with django_capture_on_commit_callbacks(execute=True):
            call()

    assert owner_client.get(LIST).json()["results"][0]["status"] == "scheduled"
    assert owner_client.get(url(interview)).json()["notes"] == "Internal: probe concurrency"
    assert owner_client.get(url(interview, "messages/")).json()["results"] == []

    write(lambda: recruiter_client.post(url(interview, "start/")))
    assert owner_client.get(LIST).json()["results"][0]["status"] == "ongoing"
    assert owner_client.get(url(interview)).json()["status"] == "ongoing"

    write(lambda: recruiter_client.put(url(interview, "notes/"), {"notes": "new"}, format="json"))
    assert owner_client.get(url(interview)).json()["notes"] == "new"

    write(lambda: recruiter_client.post(url(interview, "messages/"), {"body": "hi"}, format="json"))
    assert [m["body"] for m in owner_client.get(url(interview, "messages/")).json()["results"]] == [
        "hi"
    ]

    write(
        lambda: recruiter_client.post(
            url(interview, "participants/"),
            {"email": "p@example.com", "role": "observer"},
            format="json",
        )
    )
    assert len(owner_client.get(url(interview)).json()["participants"]) == 3

    write(lambda: recruiter_client.delete(url(interview)))
    assert owner_client.get(LIST).json()["count"] == 0
    assert owner_client.get(url(interview)).status_code == 404


def _cached(client, interview):
    """Read the list and the detail once, so both are in the cache."""
    assert client.get(LIST).json()["count"] == 1
    assert client.get(url(interview)).status_code == 200


def test_deleting_the_candidate_drops_its_interviews_from_the_cache(
    owner_client, interview, django_capture_on_commit_callbacks
):
    """The interviews go by cascade, never through an interview service."""
    _cached(owner_client, interview)
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.delete(f"/api/v1/candidates/{interview.candidate_id}/")
    assert response.status_code == 204
    assert owner_client.get(LIST).json()["count"] == 0
    assert owner_client.get(url(interview)).status_code == 404


def test_deleting_a_position_drops_its_rounds_and_empties_the_others(
    owner_client, workspace, django_capture_on_commit_callbacks
):
    """A job-seeker's round (no candidate) goes with its position; an interview with a
    candidate stays, its ``position`` emptied by SET_NULL (an UPDATE no signal reports)."""
    from tests.factories import CandidateFactory, InterviewFactory, PositionFactory

    position = PositionFactory(workspace=workspace)
    round_ = InterviewFactory(workspace=workspace, position=position, candidate=None)
    kept = InterviewFactory(
        workspace=workspace, position=position, candidate=CandidateFactory(workspace=workspace)
    )
    assert owner_client.get(LIST).json()["count"] == 2
    assert owner_client.get(url(round_)).status_code == 200
    assert owner_client.get(url(kept)).json()["position"] == str(position.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.delete(f"/api/v1/positions/{position.pk}/")
    assert response.status_code == 204
    assert [row["id"] for row in owner_client.get(LIST).json()["results"]] == [str(kept.pk)]
    assert owner_client.get(url(round_)).status_code == 404
    assert owner_client.get(url(kept)).json()["position"] is None


def test_losing_access_is_not_hidden_by_the_cache(interviewer_client, interviewer, interview):
    assert interviewer_client.get(url(interview)).status_code == 200
    assert interviewer_client.get(LIST).json()["count"] == 1
    Membership.objects.filter(user=interviewer).delete()
    interview.participants.filter(user=interviewer).delete()
    assert interviewer_client.get(url(interview)).status_code == 404
    assert interviewer_client.get(LIST).json()["count"] == 0


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/7",
            "KEY_PREFIX": "it-interviews-test",
        }
    }
)
def test_the_same_behaviour_on_redis(
    owner_client, recruiter_client, interview, django_capture_on_commit_callbacks
):
    import redis

    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/7").ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    from django.core.cache import cache

    cache.clear()
    assert owner_client.get(LIST).json()["results"][0]["status"] == "scheduled"
    with django_capture_on_commit_callbacks(execute=True):
        recruiter_client.post(url(interview, "cancel/"))
    assert owner_client.get(LIST).json()["results"][0]["status"] == "cancelled"
    cache.clear()
