"""The OpenAPI schema served by the app itself, and a workspace owner with data of every kind."""

import re
from typing import Any

import pytest
from rest_framework_simplejwt.tokens import AccessToken

from tests.security.tenants import Tenant, build_tenant

# Path parameters → the object of the tenant they name, by the path's first segment.
OBJECT_BY_PREFIX = {
    "workspaces": "workspace",
    "interviews": "interview",
    "questions": "question",
    "practice-sessions": "practice_session",
    "user-skills": "user_skill",
    "candidates": "candidate",
    "positions": "position",
    "companies": "company",
    "roles": "role",
    "skills": "skill",
    "cv-versions": "cv_version",
    "assistant": "conversation",
}
CHILD_BY_PARAM = {
    "member_id": "membership",
    "fid": "feedback",
    "pid": "participant",
    "iqid": "interview_question",
    "contact_id": "contact",
}


@pytest.fixture
def fuzz_tenant(workspace, owner) -> Tenant:
    return build_tenant(workspace, owner)


@pytest.fixture
def owner_headers(owner) -> dict[str, str]:
    return {"Authorization": f"Bearer {AccessToken.for_user(owner)}"}


def point_at_real_objects(case: Any, tenant: Tenant) -> None:
    """Path ids name the tenant's objects, so operations run on real data, not only 404s."""
    if not case.path_parameters:
        return
    prefix = re.sub(r"^/api/v1/", "", case.operation.path).split("/")[0]
    for name in case.path_parameters:
        key = CHILD_BY_PARAM.get(name) or (
            OBJECT_BY_PREFIX.get(prefix) if name in {"id", "pk", "parent_id"} else None
        )
        if name == "interview_id":
            key = "interview"
        if key and key in tenant.objects:
            case.path_parameters[name] = str(tenant.objects[key].id)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI app closes the database connection after each request (``request_finished``),
    which on PostgreSQL would end the test's transaction; Django's test client does the same."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
