import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from candidates.models import Candidate
from interview_tracker.import_runs import PREVIEW_SAMPLE_ROWS
from interview_tracker.models import ImportRun, ImportStatus, Role
from positions.models import Position
from tests.factories import MembershipFactory, UserFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser_for():
    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


def _upload(client, content: bytes, **extra):
    data = {"entity": "candidates", "file": SimpleUploadedFile("people.csv", content), **extra}
    return client.post("/import/", data)


def _start(client, location: str, django_capture_on_commit_callbacks):
    # The task is enqueued when the request commits; the test settings' immediate backend
    # then runs it at once.
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(location.rstrip("/") + "/start/")


def test_finding_10_upload_previews_a_sample_then_the_import_runs_as_a_task(
    browser_for, owner, django_capture_on_commit_callbacks
):
    client = browser_for(owner)
    response = _upload(
        client,
        b"Full Name,E-mail,Colour\nAda,ada@example.com,blue\nBob,nope,red\n",
        skip_invalid="on",
    )
    assert response.status_code == 302
    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "<td>Full Name</td><td><code>name</code></td>" in html
    assert "<td>Colour</td><td><em>ignored</em></td>" in html
    assert "<td>Ada</td><td>ada@example.com</td>" in html
    assert "<td>3</td><td><code>E-mail</code></td><td>Enter a valid email address.</td>" in html
    assert Candidate.objects.count() == 0  # the preview writes nothing

    started = _start(client, response["Location"], django_capture_on_commit_callbacks)
    assert started["Location"] == response["Location"]
    assert list(Candidate.objects.values_list("email", flat=True)) == ["ada@example.com"]
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.DONE
    assert run.report["summary"] == "2 rows: 1 created, 0 updated, 0 unchanged, 1 invalid."
    report = client.get(response["Location"]).content.decode()
    assert '<h2 id="progress-heading">Imported</h2>' in report
    assert "hx-trigger" not in report  # finished: the page stops polling
    # The report stays linked from the import page; starting again changes nothing.
    assert f'href="/import/{run.pk}/"' in client.get("/import/").content.decode()
    _start(client, response["Location"], django_capture_on_commit_callbacks)
    assert Candidate.objects.count() == 1


def test_finding_10_the_preview_reads_a_bounded_sample_of_a_large_file(browser_for, owner):
    rows = "".join(f"P{i},p{i}@example.com\n" for i in range(5000))
    response = _upload(browser_for(owner), f"name,email\n{rows}".encode())
    html = browser_for(owner).get(response["Location"]).content.decode()
    assert f"<strong>{PREVIEW_SAMPLE_ROWS}</strong> rows checked" in html


def test_a_file_with_bad_rows_imports_nothing_without_skip_invalid(
    browser_for, owner, django_capture_on_commit_callbacks
):
    client = browser_for(owner)
    response = _upload(client, b"name,email\nAda,ada@example.com\nBob,nope\n")
    preview = client.get(response["Location"]).content.decode()
    assert "Nothing will be imported while any row is invalid" in preview
    _start(client, response["Location"], django_capture_on_commit_callbacks)
    assert Candidate.objects.count() == 0
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.FAILED
    assert run.error == "Nothing was imported: 1 rows are invalid."
    report = client.get(response["Location"]).content.decode()
    assert "<td>3</td><td><code>email</code></td><td>Enter a valid email address.</td>" in report


def test_files_above_the_limit_are_refused_with_a_pointer_to_the_command(
    browser_for, owner, settings
):
    settings.IMPORT_MAX_UPLOAD_BYTES = 10
    response = _upload(browser_for(owner), b"name,email\nAda,ada@example.com\n")
    assert response.status_code == 200
    assert "manage.py import_candidates FILE --workspace" in response.content.decode()
    # A made-up choice is not echoed into the command: the page's default is named.
    made_up = _upload(browser_for(owner), b"name,email\nAda,ada@example.com\n", entity="x y")
    assert "import_x y" not in made_up.content.decode()
    assert "manage.py import_candidates FILE --workspace &lt;workspace id&gt;" in (
        made_up.content.decode()
    )


def test_an_unreadable_upload_says_why(browser_for, owner):
    client = browser_for(owner)
    response = _upload(client, b"colour\nblue\n")
    assert "No recognisable header" in client.get(response["Location"]).content.decode()


def test_another_user_cannot_see_or_start_the_upload(browser_for, owner, recruiter, outsider):
    response = _upload(browser_for(owner), b"name,email\nAda,ada@example.com\n")
    for user in (recruiter, outsider):
        other = browser_for(user)
        assert other.get(response["Location"]).status_code == 404
        assert other.post(response["Location"] + "start/").status_code == 404
        assert other.get(response["Location"] + "progress/").status_code == 404
    assert ImportRun.objects.get().status == ImportStatus.UPLOADED


