"""Schemathesis over the whole OpenAPI schema, as a workspace owner with data of every kind:
no 5xx, and every documented response matches its schema. Bounded for CI (a few examples per
operation, derandomised so it cannot flake); ``python -m bench fuzz`` runs the long version."""

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from tests.fuzz.conftest import point_at_real_objects

# The schema the app serves, loaded once at collection (no database needed).
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
# Explicit examples and random fuzzing; the coverage phase's exhaustive boundary cases belong to
# the long run (python -m bench fuzz).
schema.config.phases.coverage.enabled = os.environ.get("FUZZ_COVERAGE") == "1"
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "8"))

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.mark.django_db
# The assistant streams from an async generator; under WSGI (this test) Django buffers it and
# says so. Production serves it over ASGI.
@pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume asynchronous iterators")
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("FUZZ_SEED") is None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, fuzz_tenant, owner_headers):
    point_at_real_objects(case, fuzz_tenant)
    response = case.call(headers=owner_headers)
    # The SSE stream's events are checked by tests/assistant; schemathesis reads its first event
    # without ``event_type`` under WSGI (open finding, see bench/README.md), so only no 5xx here.
    if case.operation.path.endswith("/answer-stream"):
        case.validate_response(response, checks=[not_a_server_error])
        return
    case.validate_response(response, checks=CHECKS)
