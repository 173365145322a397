"""Uploaded files leave only through access-checked views: streamed with a safe
Content-Disposition from the local storage, or a redirect to a short-lived signed URL of an
S3-compatible object store (moto in server mode on 127.0.0.1)."""

import re
import urllib.request
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from candidates.models import Candidate
from interview_tracker.downloads import content_disposition
from positions.models import CVVersion
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 a resume"


@pytest.fixture
def candidate(workspace, candidate_user) -> Candidate:
    return CandidateFactory(workspace=workspace, resume=SimpleUploadedFile("ada-lovelacé.pdf", PDF))


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("owner", 200),
        ("recruiter", 200),
        ("interviewer", 200),
        ("candidate", 404),
        ("outsider", 404),
    ],
)
def test_finding_07_a_resume_downloads_for_the_hiring_team_only(
    api_client_for, cast, candidate, role, status
):
    response = api_client_for(cast[role]).get(f"/api/v1/candidates/{candidate.pk}/resume/")
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        stored = candidate.resume.name.rsplit("/", 1)[-1].removesuffix(".pdf")
        assert stored.startswith("ada-lovelacé")  # the storage may add a suffix to keep it unique
        assert response["Content-Disposition"] == (
            f'attachment; filename="{stored.replace("é", "_")}.pdf"; '
            f"filename*=UTF-8''{stored.replace('é', '%C3%A9')}.pdf"
        )
        assert response["Content-Type"] == "application/pdf"


def test_the_dashboard_link_and_the_api_field_name_the_download_view(owner, candidate):
    client = Client()
    client.force_login(owner)
    url = f"/api/v1/candidates/{candidate.pk}/resume"
    assert f'href="{url}"' in client.get(f"/candidates/{candidate.pk}/").content.decode()
    assert client.get(url).status_code == 200  # the browser's session is enough
    assert client.get(f"/api/v1/candidates/{candidate.pk}/").json()["resume"] == (
        f"http://testserver{url}"
    )


def test_finding_07_media_urls_are_never_served(owner_client, candidate):
    assert owner_client.get(f"/media/{candidate.resume.name}").status_code == 404


def test_a_candidate_without_a_resume_answers_404(owner_client, workspace):
    empty = CandidateFactory(workspace=workspace)
    assert owner_client.get(f"/api/v1/candidates/{empty.pk}/resume/").status_code == 404


def test_finding_07_the_file_name_cannot_break_out_of_the_header():
    header = content_disposition('resumes/2026/12/a"b;c\r\nSet-Cookie: x=1 é.pdf')
    assert "\r" not in header
    assert "\n" not in header
    assert header.startswith('attachment; filename="a_b_c__Set-Cookie: x=1 _.pdf"; ')
    assert header.endswith("filename*=UTF-8''a%22b%3Bc%0D%0ASet-Cookie%3A%20x%3D1%20%C3%A9.pdf")


def test_files_round_trip_through_an_s3_compatible_store_with_access_checks(
    s3_storage, s3_endpoint, owner_client, api_client_for, outsider, cast, workspace
):
    created = owner_client.post(
        "/api/v1/candidates/",
        {"name": "Ada", "email": "ada@example.com", "resume": SimpleUploadedFile("cv.pdf", PDF)},
        format="multipart",
    )
    assert created.status_code == 201, created.content
    candidate = Candidate.objects.get()
    stored = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    ).list_objects_v2(Bucket=s3_storage)
    assert [item["Key"] for item in stored["Contents"]] == [candidate.resume.name]

    assert re.fullmatch(r"resumes/\d{4}/\d{2}/[0-9a-f]{16}/cv\.pdf", candidate.resume.name)
    response = owner_client.get(f"/api/v1/candidates/{candidate.pk}/resume/")
    assert response.status_code == 302
    signed = response["Location"]
    assert signed.startswith(f"{s3_endpoint}/{s3_storage}/resumes/")
    query = parse_qs(urlsplit(signed).query)
    assert query["X-Amz-Expires"] == ["300"]  # minutes, not a standing link
    assert "X-Amz-Signature" in query
    with urllib.request.urlopen(signed, timeout=10) as download:
        assert download.read() == PDF
        assert download.headers["Content-Disposition"].startswith('attachment; filename="cv.pdf"')
    unsigned = signed.split("?")[0]
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(unsigned, timeout=10)
    assert refused.value.code == 403

    for role in ("candidate", "outsider"):
        outsider_response = api_client_for(cast[role]).get(
            f"/api/v1/candidates/{candidate.pk}/resume/"
        )
        assert outsider_response.status_code == 404


def test_cv_files_download_through_their_own_view(api_client_for, cast, workspace):
    cv = CVVersion.objects.create(
        workspace=workspace, label="Backend", file=SimpleUploadedFile("cv.pdf", PDF)
    )
    owner = api_client_for(cast["owner"]).get(f"/api/v1/cv-versions/{cv.pk}/file/")
    assert b"".join(owner.streaming_content) == PDF
    outsider = api_client_for(cast["outsider"]).get(f"/api/v1/cv-versions/{cv.pk}/file/")
    assert outsider.status_code == 404


def test_two_uploads_of_one_name_never_share_an_object(s3_storage):
    from django.core.files.storage import default_storage

    first = default_storage.save("resumes/cv.pdf", SimpleUploadedFile("cv.pdf", b"first"))
    second = default_storage.save("resumes/cv.pdf", SimpleUploadedFile("cv.pdf", b"second"))
    assert first != second
    for name, content in ((first, b"first"), (second, b"second")):
        with default_storage.open(name) as stored:
            assert stored.read() == content


def test_finding_07_media_is_not_routed_even_with_debug_on(settings):
    import importlib

    from interview_tracker import urls

    settings.DEBUG = True
    try:
        patterns = importlib.reload(urls).urlpatterns
    finally:
        settings.DEBUG = False
        importlib.reload(urls)
    assert not [p for p in patterns if "media" in str(getattr(p, "pattern", ""))]
