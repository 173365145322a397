"""Two creates with the same e-mail at the same moment: the database constraint decides."""

import threading

import pytest
from django.db import connection, connections

from candidates.models import Candidate
from candidates.services import candidate_create
from interview_tracker.errors import ConflictError


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicate_creates_leave_one_row_and_one_conflict(workspace, owner):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def create(email: str) -> None:
        try:
            barrier.wait(timeout=10)
            candidate_create(workspace=workspace, actor=owner, name="Racer", email=email)
            outcomes.append("created")
        except ConflictError:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=create, args=(email,))
        for email in ("race@example.com", "RACE@example.com")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["conflict", "created"]
    assert Candidate.objects.filter(workspace=workspace).count() == 1
