"""The lists read as values (``interview_tracker.api.rows``) answer byte for byte what DRF's own
list answers through their serializers: every list, for every role, in two time zones, with
and without embeds, lean and full."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework import mixins, viewsets

from candidates.api.views import CandidateViewSet
from interview_tracker.services import activity_record
from interviews.api.views import InterviewViewSet
from positions.api.views import PositionViewSet
from tests.factories import (
    CandidateFactory,
    FeedbackFactory,
    InterviewFactory,
    PositionFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(workspace, owner, recruiter, interviewer, candidate_user):
    position = PositionFactory(workspace=workspace, salary_min=50_000, url="", tags=["go"])
    position.required_skills.add(SkillFactory(workspace=workspace))
    PositionFactory(workspace=workspace, application_date=None, next_follow_up=None)
    activity_record(actor=owner, verb="updated", target=position, summary="Edited")
    candidate = CandidateFactory(
        workspace=workspace,
        position=position,
        user=candidate_user,
        links=["https://example.com/cv"],
        tags=["senior", "remote"],
    )
    CandidateFactory(workspace=workspace, phone="", notes="")
    interview = InterviewFactory(
        workspace=workspace,
        candidate=candidate,
        position=position,
        notes="internal",
        meeting_url="https://meet.example.com/x",
        scheduled_at=timezone.now().replace(microsecond=0) + dt.timedelta(days=1),
    )
    interview.participants.create(user=interviewer, role="interviewer")
    interview.participants.create(user=candidate_user, role="candidate")
    FeedbackFactory(
        interview=interview,
        author=recruiter,
        criteria=[{"name": "Design", "score": 4, "note": "clear"}],
    )
    FeedbackFactory(interview=interview, author=interviewer, recommendation="")
    InterviewFactory(workspace=workspace, candidate=candidate, position=None)
    return {"candidate": candidate, "position": position, "interview": interview}


def urls(rows) -> list[str]:
    candidate, position, interview = rows["candidate"], rows["position"], rows["interview"]
    return [
        "/api/v1/candidates/",
        "/api/v1/candidates/?expand=interviews",
        "/api/v1/candidates/?expand=interviews&fields=full&page_size=1000",
        "/api/v1/candidates/?expand=interviews&search=nobody",
        f"/api/v1/candidates/{candidate.pk}/",
        "/api/v1/positions/",
        "/api/v1/positions/?search=Engineer&is_remote=false",
        "/api/v1/positions/?expand=interviews",
        "/api/v1/positions/?expand=interviews&fields=full&page_size=1000",
        f"/api/v1/positions/{position.pk}/",
        "/api/v1/interviews/",
        "/api/v1/interviews/?page_size=1000&ordering=-scheduled_at",
        f"/api/v1/interviews/{interview.pk}/",
        f"/api/v1/interviews/{interview.pk}/feedback/",
    ]


@pytest.mark.parametrize("time_zone", ["UTC", "America/New_York"])
@pytest.mark.parametrize("role", ["owner", "recruiter", "interviewer", "candidate"])
def test_every_read_is_what_drf_writes(
    rows, cast, api_client_for, settings, monkeypatch, role, time_zone
):
    settings.TIME_ZONE = time_zone
    client = api_client_for(cast[role])

    def bodies() -> list[tuple[int, bytes]]:
        cache.clear()  # the interviews list reads through the cache
        responses = [client.get(url) for url in urls(rows)]
        # An error envelope carries the time of the request; its status is what matters.
        return [(r.status_code, r.content if r.status_code == 200 else b"") for r in responses]

    values = bodies()
    for viewset in (CandidateViewSet, PositionViewSet):
        monkeypatch.setattr(viewset, "list", viewsets.ModelViewSet.list)
    monkeypatch.setattr(
        InterviewViewSet,
        "list",
        lambda view, request: view.cached_list(lambda: mixins.ListModelMixin.list(view, request)),
    )
    drf = bodies()
    for url, mine, theirs in zip(urls(rows), values, drf, strict=True):
        assert mine == theirs, url
    assert any(status == 200 for status, _ in values)
