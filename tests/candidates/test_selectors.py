"""pipeline_by_opening: a hiring team's openings with their candidates per stage (home page)."""

import pytest

from candidates.selectors import pipeline_by_opening
from tests.factories import CandidateFactory, CompanyFactory, PositionFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db


def test_each_opening_counts_its_candidates_per_stage(workspace, recruiter):
    acme = CompanyFactory(workspace=workspace, name="Acme")
    scientist = PositionFactory(
        workspace=workspace, company=acme, title="Data Scientist", hiring_manager=recruiter
    )
    closed = PositionFactory(
        workspace=workspace, company=acme, title="Analyst", opening_status="closed"
    )
    engineer = PositionFactory(workspace=workspace, company=acme, title="Engineer")
    for status in ("applied", "applied", "offer", "hired", "rejected"):
        CandidateFactory(workspace=workspace, position=scientist, status=status)
    CandidateFactory(workspace=workspace, position=closed, status="withdrawn")
    CandidateFactory(workspace=workspace, position=None, status="applied")  # no opening
    elsewhere = PositionFactory(workspace=WorkspaceFactory(), title="Not ours")
    CandidateFactory(workspace=elsewhere.workspace, position=elsewhere)

    rows = list(pipeline_by_opening(workspace))
    # open ones by title, then the closed one
    assert [row.title for row in rows] == ["Data Scientist", "Engineer", "Analyst"]
    first = rows[0]
    assert (
        first.applied_count,
        first.screening_count,
        first.offer_count,
        first.hired_count,
        first.rejected_count,
        first.active_count,
    ) == (2, 0, 1, 1, 1, 3)
    assert (first.company.name, first.hiring_manager) == ("Acme", recruiter)
    assert (rows[1].active_count, rows[1].applied_count) == (0, 0)
    assert (rows[2].withdrawn_count, rows[2].active_count) == (1, 0)
    assert engineer.pk == rows[1].pk


def test_it_narrows_like_any_queryset(workspace):
    PositionFactory(workspace=workspace, title="Open one")
    PositionFactory(workspace=workspace, title="Filled one", opening_status="filled")
    open_only = pipeline_by_opening(workspace).filter(opening_status="open")
    assert [row.title for row in open_only] == ["Open one"]


@pytest.mark.parametrize("openings", [2, 12])
def test_one_query_whatever_the_number_of_openings(
    workspace, recruiter, openings, django_assert_num_queries
):
    company = CompanyFactory(workspace=workspace)
    for index in range(openings):
        opening = PositionFactory(workspace=workspace, company=company, hiring_manager=recruiter)
        for status in ("applied", "interviewing", "offer")[: 1 + index % 3]:
            CandidateFactory(workspace=workspace, position=opening, status=status)
    # 1 the openings with their company, hiring manager and per-stage counts
    with django_assert_num_queries(1):
        rows = list(pipeline_by_opening(workspace))
        names = [(row.company.name, str(row.hiring_manager), row.active_count) for row in rows]
    assert len(names) == openings
