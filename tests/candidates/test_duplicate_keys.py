"""The duplicate rule's keys are columns the database keeps and indexes: the phone's digits
are computed on write, and finding a page's duplicates reads them instead of stripping every
workspace row's phone in the query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidates.models import Candidate
from candidates.selectors import possible_duplicates
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
