"""active_applications: a job search's open applications in the order they need attention."""

import datetime as dt

import pytest
from django.utils import timezone

from positions.models import Position
from positions.selectors import active_applications
from tests.factories import CompanyFactory, InterviewFactory, PositionFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def search(db):
    return WorkspaceFactory(name="My search", kind="job_search", is_personal=True, quiet_days=14)


def aged(position, days):
    """Last touched ``days`` ago (an edit, no timeline event)."""
    Position.objects.filter(pk=position.pk).update(
        updated_at=timezone.now() - dt.timedelta(days=days)
    )


def test_interviews_then_follow_ups_then_the_longest_quiet(search):
    company = CompanyFactory(workspace=search)
    quiet = PositionFactory(workspace=search, company=company, title="Quiet")
    recent = PositionFactory(workspace=search, company=company, title="Recent")
    PositionFactory(
        workspace=search, company=company, title="Follow up", next_follow_up=timezone.localdate()
    )
    soon = PositionFactory(workspace=search, company=company, title="Interview soon")
    InterviewFactory(
        workspace=search,
        position=soon,
        candidate=None,
        status="scheduled",
        scheduled_at=timezone.now() + dt.timedelta(days=1),
    )
    InterviewFactory(  # a past one is not "next"
        workspace=search,
        position=quiet,
        candidate=None,
        status="completed",
        scheduled_at=timezone.now() - dt.timedelta(days=30),
    )
    PositionFactory(workspace=search, company=company, title="Rejected", status="rejected")
    aged(quiet, 20)
    aged(soon, 40)  # an interview ahead: not quiet however old the last edit
    aged(recent, 3)

    rows = list(active_applications(search))
    assert [row.title for row in rows] == ["Interview soon", "Follow up", "Quiet", "Recent"]
    assert {row.title: row.is_quiet for row in rows} == {
        "Interview soon": False,
        "Follow up": False,
        "Quiet": True,  # 20 days > 14
        "Recent": False,
    }
    assert rows[0].next_interview_at is not None
    assert rows[2].next_interview_at is None


def test_the_workspace_setting_decides_what_is_quiet(search):
    position = PositionFactory(workspace=search)
    aged(position, 10)
    assert not active_applications(search).get().is_quiet
    search.quiet_days = 7
    assert active_applications(search).get().is_quiet


@pytest.mark.parametrize("applications", [2, 12])
def test_one_query_whatever_the_number_of_applications(
    search, applications, django_assert_num_queries
):
    company = CompanyFactory(workspace=search)
    for index in range(applications):
        position = PositionFactory(workspace=search, company=company)
        if index % 2:
            InterviewFactory(
                workspace=search,
                position=position,
                candidate=None,
                status="scheduled",
                scheduled_at=timezone.now() + dt.timedelta(days=index),
            )
    # 1 the applications with their company, figures and next interview
    with django_assert_num_queries(1):
        rows = [
            (row.company.name, row.interview_count, row.is_quiet)
            for row in active_applications(search)
        ]
    assert len(rows) == applications
