"""Timeline rows (ActivityEvent, StatusChange) are deleted with their object, also when a
cascade deletes it; the deletion itself is an event of the workspace's timeline."""

import pytest
from django.contrib.contenttypes.models import ContentType

from interview_tracker.models import ActivityEvent, StatusChange, Workspace
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db


def rows_of(obj):
    of = {"content_type": ContentType.objects.get_for_model(obj), "object_id": obj.pk}
    return ActivityEvent.objects.filter(**of).count() + StatusChange.objects.filter(**of).count()


def test_deleting_a_candidate_deletes_its_and_its_interviews_timelines(owner_client, workspace):
    created = owner_client.post(
        "/api/v1/candidates", {"name": "Ada", "email": "ada@example.com"}
    ).json()
    owner_client.patch(f"/api/v1/candidates/{created['id']}", {"status": "screening"})
    from candidates.models import Candidate

    candidate = Candidate.objects.get(pk=created["id"])
    interview = InterviewFactory(workspace=workspace, candidate=candidate, position=None)
    owner_client.post(f"/api/v1/interviews/{interview.pk}/start")
    assert rows_of(candidate) >= 3
    assert rows_of(interview) >= 1

    assert owner_client.delete(f"/api/v1/candidates/{candidate.pk}").status_code == 204
    assert rows_of(candidate) == 0
    assert rows_of(interview) == 0
    deletion = ActivityEvent.objects.get(verb="deleted")
    assert (deletion.target, deletion.summary) == (workspace, "Candidate Ada deleted")


def test_deleting_a_position_deletes_its_timeline_and_history(owner_client, workspace):
    created = owner_client.post(
        "/api/v1/positions", {"title": "Dev", "company_name": "Acme"}
    ).json()
    owner_client.put(f"/api/v1/positions/{created['id']}/status", {"status": "screening"})
    from positions.models import Position

    position = Position.objects.get(pk=created["id"])
    assert rows_of(position) >= 3
    assert owner_client.delete(f"/api/v1/positions/{position.pk}").status_code == 204
    assert rows_of(position) == 0
    assert ActivityEvent.objects.filter(
        verb="deleted", object_id=workspace.pk, workspace=workspace
    ).exists()
    assert Workspace.objects.filter(pk=workspace.pk).exists()
