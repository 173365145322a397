import datetime as dt

import pytest
from django.utils import timezone

from interviews.models import Participant
from tests.factories import (
    CandidateFactory,
    InterviewFactory,
    ParticipantFactory,
    PositionFactory,
)


@pytest.fixture
def position(workspace):
    return PositionFactory(workspace=workspace, title="Backend Engineer")


@pytest.fixture
def candidate(workspace, position):
    return CandidateFactory(workspace=workspace, name="Grace Hopper", position=position)


@pytest.fixture
def interview(workspace, candidate, position, owner, interviewer, candidate_user):
    """A scheduled round: `interviewer` interviews, `candidate_user` is the candidate."""
    interview = InterviewFactory(
        workspace=workspace,
        candidate=candidate,
        position=position,
        title="Technical round",
        scheduled_at=timezone.now() + dt.timedelta(days=3),
        notes="Internal: probe concurrency",
        created_by=owner,
    )
    ParticipantFactory(interview=interview, user=interviewer, role=Participant.Role.INTERVIEWER)
    ParticipantFactory(interview=interview, user=candidate_user, role=Participant.Role.CANDIDATE)
    return interview


@pytest.fixture
def client_for(api_client_for, cast):
    """role → API client; ``None`` is anonymous."""

    def make(role):
        return api_client_for(cast[role]) if role else api_client_for(None)

    return make


def url(interview, suffix=""):
    return f"/api/v1/interviews/{interview.pk}/{suffix}"
