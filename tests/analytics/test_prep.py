"""Prep effectiveness: of the questions asked in completed rounds, the share practised before."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from questions.services import practice_record
from tests.factories import InterviewFactory, InterviewQuestionFactory, QuestionFactory

pytestmark = pytest.mark.django_db
PREP = "/api/v1/statistics/prep"


def test_the_share_practised_before_each_round_and_per_month(owner, owner_client, workspace):
    when = timezone.now() - dt.timedelta(days=10)
    round_one = InterviewFactory(
        workspace=workspace, created_by=owner, scheduled_at=when, status="completed", title="Tech"
    )
    practised, flagged, cold = (QuestionFactory(workspace=workspace) for _ in range(3))
    with time_machine.travel(when - dt.timedelta(days=2)):
        practice_record(user=owner, question=practised, self_rating=7)
    with time_machine.travel(when + dt.timedelta(days=1)):
        practice_record(user=owner, question=cold, self_rating=3)  # after: does not count
    for question, prepared in ((practised, False), (flagged, True), (cold, False)):
        InterviewQuestionFactory(
            workspace=workspace, interview=round_one, question=question, was_prepared=prepared
        )
    not_done = InterviewFactory(workspace=workspace, created_by=owner, status="scheduled")
    InterviewQuestionFactory(workspace=workspace, interview=not_done, question=cold)

    body = owner_client.get(PREP).json()

    assert (body["asked"], body["prepared"], body["prepared_share"]) == (3, 2, 66.67)
    assert [(r["title"], r["asked"], r["prepared"]) for r in body["rounds"]] == [("Tech", 3, 2)]
    assert body["by_month"] == [
        {"month": when.strftime("%Y-%m"), "asked": 3, "prepared": 2, "prepared_share": 66.67}
    ]


def test_nothing_asked_yet_gives_no_share(owner_client, workspace):
    body = owner_client.get(PREP).json()

    assert body == {"asked": 0, "prepared": 0, "prepared_share": None, "rounds": [], "by_month": []}


def test_prep_queries_do_not_grow(owner, owner_client, workspace, django_assert_num_queries):
    def add_round():
        interview = InterviewFactory(workspace=workspace, created_by=owner, status="completed")
        InterviewQuestionFactory(workspace=workspace, interview=interview)

    add_round()
    owner_client.get(PREP)
    # the user; its memberships (the scope's workspace ids); the workspace in scope (the
    # current one) and its kind; rounds; months; the total
    with django_assert_num_queries(6):
        owner_client.get(PREP)
    for _ in range(4):
        add_round()
    with django_assert_num_queries(6):
        owner_client.get(PREP)


def test_another_workspace_is_not_counted(outsider, api_client_for, owner, workspace):
    interview = InterviewFactory(workspace=workspace, created_by=owner, status="completed")
    InterviewQuestionFactory(workspace=workspace, interview=interview, was_prepared=True)

    body = api_client_for(outsider).get(PREP).json()

    assert body["asked"] == 0
