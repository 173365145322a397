import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from candidates.models import Candidate
from interview_tracker import imports_views

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


def test_upload_previews_the_mapping_rows_and_errors_then_confirm_imports(browser_for, owner):
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
    assert "<td>3</td><td><code>email</code></td><td>Enter a valid email address.</td>" in html
    assert Candidate.objects.count() == 0  # the preview is a dry run
    token = response["Location"].rstrip("/").split("/")[-1]
    confirmed = client.post(f"/import/{token}/confirm/")
    assert confirmed.status_code == 302
    assert list(Candidate.objects.values_list("email", flat=True)) == ["ada@example.com"]
    # The upload is gone once imported.
    assert client.post(f"/import/{token}/confirm/").status_code == 404


def test_a_file_with_bad_rows_cannot_be_confirmed_without_skip_invalid(browser_for, owner):
    client = browser_for(owner)
    response = _upload(client, b"name,email\nAda,ada@example.com\nBob,nope\n")
    preview = client.get(response["Location"]).content.decode()
    assert "Nothing will be imported while any row is invalid" in preview
    assert "/confirm/" not in preview
    token = response["Location"].rstrip("/").split("/")[-1]
    client.post(f"/import/{token}/confirm/")
    assert Candidate.objects.count() == 0


def test_files_above_the_limit_are_refused_with_a_pointer_to_the_command(
    browser_for, owner, monkeypatch
):
    monkeypatch.setattr(imports_views, "MAX_UPLOAD_BYTES", 10)
    response = _upload(browser_for(owner), b"name,email\nAda,ada@example.com\n")
    assert response.status_code == 200
    assert "manage.py import_candidates FILE --workspace" in response.content.decode()


def test_an_unreadable_upload_says_why(browser_for, owner):
    client = browser_for(owner)
    response = _upload(client, b"colour\nblue\n")
    assert "No recognisable header" in client.get(response["Location"]).content.decode()


def test_another_session_cannot_use_the_upload(browser_for, owner, recruiter):
    response = _upload(browser_for(owner), b"name,email\nAda,ada@example.com\n")
    other = browser_for(recruiter)
    assert other.get(response["Location"]).status_code == 404


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
