"""100,000 rows from the browser: the upload and the start answer at once, the database queue's
worker validates and imports the file, and the progress the page polls moves while it does."""

import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from candidates.models import Candidate
from interview_tracker import import_runs
from interview_tracker.models import ImportRun, ImportStatus

ROWS = 100_000

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_100000_row_import_from_the_browser_completes_with_progress_visible(
    owner, task_queue, monkeypatch
):
    client = Client()
    client.force_login(owner)
    body = "".join(f"Person {i},person{i}@example.com,referral\n" for i in range(ROWS))
    upload = SimpleUploadedFile("people.csv", f"name,email,source\n{body}".encode())

    began = time.monotonic()
    uploaded = client.post("/import/", {"entity": "candidates", "file": upload})
    page = uploaded["Location"]
    assert client.get(page).status_code == 200  # the preview reads its sample
    started = client.post(page + "start/")
    request_seconds = time.monotonic() - began
    assert started.status_code == 302
    assert request_seconds < 10  # three requests; the rows are left to the worker
    assert ImportRun.objects.get().status == ImportStatus.QUEUED
    assert 'hx-trigger="every 1s"' in client.get(page).content.decode()

    # What the polling page shows whenever the worker writes its progress.
    seen: list[tuple[str, int]] = []
    original = import_runs._progress

    def watched(run_id, status):
        write = original(run_id, status)

        def write_and_look(rows, done, total):
            write(rows, done, total)
            if rows % 20_000 == 0:
                html = client.get(page + "progress/").content.decode()
                percent = re.search(r'<progress value="(\d+)"', html)
                assert percent, html
                seen.append((status, int(percent.group(1))))

        return write_and_look

    monkeypatch.setattr(import_runs, "_progress", watched)
    task_queue()

    run = ImportRun.objects.get()
    assert run.status == ImportStatus.DONE, run.error
    assert run.report["created"] == ROWS
    assert Candidate.objects.count() == ROWS
    validating = [p for s, p in seen if s == ImportStatus.VALIDATING]
    importing = [p for s, p in seen if s == ImportStatus.IMPORTING]
    assert validating == sorted(validating)
    assert len(set(validating)) >= 4
    assert importing == sorted(importing)
    assert len(set(importing)) >= 4
    assert "<strong>100,000</strong> created" in client.get(page).content.decode()
