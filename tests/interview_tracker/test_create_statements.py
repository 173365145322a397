"""The busiest creates (a candidate, a position) send at most 4 statements of their own: no
savepoint where a constraint decides, no re-read of the new row through the list's query. Run
in real transactions (``transaction=True``): inside a test's transaction every atomic block
would add savepoints that production does not send."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Authentication and the body's workspace: the user, their memberships, the workspace.
REQUEST = 3
CREATE = 4


def post(client, url, body):
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(url, body, format="json")
    assert response.status_code == 201, response.content
    # BEGIN (SQLite's BEGIN IMMEDIATE) and COMMIT aside: the create runs in one transaction.
    statements = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"] != "COMMIT" and not q["sql"].startswith("BEGIN")
    ]
    assert not [sql for sql in statements if "SAVEPOINT" in sql]
    assert len(statements) <= REQUEST + CREATE, "\n".join(statements)
    # A new record has no interviews yet: its embed is empty without a read.
    assert not [sql for sql in statements if 'FROM "interviews_interview"' in sql]
    return response


def test_a_candidate_create_answers_what_its_detail_reads(owner_client, workspace):
    owner_client.post("/api/v1/candidates/", {"name": "Warm", "email": "w@example.com"})
    body = {"name": "Ann Lee", "email": "ann@example.com", "workspace": str(workspace.pk)}
    created = post(owner_client, "/api/v1/candidates/", body)
    detail = owner_client.get(f"/api/v1/candidates/{created.json()['id']}/")
    assert created.content == detail.content
    assert created.json()["interviews"] == []


def test_a_possible_duplicate_is_in_the_create_answer(owner_client, workspace):
    body = {"name": "Ann", "email": "ann@example.com", "phone": "+1 555 0100"}
    first = owner_client.post("/api/v1/candidates/", body, format="json")
    assert owner_client.post("/api/v1/candidates/", body, format="json").status_code == 409
    body = {"name": "Bo", "email": "bo@example.com", "phone": "15550100"}
    created = owner_client.post("/api/v1/candidates/", body, format="json")
    assert created.json()["possible_duplicates"] == [first.json()["id"]]
    detail = owner_client.get(f"/api/v1/candidates/{created.json()['id']}/")
    assert created.content == detail.content


def test_a_position_create_answers_what_its_detail_reads(owner_client, workspace):
    CompanyFactory(workspace=workspace, name="Acme")
    body = {"title": "Engineer", "company_name": "acme", "workspace": str(workspace.pk)}
    owner_client.post("/api/v1/positions/", body, format="json")
    created = post(owner_client, "/api/v1/positions/", body)
    detail = owner_client.get(f"/api/v1/positions/{created.json()['id']}/")
    assert created.content == detail.content
    assert created.json()["company_name"] == "Acme"


def test_a_position_created_at_a_later_status_shows_the_move(owner_client, workspace):
    body = {
        "title": "Engineer",
        "company_name": "Acme",
        "status": "interviewing",
        "workspace": str(workspace.pk),
    }
    created = owner_client.post("/api/v1/positions/", body, format="json")
    assert created.status_code == 201, created.content
    detail = owner_client.get(f"/api/v1/positions/{created.json()['id']}/")
    assert created.content == detail.content
