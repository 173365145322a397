"""Every API route answers in both spellings: without a trailing slash (the contract's, the one
``reverse`` and the schema give) and with one (what earlier clients learnt)."""

import uuid

import pytest
from django.urls import URLPattern, URLResolver, resolve, reverse
from django.utils.regex_helper import normalize

from interview_tracker import api_urls
from interview_tracker.api.exceptions import api_not_found

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1/"


def _routes(patterns, prefix=""):
    for pattern in patterns:
        regex = prefix + pattern.pattern.regex.pattern.lstrip("^")
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, regex.rstrip("$"))
        elif isinstance(pattern, URLPattern):
            yield regex


def api_paths() -> list[str]:
    """One concrete path per API route (any UUID for its parameters), as ``reverse`` spells it;
    the router's API root and its ``.json`` suffix variants aside."""
    paths = set()
    for regex in _routes(api_urls.urlpatterns):
        template, params = normalize(regex)[0]
        if "format" in params:
            continue
        # Any UUID for an id; a word for the others (a question category).
        values = {name: "other" if name == "category" else uuid.UUID(int=7) for name in params}
        path = template % values
        if path:
            paths.add(PREFIX + path)
    return sorted(paths)


PATHS = api_paths()


def test_the_walk_finds_every_app_s_routes():
    assert len(PATHS) > 60
    for expected in (
        "/api/v1/positions",
        "/api/v1/statistics/overview",
        "/api/v1/assistant/agents",
        "/api/v1/auth/login",
        "/api/v1/calendar/feed-url",
    ):
        assert expected in PATHS


def test_reverse_spells_api_paths_without_a_trailing_slash():
    assert reverse("api:position-list") == "/api/v1/positions"
    assert reverse("api:statistics-overview") == "/api/v1/statistics/overview"
    assert all(not path.endswith("/") for path in PATHS)


@pytest.mark.parametrize("path", PATHS)
def test_both_spellings_resolve_to_the_same_view(path):
    bare, slashed = resolve(path), resolve(path + "/")
    assert bare.func is not api_not_found
    assert (bare.func, bare.kwargs) == (slashed.func, slashed.kwargs)


@pytest.mark.parametrize("path", PATHS)
def test_both_spellings_answer(owner_client, path):
    """OPTIONS reaches every DRF view without needing the object to exist; an unknown route
    would be the API's JSON 404."""
    for spelling in (path, path + "/"):
        assert owner_client.options(spelling).status_code != 404, spelling


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/statistics/overview",
        "/api/v1/assistant/agents",
        "/api/v1/questions/due",
        "/api/v1/positions",
        "/api/v1/interviews",
        "/api/v1/auth/me",
    ],
)
def test_reads_that_answered_404_in_one_spelling_answer_200_in_both(owner_client, path):
    assert owner_client.get(path).status_code == 200
    assert owner_client.get(path + "/").status_code == 200
