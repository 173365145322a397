"""Each statistics endpoint runs the same number of queries for 10 and for 200 positions and
candidates, in a job search and in a hiring workspace."""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interview_tracker.models import StatusChange, Workspace
from tests.factories import (
    CandidateFactory,
    CompanyFactory,
    FeedbackFactory,
    InterviewFactory,
    ParticipantFactory,
    PositionFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db

# Every request: 1 query loads the JWT's user, 1 its memberships (the scope names its workspace
# ids), 1 settles the workspace and its kind. Then:
REQUEST = 3
BUDGET = {
    # applications aggregate (with the offers and hires of the history), interviews grouped,
    # questions aggregate, the median time to hire
    "overview": REQUEST + 4,
    # applications per month, interviews per month (each with its bounds), the two averages
    "timeline": REQUEST + 4,
    "companies": REQUEST + 2,  # applications grouped by company, interviews grouped by company
    # per subject (positions, candidates): the reached/current aggregate, the medians
    "funnel": REQUEST + 4,
    "sources": REQUEST + 2,  # grouped positions, grouped candidates
    # interviewer seats grouped by user, feedback grouped by author (the user's roles, which
    # decide the scorecards they may read, are the request's memberships query)
    "interviewers": REQUEST + 2,
    "skill-gaps": REQUEST + 2,  # active positions count, grouped skills
    "stale": REQUEST + 4,  # positions list and total, candidates list and total
}


# Distinct start hours for every round any call builds (the interviewer is never double-booked).
ROUND_HOURS = itertools.count()


def build(workspace, interviewer, n):
    companies = [CompanyFactory(workspace=workspace, name=f"Co {i}") for i in range(5)]
    skills = [SkillFactory(workspace=workspace) for _ in range(3)]
    for i in range(n):
        position = PositionFactory(
            workspace=workspace,
            company=companies[i % 5],
            source=["linkedin", "referral", ""][i % 3],
            application_date=dt.date(2024, 1 + i % 12, 1 + i % 28),
            status=["applied", "screening", "interviewing", "offer", "rejected"][i % 5],
        )
        position.required_skills.set(skills[: 1 + i % 3])
        candidate = CandidateFactory(
            workspace=workspace,
            position=position,
            source=["referral", "job_board"][i % 2],
            status=["applied", "interviewing", "offer", "hired", "rejected"][i % 5],
        )
        interview = InterviewFactory(
            workspace=workspace,
            position=position,
            candidate=candidate,
            # One interviewer sits on every round: each at its own hour, never overlapping.
            scheduled_at=dt.datetime(2024, 1 + i % 12, 2, 12, tzinfo=dt.UTC)
            + dt.timedelta(hours=2 * next(ROUND_HOURS)),
            status="completed" if i % 2 else "scheduled",
        )
        ParticipantFactory(interview=interview, user=interviewer)
        if i % 4 == 0:
            FeedbackFactory(interview=interview, author=interviewer, rating=1 + i % 5)
        for model, obj in (("position", position), ("candidate", candidate)):
            for before, after in (("applied", "screening"), ("screening", obj.status)):
                StatusChange.objects.create(
                    workspace=workspace,
                    content_type_id=_content_type(model),
                    object_id=obj.pk,
                    from_status=before,
                    to_status=after,
                )


def _content_type(model):
    from django.contrib.contenttypes.models import ContentType

    app = {"position": "positions", "candidate": "candidates"}[model]
    return ContentType.objects.get_by_natural_key(app, model).pk


def count_queries(client, endpoint):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/api/v1/statistics/{endpoint}", {"company": "co"})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("kind", ["job_search", "hiring"])
@pytest.mark.parametrize("endpoint", list(BUDGET))
def test_query_count_is_constant_in_the_data_size(
    owner_client, workspace, interviewer, endpoint, kind
):
    # The kind changes what is counted (positions or candidates), never how many queries.
    Workspace.objects.filter(pk=workspace.pk).update(kind=kind)
    build(workspace, interviewer, 10)
    small = count_queries(owner_client, endpoint)
    build(workspace, interviewer, 190)
    large = count_queries(owner_client, endpoint)
    assert small == large == BUDGET[endpoint]
