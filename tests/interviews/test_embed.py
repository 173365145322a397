"""The candidate embed the candidates app renders for ``?expand=interviews`` and detail."""

import pytest
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

from candidates.models import Candidate
from interview_tracker.extensions import registry
from tests.factories import CandidateFactory, FeedbackFactory, InterviewFactory

pytestmark = pytest.mark.django_db


def render(user, queryset, path="rows"):
    """The embed of these candidates as a list reads it (``rows``, values) or as a detail
    renders it (``serializer``, the prefetched instances), with every field."""
    embed = registry.api_embeds["candidates.candidate"]["interviews"]
    request = APIRequestFactory().get("/api/v1/candidates/?expand=interviews")
    request.user = user
    if path == "rows":
        ids = list(queryset.values_list("id", flat=True))
        found = embed.rows(request, ids, True)
        return [{"id": pk, "interviews": found.get(pk, [])} for pk in ids]

    class CandidateWithInterviews(serializers.ModelSerializer):
        interviews = embed.serializer(True)

        class Meta:
            model = Candidate
            fields = ["id", "interviews"]

    rows = list(queryset.prefetch_related(embed.prefetch(request)))
    return CandidateWithInterviews(rows, many=True, context={"request": request}).data


PATHS = ["rows", "serializer"]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("candidates", [1, 5])
def test_embed_runs_a_constant_number_of_queries(
    owner, workspace, django_assert_num_queries, candidates, path
):
    for _ in range(candidates):
        interview = InterviewFactory(workspace=workspace)
        FeedbackFactory(interview=interview)
    owner.workspace_roles  # noqa: B018 - read once per request, before the measured block
    # 1 candidates, 2 their interviews, 3 visible scorecards + authors.
    with django_assert_num_queries(3):
        data = render(owner, Candidate.objects.filter(workspace=workspace), path)
    assert len(data) == candidates
    assert all(len(row["interviews"][0]["feedback"]) == 1 for row in data)


@pytest.mark.parametrize("path", PATHS)
def test_embed_keeps_the_blind_and_role_rules(
    interviewer, candidate_user, recruiter, workspace, path
):
    candidate = CandidateFactory(workspace=workspace, user=candidate_user)
    interview = InterviewFactory(workspace=workspace, candidate=candidate, notes="internal")
    interview.participants.create(user=interviewer, role="interviewer")
    interview.participants.create(user=candidate_user, role="candidate")
    FeedbackFactory(interview=interview, author=recruiter)
    queryset = Candidate.objects.filter(pk=candidate.pk)
    # The interviewer has not submitted: others' scorecards stay hidden.
    assert render(interviewer, queryset, path)[0]["interviews"][0]["feedback"] == []
    FeedbackFactory(interview=interview, author=interviewer)
    assert len(render(interviewer, queryset, path)[0]["interviews"][0]["feedback"]) == 2
    # The candidate member reads their interview without notes or scorecards.
    seen = render(candidate_user, queryset, path)[0]["interviews"][0]
    assert "feedback" not in seen
    assert "notes" not in seen
    assert seen["status"] == "scheduled"
