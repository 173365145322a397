"""The browser's import task on the database queue: validation holds no transaction (so no
SQLite write lock while every row is checked), and a run is safe to execute twice."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client

from candidates.importers import CandidateImporter
from candidates.models import Candidate
from interview_tracker.import_runs import import_run_create, import_run_execute, import_run_start
from interview_tracker.models import ImportRun, ImportStatus

pytestmark = pytest.mark.django_db(transaction=True)


def test_rows_are_validated_outside_any_transaction(owner, workspace, task_queue, monkeypatch):
    in_transaction: list[bool] = []
    validate = CandidateImporter.validate

    def watched(self, raw):
        in_transaction.append(transaction.get_connection().in_atomic_block)
        return validate(self, raw)

    monkeypatch.setattr(CandidateImporter, "validate", watched)
    rows = "".join(f"P{i},p{i}@example.com\n" for i in range(2500))
    run = import_run_create(
        workspace=workspace,
        actor=owner,
        entity="candidates",
        upload=SimpleUploadedFile("people.csv", f"name,email\n{rows}".encode()),
        update=False,
        skip_invalid=False,
    )
    import_run_start(run=run)
    task_queue()
    assert ImportRun.objects.get().status == ImportStatus.DONE
    assert Candidate.objects.count() == 2500
    assert len(in_transaction) == 5000  # the check, then the import
    assert not any(in_transaction)

    # A redelivered task finds the run finished and writes nothing.
    assert import_run_execute.call(str(run.pk)) == "already finished"
    assert Candidate.objects.count() == 2500


def test_a_run_skipping_invalid_rows_that_fails_midway_says_what_was_imported(
    owner, workspace, task_queue
):
    rows = "".join(f"P{i},p{i}@example.com\n" for i in range(11_000)).encode()
    run = import_run_create(
        workspace=workspace,
        actor=owner,
        entity="candidates",
        # Bytes that are no UTF-8 after 11,000 good rows: two batches of 5,000 committed.
        upload=SimpleUploadedFile("people.csv", b"name,email\n" + rows + b"Bad,\xff\xfe@x\n"),
        update=False,
        skip_invalid=True,
    )
    import_run_start(run=run)
    task_queue()
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED
    assert Candidate.objects.count() == 10_000
    assert "Earlier rows were imported in batches: 10,000 created, 0 updated." in run.error
    assert run.error.startswith("The file is not UTF-8")
    assert run.report["created"] == 10_000
    client = Client()
    client.force_login(owner)
    page = client.get(f"/import/{run.pk}/").content.decode()
    assert ">Stopped partway</h2>" in page
    assert "Not imported" not in page
