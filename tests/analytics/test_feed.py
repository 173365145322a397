"""The home page's activity feed: one entry per event, though an event is written on every
timeline it shows on."""

import pytest

from analytics.feed import activity_feed
from candidates import services as candidate_services
from interview_tracker.services import activity_record
from tests.factories import CandidateFactory, PositionFactory

pytestmark = pytest.mark.django_db


def test_an_event_on_several_timelines_is_one_entry_and_separate_events_stay_apart(
    owner, workspace
):
    opening = PositionFactory(workspace=workspace, title="Platform Engineer")
    candidate = CandidateFactory(workspace=workspace, name="Sofia", position=opening)
    # One event, written on the candidate's and the opening's timelines.
    activity_record(
        actor=owner, verb="created", target=candidate, summary="Sofia added", also=[opening]
    )
    assert [entry["name"] for entry in activity_feed(owner, workspace.pk)] == ["Sofia"]
    # A purge anonymises one candidate after another: the same verb and summary, each its own.
    others = CandidateFactory.create_batch(3, workspace=workspace, status="rejected")
    for other in others:
        candidate_services.candidate_anonymise(candidate=other, actor=None)
    entries = activity_feed(owner, workspace.pk)
    assert [entry["did"] for entry in entries[:3]] == ["anonymised"] * 3
    assert len(entries) == 4
