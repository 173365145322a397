"""Finding 12: two imports of one file at the same moment: the data stayed right, but the
loser got a 500 page or a raw traceback. It now gets a clear conflict message (the command's
error, the import page's message), and the file's records exist once.

The race needs PostgreSQL (SQLite's IMMEDIATE transactions make the second import wait and
then find every record). Both runs are held after their natural-key lookup until both have
looked, so the race is certain, not likely."""

import io
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test import Client

from candidates.importers import CandidateImporter
from candidates.models import Candidate
from interview_tracker.models import ImportRun

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROWS = 40
CONFLICT = "Another import wrote some of these records at the same time"


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises the two imports: the second finds every record")


@pytest.fixture
def people_csv(tmp_path) -> Path:
    path = tmp_path / "people.csv"
    lines = ["Full Name,E-mail,Stage"]
    lines += [f"Person {n},person{n}@example.com,screening" for n in range(ROWS)]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def both_look_before_either_writes(monkeypatch) -> None:
    barrier = threading.Barrier(2, timeout=20)
    lookup = CandidateImporter.find_existing

    def find_existing(self, keys):
        found = lookup(self, keys)
        barrier.wait()
        return found

    monkeypatch.setattr(CandidateImporter, "find_existing", find_existing)


def _race(*calls: Callable[[], str]) -> list[str]:
    outcomes: list[str] = []

    def run(call: Callable[[], str]) -> None:
        try:
            outcomes.append(call())
        except Exception as exc:  # before the fix: an IntegrityError's traceback
            outcomes.append(f"crashed: {exc!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


def test_finding_12_the_second_concurrent_command_gets_a_clear_conflict(
    workspace, people_csv, both_look_before_either_writes, monkeypatch
):
    def command() -> str:
        try:
            call_command(
                "import_candidates",
                str(people_csv),
                workspace=str(workspace.pk),
                verbosity=0,
                stdout=io.StringIO(),
                stderr=io.StringIO(),
            )
        except CommandError as exc:
            return str(exc)
        return "imported"

    outcomes = _race(command, command)
    assert outcomes[0] == "imported"
    assert outcomes[1].startswith(f"people.csv: {CONFLICT}, so nothing from this file")
    assert Candidate.objects.filter(workspace=workspace).count() == ROWS
    # Run again, alone now, as the message says: every record is found and left alone.
    monkeypatch.undo()
    out = io.StringIO()
    call_command(
        "import_candidates", str(people_csv), workspace=str(workspace.pk), verbosity=0, stdout=out
    )
    assert f"{ROWS} unchanged" in out.getvalue()


def test_finding_12_the_second_concurrent_start_ends_with_a_clear_message(
    owner, workspace, people_csv, both_look_before_either_writes
):
    def uploaded() -> tuple[Client, str]:
        client = Client()
        client.force_login(owner)
        with people_csv.open("rb") as upload:
            response = client.post("/import/", {"entity": "candidates", "file": upload})
        assert response.status_code == 302, response.content
        return client, response["Location"]

    uploads = [uploaded(), uploaded()]

    def start(client: Client, preview: str) -> Callable[[], str]:
        def call() -> str:
            response = client.post(f"{preview}start/")
            return f"{response.status_code} {response['Location']}"

        return call

    # The browser import runs as a task (immediate in the tests): both start at once.
    outcomes = _race(*(start(client, preview) for client, preview in uploads))
    assert all(not outcome.startswith("crashed") for outcome in outcomes), outcomes
    runs = list(ImportRun.objects.order_by("created_at"))
    assert sorted(run.status for run in runs) == ["done", "failed"], outcomes
    failed = next(run for run in runs if run.status == "failed")
    # A browser run commits batch by batch: the message says so rather than "nothing written".
    assert failed.error.startswith("Another import wrote the same records at the same moment."), (
        failed.error,
        failed.report,
    )
    assert Candidate.objects.filter(workspace=workspace).count() == ROWS
