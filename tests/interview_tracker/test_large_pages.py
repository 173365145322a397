"""The candidate, position and interview lists serve up to 1,000 rows a page when asked, in
the same number of queries as a small page; other lists keep their cap of 100."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CandidateFactory, InterviewFactory, PositionFactory

pytestmark = pytest.mark.django_db

ROWS = 130  # more than the default cap of 100


def _read(client, url, page_size):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"page_size": page_size})
    assert response.status_code == 200
    return response.json(), len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("/api/v1/candidates/?expand=interviews", CandidateFactory),
        ("/api/v1/positions/", PositionFactory),
        ("/api/v1/interviews/", InterviewFactory),
    ],
)
def test_a_page_of_up_to_1000_rows_in_constant_queries(owner_client, workspace, url, make):
    make.create_batch(ROWS, workspace=workspace)
    small, small_queries = _read(owner_client, url, 5)
    large, large_queries = _read(owner_client, url, 1000)
    assert len(small["results"]) == 5
    assert len(large["results"]) == large["count"] >= ROWS
    assert large["next"] is None
    assert large_queries == small_queries


def test_other_lists_keep_their_cap_of_100(owner_client, workspace):
    from tests.factories import CompanyFactory

    CompanyFactory.create_batch(ROWS, workspace=workspace)
    page = owner_client.get("/api/v1/companies/", {"page_size": 1000}).json()
    assert len(page["results"]) == 100


@pytest.mark.parametrize("path", ["candidates", "positions", "interviews"])
def test_the_openapi_schema_documents_the_larger_pages(path):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    [operation] = [
        item["get"] for url, item in schema["paths"].items() if url.rstrip("/") == f"/api/v1/{path}"
    ]
    [page_size] = [p for p in operation["parameters"] if p["name"] == "page_size"]
    assert "1,000" in page_size["description"]
