"""The cast: one recruiting workspace with a member of every role, and an outsider who has a
workspace of their own. Each has an API client authenticated with a real JWT."""

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from interview_tracker.models import Role, User, Workspace
from tests.factories import MembershipFactory, UserFactory, WorkspaceFactory

# The task queue, SMTP and S3 servers of the durable-work tests; Radicale for calendar sync.
pytest_plugins = ["tests.durable", "tests.caldav_server"]

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def workspace(db) -> Workspace:
    return WorkspaceFactory(name="Acme Recruiting")


def _member(workspace: Workspace, role: str, email: str) -> User:
    user = UserFactory(email=email)
    MembershipFactory(user=user, workspace=workspace, role=role)
    user.default_workspace = workspace
    user.save(update_fields=["default_workspace"])
    return user


@pytest.fixture
def owner(workspace) -> User:
    return _member(workspace, Role.OWNER, "owner@example.com")


@pytest.fixture
def recruiter(workspace) -> User:
    return _member(workspace, Role.RECRUITER, "recruiter@example.com")


@pytest.fixture
def interviewer(workspace) -> User:
    return _member(workspace, Role.INTERVIEWER, "interviewer@example.com")


@pytest.fixture
def candidate_user(workspace) -> User:
    return _member(workspace, Role.CANDIDATE, "candidate.user@example.com")


@pytest.fixture
def other_workspace(db) -> Workspace:
    return WorkspaceFactory(name="Other Co")


@pytest.fixture
def outsider(other_workspace) -> User:
    return _member(other_workspace, Role.OWNER, "outsider@example.com")


@pytest.fixture
def api_client_for() -> Callable[[User | None], APIClient]:
    def make(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            token = RefreshToken.for_user(user).access_token
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return client

    return make


@pytest.fixture
def anon_client() -> APIClient:
    return APIClient()


@pytest.fixture
def owner_client(owner, api_client_for) -> APIClient:
    return api_client_for(owner)


@pytest.fixture
def recruiter_client(recruiter, api_client_for) -> APIClient:
    return api_client_for(recruiter)


@pytest.fixture
def interviewer_client(interviewer, api_client_for) -> APIClient:
    return api_client_for(interviewer)


@pytest.fixture
def candidate_client(candidate_user, api_client_for) -> APIClient:
    return api_client_for(candidate_user)


@pytest.fixture
def outsider_client(outsider, api_client_for) -> APIClient:
    return api_client_for(outsider)


@pytest.fixture
def cast(owner, recruiter, interviewer, candidate_user, outsider) -> dict[str, User]:
    """Every role at once, for parametrised permission tests (``cast[role]``)."""
    return {
        "owner": owner,
        "recruiter": recruiter,
        "interviewer": interviewer,
        "candidate": candidate_user,
        "outsider": outsider,
    }
