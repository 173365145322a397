"""``?tags=`` means the same on every list that has tags: ``?tags=a,b`` and ``?tags=a&tags=b``
are the same two tags, and a row carrying ANY of them is listed."""

import pytest

from tests.factories import CandidateFactory, PositionFactory, QuestionFactory

pytestmark = pytest.mark.django_db

LISTS = {
    "/api/v1/positions": PositionFactory,
    "/api/v1/candidates": CandidateFactory,
    "/api/v1/questions": QuestionFactory,
}


@pytest.fixture(params=list(LISTS))
def tagged(request, workspace):
    """The list's path and its rows by tag: one tagged python, one go, one both, one neither."""
    factory = LISTS[request.param]
    rows = {
        name: factory(workspace=workspace, tags=tags)
        for name, tags in {
            "python": ["python"],
            "go": ["go"],
            "both": ["python", "go"],
            "none": ["rust"],
        }.items()
    }
    return request.param, {name: str(row.pk) for name, row in rows.items()}


def listed(client, path, query):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_comma_separated_tags_are_any_of(owner_client, tagged):
    path, ids = tagged
    assert listed(owner_client, path, "tags=python,go") == {ids["python"], ids["go"], ids["both"]}


def test_repeated_tags_are_the_same_as_comma_separated(owner_client, tagged):
    path, ids = tagged
    assert listed(owner_client, path, "tags=python&tags=go") == listed(
        owner_client, path, "tags=python,go"
    )
    assert listed(owner_client, path, "tags=python&tags=go,rust") == set(ids.values())


def test_one_tag_narrows_and_none_lists_all(owner_client, tagged):
    path, ids = tagged
    assert listed(owner_client, path, "tags=go") == {ids["go"], ids["both"]}
    assert listed(owner_client, path, "tags=") == set(ids.values())
