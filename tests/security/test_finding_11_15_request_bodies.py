"""Findings 11 and 15: a body nested too deeply to parse, or larger than the server accepts,
is answered 400 or 413 in the error envelope before authentication (never a 500 with a
traceback), and an upload is refused before the server stores it, whatever it declares."""

import pytest
from django.core.management import CommandError, call_command

from interview_tracker.asgi import application
from interview_tracker.body_limits import MULTIPART_ALLOWANCE
from tests.loops import in_own_loop

pytestmark = pytest.mark.django_db

NESTED = b"[" * 200_000  # 200 KB of opening brackets


def assert_envelope(response, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == code
    assert "Traceback" not in response.content.decode()


def test_finding_11_deeply_nested_json_is_a_400_before_authentication(anon_client):
    response = anon_client.post("/api/v1/auth/login", data=NESTED, content_type="application/json")
    assert_envelope(response, 400, "BAD_REQUEST")
    assert "nested too deeply" in response.json()["error"]["message"]


def test_finding_11_deeply_nested_json_is_a_400_for_a_signed_in_user(owner_client):
    response = owner_client.post(
        "/api/v1/workspaces/", data=NESTED, content_type="application/json"
    )
    assert_envelope(response, 400, "BAD_REQUEST")


def test_finding_11_a_body_over_ten_megabytes_is_a_413_before_authentication(anon_client):
    body = b'{"email": "' + b"a" * (10 * 1024 * 1024) + b'"}'
    response = anon_client.post("/api/v1/candidates/", data=body, content_type="application/json")
    assert_envelope(response, 413, "PAYLOAD_TOO_LARGE")


def test_finding_11_a_deeply_nested_json_import_file_is_a_clear_error(tmp_path, workspace):
    path = tmp_path / "people.json"
    path.write_bytes(b'[{"name": "Ada", "email": "ada@example.com", "tags": ' + NESTED + b"]")
    with pytest.raises(CommandError, match="nested too deeply"):
        call_command("import_candidates", str(path), workspace=str(workspace.pk))


def test_finding_15_a_declared_oversized_multipart_body_is_a_413_before_authentication(
    anon_client, settings
):
    settings.MAX_UPLOAD_BYTES = 1024
    boundary = "b0undary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="cv.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + b"%" * (1024 + MULTIPART_ALLOWANCE + 1)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = anon_client.post(
        "/api/v1/cv-versions/",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert_envelope(response, 413, "PAYLOAD_TOO_LARGE")


async def _serve(scope: dict, chunks: int, chunk: bytes) -> tuple[list[dict], int]:
    """Runs one request through the ASGI application; returns what it sent and how many body
    bytes it read."""
    sent: list[dict] = []
    consumed = 0
    remaining = chunks

    async def receive() -> dict:
        nonlocal consumed, remaining
        if remaining == 0:
            return {"type": "http.disconnect"}
        remaining -= 1
        consumed += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": remaining > 0}

    async def send(message: dict) -> None:
        sent.append(message)

    await application(scope, receive, send)
    return sent, consumed


def scope_for(path: str, headers: list[tuple[bytes, bytes]]) -> dict:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }


def test_finding_15_an_undeclared_upload_stream_is_cut_at_the_cap(settings):
    """A chunked 300 MB upload (no Content-Length): the server stops reading just past the cap
    instead of spooling all of it."""
    chunk = b"%" * (64 * 1024)
    scope = scope_for(
        "/api/v1/cv-versions/",
        [(b"content-type", b"multipart/form-data; boundary=b0undary")],
    )
    sent, consumed = in_own_loop(_serve(scope, chunks=300 * 16, chunk=chunk))
    assert sent[0]["status"] == 413
    assert b"PAYLOAD_TOO_LARGE" in sent[1]["body"]
    cap = settings.MAX_UPLOAD_BYTES + MULTIPART_ALLOWANCE
    assert consumed <= cap + len(chunk)


def test_finding_15_a_declared_oversized_upload_is_refused_before_reading_any_of_it(settings):
    scope = scope_for(
        "/candidates/new/",
        [
            (b"content-type", b"multipart/form-data; boundary=b0undary"),
            (b"content-length", str(300 * 1024 * 1024).encode()),
        ],
    )
    sent, consumed = in_own_loop(_serve(scope, chunks=10, chunk=b"%" * 1024))
    assert sent[0]["status"] == 413
    assert consumed == 0
