"""Every ``…/{id}/activity`` endpoint answers in one shape (``ActivityEventSerializer``)."""

import pytest

from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db

EVENT_FIELDS = {"id", "verb", "summary", "details", "actor", "actor_name", "created_at"}


def test_interviews_positions_and_candidates_list_activity_in_one_shape(owner_client, workspace):
    position = owner_client.post(
        "/api/v1/positions/", {"title": "Dev", "company_name": "Acme"}
    ).json()
    candidate = owner_client.post(
        "/api/v1/candidates/", {"name": "Ada", "email": "ada@example.com"}
    ).json()
    interview = InterviewFactory(workspace=workspace)
    owner_client.post(f"/api/v1/interviews/{interview.pk}/start/")
    shapes = {}
    for path in (
        f"/api/v1/positions/{position['id']}/activity/",
        f"/api/v1/candidates/{candidate['id']}/activity/",
        f"/api/v1/interviews/{interview.pk}/activity/",
    ):
        body = owner_client.get(path).json()
        assert set(body) == {"count", "next", "previous", "results"}
        assert body["results"], path
        shapes[path] = frozenset(frozenset(row) for row in body["results"])
    assert set(shapes.values()) == {frozenset({frozenset(EVENT_FIELDS)})}
