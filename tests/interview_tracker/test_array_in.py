"""On PostgreSQL ``__in`` with a list of values is one array parameter (``= ANY(%s)``): the same
rows as Django's ``IN (%s, ...)``, without a parameter per value for psycopg to parse and
quote. Subqueries and columns of other types keep Django's SQL."""

import uuid

import pytest
from django.db import connection
from django.db.models.functions import Lower
from django.test.utils import CaptureQueriesContext

from candidates.models import Candidate
from interview_tracker.postgresql import array_literal
from interviews.models import Interview
from tests.factories import CandidateFactory, InterviewFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL's array parameter; SQLite keeps IN"
    ),
]


def sql_of(queryset):
    with CaptureQueriesContext(connection) as ctx:
        rows = list(queryset)
    [query] = ctx.captured_queries
    return rows, query["sql"]


def test_a_list_of_ids_is_one_array_and_finds_the_same_rows(workspace):
    first, second, _third = CandidateFactory.create_batch(3, workspace=workspace)
    rows, sql = sql_of(
        Candidate.objects.filter(pk__in=[first.pk, second.pk, second.pk, None]).order_by("name")
    )
    assert sorted(r.pk for r in rows) == sorted([first.pk, second.pk])
    assert "= ANY('{" in sql
    assert " IN (" not in sql


def test_a_relation_and_an_expression_take_arrays_too(workspace):
    candidate = CandidateFactory(workspace=workspace, email="Ann@Example.com")
    interview = InterviewFactory(workspace=workspace, candidate=candidate)
    InterviewFactory(workspace=workspace)
    rows, sql = sql_of(Interview.objects.filter(candidate__in=[candidate]))
    assert rows == [interview]
    assert "= ANY(" in sql
    found = Candidate.objects.annotate(key=Lower("email")).filter(key__in=["ann@example.com"])
    rows, sql = sql_of(found)
    assert rows == [candidate]
    assert 'LOWER("candidates_candidate"."email") = ANY(' in sql


def test_an_empty_list_asks_nothing(workspace):
    with CaptureQueriesContext(connection) as ctx:
        assert list(Candidate.objects.filter(pk__in=[None])) == []
    assert not ctx.captured_queries


def test_subqueries_and_other_types_keep_in(workspace):
    candidate = CandidateFactory(workspace=workspace)
    rows, sql = sql_of(
        Candidate.objects.filter(pk__in=Candidate.objects.filter(workspace=workspace).values("pk"))
    )
    assert rows == [candidate]
    assert " IN (SELECT" in sql
    rows, sql = sql_of(Candidate.objects.filter(created_at__in=[candidate.created_at]))
    assert rows == [candidate]
    assert " IN (" in sql
    assert "ANY(" not in sql


AWKWARD = [
    'say "hi"',
    "back\\slash\\",
    "a,b",
    "{braces}",
    "  spaced  ",
    "",
    "NULL",
    "ünïcødé ✓",
    "x" * 250,
]


def test_the_array_is_written_out_so_that_any_text_reads_back_the_same():
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::text[]", [array_literal(AWKWARD)])
        assert cursor.fetchone()[0] == AWKWARD
        ids = [uuid.uuid4(), uuid.uuid4()]
        cursor.execute("SELECT %s::uuid[], %s::int[]", [array_literal(ids), array_literal([1, -2])])
        assert cursor.fetchone() == (ids, [1, -2])


def test_awkward_names_find_exactly_their_rows(workspace):
    # A value is compared whole: one longer than the column is not cut to its length.
    people = [
        CandidateFactory(workspace=workspace, name=name[:200], email=f"p{n}@example.com")
        for n, name in enumerate(AWKWARD)
    ]
    rows, sql = sql_of(Candidate.objects.filter(name__in=AWKWARD[:-1]))
    assert {r.pk for r in rows} == {p.pk for p in people[:-1]}
    assert "::text[])" in sql
    assert list(Candidate.objects.filter(name__in=[AWKWARD[-1]])) == []