@pytest.mark.parametrize(
    ("role", "status"),
    [("owner", 200), ("recruiter", 200), ("interviewer", 403), ("candidate", 403)],
)
def test_only_managers_import(browser_for, cast, role, status):
    assert browser_for(cast[role]).get("/import/").status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get("/import/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("runs", [1, 12])
def test_the_upload_page_reads_recent_imports_in_constant_queries(
    browser_for, owner, workspace, runs, django_assert_num_queries
):
    for n in range(runs):
        ImportRun.objects.create(
            workspace=workspace, created_by=owner, entity="candidates", name=f"f{n}.csv"
        )
    client = browser_for(owner)
    # session, user, the default workspace, the user's roles, the header's memberships, the
    # recent runs (at most ten)
    with django_assert_num_queries(6):
        html = client.get("/import/").content.decode()
    assert html.count('href="/import/') == min(runs, 10) + 1  # the runs and the nav link


def test_a_run_that_skips_invalid_rows_reads_the_file_once(
    browser_for, owner, django_capture_on_commit_callbacks, monkeypatch
):
    # Counts how often the task opens the stored file (a pass over its rows each time).
    from interview_tracker import import_runs

    opened = []
    real_open_run = import_runs.open_run

    def counting(run, overrides=None):
        opened.append(run.pk)
        return real_open_run(run, overrides)

    monkeypatch.setattr(import_runs, "open_run", counting)
    for skip, passes in (("on", 1), ("", 2)):
        client = browser_for(owner)
        content = f"name,email\nAda,ada{skip}@example.com\n".encode()
        response = _upload(client, content, **({"skip_invalid": skip} if skip else {}))
        opened.clear()
        _start(client, response["Location"], django_capture_on_commit_callbacks)
        assert len(opened) == passes
    assert Candidate.objects.count() == 2


def test_a_clash_with_another_import_says_so_and_not_that_nothing_was_written(
    browser_for, owner, django_capture_on_commit_callbacks, monkeypatch
):
    # The engine raises ImportConflict when another writer inserted the same records between
    # a batch's lookup and its insert; batches committed before it stay written.
    from interview_tracker import import_runs
    from interview_tracker.importing import ImportConflict

    def clash(*args, **kwargs):
        raise ImportConflict("Another import wrote some of these records at the same time.")

    monkeypatch.setattr(import_runs, "run_import", clash)
    client = browser_for(owner)
    response = _upload(client, b"name,email\nAda,ada@example.com\n")
    _start(client, response["Location"], django_capture_on_commit_callbacks)
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.FAILED
    assert run.error.startswith("Another import wrote the same records at the same moment.")
    assert run.bytes_done == run.total_bytes


def _choices(page: str) -> list[str]:
    start = page.index('name="entity"')
    select = page[start : page.index("</select>", start)]
    return re.findall(r'<option value="(\w+)"[^>]*>([^<]+)</option>', select)


def test_a_hiring_team_imports_candidates_first_and_calls_positions_openings(browser_for, owner):
    page = browser_for(owner).get("/import/").content.decode()
    assert _choices(page) == [
        ("candidates", "Candidates"),
        ("positions", "Openings"),
        ("questions", "Questions"),
    ]
    assert "manage.py import_candidates FILE" in page


def test_a_job_search_imports_applications_first_and_offers_no_candidates(
    browser_for, django_capture_on_commit_callbacks
):
    seeker = UserFactory(email="seeker@example.com")
    search = WorkspaceFactory(name="My search", is_personal=True)
    MembershipFactory(user=seeker, workspace=search, role=Role.OWNER)
    seeker.default_workspace = search
    seeker.save(update_fields=["default_workspace"])
    client = browser_for(seeker)
    page = client.get("/import/").content.decode()
    assert _choices(page) == [("positions", "Applications"), ("questions", "Questions")]
    assert "import_candidates" not in page
    assert "<summary>Applications</summary>" in page

    refused = _upload(client, b"name,email\nAda,ada@example.com\n")
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    assert not ImportRun.objects.exists()

    upload = SimpleUploadedFile("huntr.csv", b"Job Title,Company\nEngineer,Acme\n")
    response = client.post("/import/", {"entity": "positions", "file": upload})
    preview = client.get(response["Location"]).content.decode()
    assert "Import applications: huntr.csv" in preview
    done = _start(client, response["Location"], django_capture_on_commit_callbacks)
    report = client.get(done["Location"]).content.decode()
    assert "See the applications" in report
    assert Position.objects.get(workspace=search).title == "Engineer"
