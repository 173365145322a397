import re

import pytest

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>")


def test_the_schema_is_openapi_3_with_bearer_jwt(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Interview Tracker API"
    schemes = schema["components"]["securitySchemes"]
    assert schemes["jwtAuth"] == {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    assert "/api/v1/workspaces/{id}/members" in schema["paths"]
    assert "/api/v1/auth/login" in schema["paths"]


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_doc_pages_load_everything_from_our_own_origin(client, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "http://" not in html
    assert "https://" not in html
    # Under our Content-Security-Policy an inline script would not run.
    assert not INLINE_SCRIPT.search(html)
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_swagger_ui_start_up_script_is_a_file(client):
    response = client.get("/api/docs/?script=")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in response.content.decode()


def test_redoc_may_start_its_search_worker(client):
    policy = client.get("/api/redoc/")["Content-Security-Policy"]
    assert "worker-src 'self' blob:" in policy
    assert "worker-src" not in client.get("/api/docs/")["Content-Security-Policy"]


@pytest.mark.parametrize(
    "asset",
    [
        "swagger-ui-dist/swagger-ui-bundle.js",
        "swagger-ui-dist/swagger-ui.css",
        "redoc/bundles/redoc.standalone.js",
    ],
)
def test_doc_assets_are_served_by_the_app(client, asset):
    response = client.get(f"/static/drf_spectacular_sidecar/{asset}")
    response.close()
    assert response.status_code == 200
