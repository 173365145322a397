"""``?expand=interviews`` on the candidate and position lists: what a list shows of each round
and scorecard by default, every field with ``?fields=full`` (and on a candidate's detail), a
constant number of queries whatever the page size, pages of up to 1,000 rows."""

import pytest

from interviews.api.serializers import (
    BASE_FIELDS,
    FEEDBACK_FIELDS,
    LEAN_FEEDBACK_FIELDS,
    LEAN_INTERVIEW_FIELDS,
)
from tests.factories import CandidateFactory, FeedbackFactory, InterviewFactory, PositionFactory

pytestmark = pytest.mark.django_db

CANDIDATES = "/api/v1/candidates/"
POSITIONS = "/api/v1/positions/"


@pytest.fixture
def round_(workspace, recruiter):
    position = PositionFactory(workspace=workspace)
    candidate = CandidateFactory(workspace=workspace, position=position)
    interview = InterviewFactory(workspace=workspace, candidate=candidate, position=position)
    FeedbackFactory(interview=interview, author=recruiter)
    return interview


def embedded(client, url):
    (row,) = [row for row in client.get(url).json()["results"] if row["interviews"]]
    (interview,) = row["interviews"]
    return interview


@pytest.mark.parametrize("url", [CANDIDATES, POSITIONS])
def test_a_list_embeds_what_it_shows_of_a_round_and_every_field_when_asked(
    url, owner_client, round_
):
    lean = embedded(owner_client, f"{url}?expand=interviews")
    assert list(lean) == [*LEAN_INTERVIEW_FIELDS, "feedback"]
    assert list(lean["feedback"][0]) == LEAN_FEEDBACK_FIELDS
    assert lean["id"] == str(round_.pk)
    full = embedded(owner_client, f"{url}?expand=interviews&fields=full")
    assert list(full) == [*BASE_FIELDS, "feedback"]
    assert list(full["feedback"][0]) == FEEDBACK_FIELDS


def test_a_candidate_detail_embeds_every_field(owner_client, round_):
    detail = owner_client.get(f"{CANDIDATES}{round_.candidate_id}/").json()
    assert list(detail["interviews"][0]) == [*BASE_FIELDS, "feedback"]


def test_the_positions_list_embeds_only_when_asked(owner_client, round_):
    (row,) = owner_client.get(POSITIONS).json()["results"]
    assert "interviews" not in row
    assert owner_client.get(f"{POSITIONS}{round_.position_id}/").json().get("interviews") is None


@pytest.mark.parametrize("fields", ["", "&fields=full"])
@pytest.mark.parametrize("page_size", [5, 50])
def test_expanded_positions_run_a_constant_number_of_queries(
    page_size, fields, owner_client, workspace, recruiter, django_assert_num_queries
):
    for position in PositionFactory.create_batch(60, workspace=workspace):
        FeedbackFactory(
            interview=InterviewFactory(workspace=workspace, position=position), author=recruiter
        )
    # user (JWT), memberships, COUNT(*), the page, its skills, its interviews, their scorecards.
    with django_assert_num_queries(7):
        response = owner_client.get(f"{POSITIONS}?expand=interviews&page_size={page_size}{fields}")
    assert len(response.json()["results"]) == page_size


@pytest.mark.parametrize("url", [CANDIDATES, POSITIONS, "/api/v1/interviews/"])
def test_a_page_holds_up_to_1000_rows(url, owner_client, workspace):
    for position in PositionFactory.create_batch(101, workspace=workspace):
        InterviewFactory(
            workspace=workspace,
            position=position,
            candidate=CandidateFactory(workspace=workspace, position=position),
        )
    body = owner_client.get(f"{url}?page_size=1000").json()
    assert (body["count"], len(body["results"]), body["next"]) == (101, 101, None)
    assert len(owner_client.get(f"{url}?page_size=5000").json()["results"]) == 101
