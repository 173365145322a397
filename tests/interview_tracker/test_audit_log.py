"""The owners' audit log export: a date range of the workspace's activity as CSV or JSON
lines, streamed, with spreadsheet formulas neutralised."""

import csv
import datetime as dt
import io
import json

import pytest
import time_machine

from interview_tracker.services import activity_record
from tests.factories import CandidateFactory
from tests.positions.helpers import assert_envelope

pytestmark = pytest.mark.django_db

ROLES = ["owner", "recruiter", "interviewer", "candidate", "outsider"]
EXPECTED = {"owner": 200, "recruiter": 403, "interviewer": 403, "candidate": 403}


def url(workspace, **query) -> str:
    params = "&".join(f"{key}={value}" for key, value in query.items())
    return f"/api/v1/workspaces/{workspace.pk}/audit-log?{params}"


def _body(response) -> str:
    assert response.streaming
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def events(workspace, owner, other_workspace):
    candidate = CandidateFactory(workspace=workspace)
    foreign = CandidateFactory(workspace=other_workspace)
    for day, summary in [(1, "First"), (15, '=HYPERLINK("http://evil")'), (31, "Last")]:
        with time_machine.travel(dt.datetime(2026, 3, day, 12, tzinfo=dt.UTC), tick=False):
            activity_record(actor=owner, verb="updated", target=candidate, summary=summary)
            activity_record(actor=None, verb="updated", target=foreign, summary="Not ours")
    return candidate


def test_csv_holds_the_range_only_with_formulas_neutralised(owner_client, workspace, events):
    response = owner_client.get(url(workspace, **{"from": "2026-03-02", "to": "2026-03-15"}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(_body(response))))
    assert [row["summary"] for row in rows] == ['\'=HYPERLINK("http://evil")']
    assert rows[0]["actor_email"] == "owner@example.com"
    assert rows[0]["object_id"] == str(events.pk)
    assert rows[0]["type"] == "candidate"


def test_jsonl_holds_every_event_of_the_workspace_oldest_first(owner_client, workspace, events):
    response = owner_client.get(url(workspace, format="jsonl"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/jsonl"
    lines = [json.loads(line) for line in _body(response).splitlines()]
    summaries = [line["summary"] for line in lines if line["verb"] == "updated"]
    assert summaries == ["First", '=HYPERLINK("http://evil")', "Last"]
    assert "Not ours" not in json.dumps(lines)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "March"}, "from"),
        ({"format": "xlsx"}, "format"),
        ({"from": "2026-03-05", "to": "2026-03-01"}, "to"),
    ],
)
def test_bad_parameters_are_422(owner_client, workspace, query, field):
    error = assert_envelope(owner_client.get(url(workspace, **query)), 422, "VALIDATION_ERROR")
    assert field in json.dumps(error)


@pytest.mark.parametrize("role", ROLES)
def test_owners_only(role, cast, api_client_for, workspace, events):
    response = api_client_for(cast[role]).get(url(workspace))
    assert response.status_code == EXPECTED.get(role, 404)


@pytest.mark.parametrize("size", [3, 30])
def test_the_query_count_is_constant(
    size, owner_client, owner, workspace, django_assert_num_queries
):
    candidate = CandidateFactory(workspace=workspace)
    for index in range(size):
        activity_record(actor=owner, verb="updated", target=candidate, summary=f"n{index}")
    # user, the workspace, roles (owner check), the events with their actors and types.
    with django_assert_num_queries(4):
        response = owner_client.get(url(workspace))
        lines = _body(response).splitlines()
    assert len(lines) == size + 1  # the header, then one line per event
