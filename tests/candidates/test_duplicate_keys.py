"""The duplicate rule's keys are columns the database keeps and indexes: the phone's digits
are computed on write, and finding a page's duplicates reads them instead of stripping every
workspace row's phone in the query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidates.models import Candidate
from candidates.selectors import by_email, possible_duplicates
from tests.factories import CandidateFactory, CompanyFactory, PositionFactory

pytestmark = pytest.mark.django_db


def test_the_database_keeps_the_phone_digits(workspace):
    candidate = CandidateFactory(workspace=workspace, phone="+44 (20) 7946-0000")
    assert Candidate.objects.get(pk=candidate.pk).phone_digits == "442079460000"
    Candidate.objects.filter(pk=candidate.pk).update(phone="020.7946/0001")
    assert Candidate.objects.get(pk=candidate.pk).phone_digits == "02079460001"


def test_duplicates_are_found_by_the_kept_keys_in_one_query(workspace):
    acme = PositionFactory(workspace=workspace, company=CompanyFactory(workspace=workspace))
    by_phone = CandidateFactory(workspace=workspace, phone="+1 555 0100", email="a@example.com")
    by_name = CandidateFactory(workspace=workspace, name="Ann Lee", position=acme, email="")
    page = [
        CandidateFactory(workspace=workspace, phone="1-555-0100", email="c@example.com"),
        CandidateFactory(workspace=workspace, name="ann lee", position=acme, email="d@x.org"),
    ]
    with CaptureQueriesContext(connection) as ctx:
        found = possible_duplicates(page)
    [query] = ctx.captured_queries
    assert "REPLACE" not in query["sql"].upper()
    assert found[page[0].pk] == [by_phone.pk]
    assert found[page[1].pk] == [by_name.pk]


VALUE_INDEXES = {
    "candidate_email_unique_per_workspace",
    "candidate_phone_idx",
    "candidate_name_idx",
}


def _indexes_of(plan: dict, table: str) -> list[str | None]:
    """The index each scan of ``table`` reads (None: the whole table)."""
    if plan.get("Relation Name") == table:
        if plan["Node Type"] == "Bitmap Heap Scan":
            return [leaf["Index Name"] for leaf in _leaves(plan)]
        return [plan.get("Index Name")]
    return [name for child in plan.get("Plans", []) for name in _indexes_of(child, table)]


def _leaves(plan: dict) -> list[dict]:
    children = plan.get("Plans", [])
    return [leaf for child in children for leaf in _leaves(child)] if children else [plan]


def test_each_value_is_looked_up_by_its_index_whatever_the_statistics(workspace):
    # An import's workspace grows inside one transaction while PostgreSQL's statistics
    # describe it as it was: asked for all values at once, the planner read the workspace's
    # whole candidate list by a workspace index for every batch. Each value is looked up by
    # the index that leads with it instead.
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plans")
    acme = PositionFactory(workspace=workspace)
    Candidate.objects.bulk_create(
        Candidate(
            workspace=workspace,
            name=f"Person {n}",
            email=f"p{n}@example.com",
            phone=f"+1 555 {n:06}",
            position=acme,
        )
        for n in range(3000)
    )
    page = list(Candidate.objects.filter(workspace=workspace)[:50])
    with CaptureQueriesContext(connection) as ctx:
        possible_duplicates(page)
        found = {c.email for c in by_email(workspace.pk, {"p7@example.com", "p9@example.com"})}
    assert found == {"p7@example.com", "p9@example.com"}
    duplicates, natural_key = ctx.captured_queries
    indexes = _indexes(duplicates["sql"]) + _indexes(natural_key["sql"])
    assert len(indexes) == 4
    assert set(indexes) == VALUE_INDEXES


def _indexes(sql: str) -> list[str | None]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        [[plan]] = cursor.fetchone()
    return _indexes_of(plan["Plan"], Candidate._meta.db_table)
