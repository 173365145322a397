"""Many pipeline moves at once (``pipeline_status_moves``): each recorded as one move is."""

import pytest

from candidates.models import Candidate
from interview_tracker.errors import ValidationFailed
from interview_tracker.extensions import registry
from interview_tracker.models import ActivityEvent, StatusChange
from interview_tracker.services import pipeline_status_moves
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def test_each_record_that_moves_gets_its_history_and_its_event(owner, workspace, monkeypatch):
    heard = []
    monkeypatch.setattr(registry, "activity_listeners", [heard.append])  # heard: the batches
    ada, bob, cyd = (
        CandidateFactory(workspace=workspace, status=status)
        for status in ("applied", "screening", "offer")
    )
    moved = pipeline_status_moves(
        model=Candidate,
        moves={ada.pk: "screening", bob.pk: "screening", cyd.pk: "hired"},
        actor=owner,
    )
    assert moved == 2  # Bob was there already
    assert dict(Candidate.objects.values_list("pk", "status")) == {
        ada.pk: "screening",
        bob.pk: "screening",
        cyd.pk: "hired",
    }
    history = {
        (change.object_id, change.from_status, change.to_status, change.changed_by_id)
        for change in StatusChange.objects.all()
    }
    assert history == {
        (ada.pk, "applied", "screening", owner.pk),
        (cyd.pk, "offer", "hired", owner.pk),
    }
    events = ActivityEvent.objects.filter(verb="status_changed")
    assert {(e.object_id, e.summary) for e in events} == {
        (ada.pk, "Status changed from applied to screening"),
        (cyd.pk, "Status changed from offer to hired"),
    }
    # One call with the batch's events: a listener reads what it needs once per batch.
    [batch] = heard
    assert sorted(e.object_id for e in batch) == sorted([ada.pk, cyd.pk])


def test_an_unknown_status_moves_nothing(owner, workspace):
    ada = CandidateFactory(workspace=workspace, status="applied")
    bob = CandidateFactory(workspace=workspace, status="applied")
    with pytest.raises(ValidationFailed):
        pipeline_status_moves(
            model=Candidate, moves={ada.pk: "screening", bob.pk: "pondering"}, actor=owner
        )
    assert set(Candidate.objects.values_list("status", flat=True)) == {"applied"}
    assert not StatusChange.objects.exists()
