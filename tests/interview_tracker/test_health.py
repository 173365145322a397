import time
from datetime import datetime

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections

from interview_tracker.health import masked_database_url

HEALTH_TOKEN = "monitoring-secret-for-the-probes"


def stamp(value):
    return datetime.fromisoformat(value)


@pytest.fixture
def operator(client, settings):
    """A client that presents the operators' HEALTH_TOKEN (and may read the details)."""
    settings.HEALTH_TOKEN = HEALTH_TOKEN
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {HEALTH_TOKEN}"
    return client


# No database fixture: pytest-django fails any test that touches the database without one.
def test_health_answers_without_touching_the_database(client):
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "healthy"
    stamp(body["timestamp"])
    assert "no-cache" in response["Cache-Control"]


def test_liveness_answers_without_touching_the_database(client):
    response = client.get("/health/liveness")
    assert response.status_code == 200
    assert response.json()["status"] == "alive"


@pytest.mark.django_db
def test_database_reports_a_connected_database_with_a_masked_url(operator):
    response = operator.get("/health/database")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "healthy"
    assert body["connected"] is True
    info = body["info"]
    assert info["status"] == "connected"
    assert info["vendor"] == connection.vendor
    assert info["url"] == masked_database_url(connection.settings_dict)
    if connection.vendor == "postgresql":
        assert info["url"].startswith("postgresql://***:***@")
        assert connection.settings_dict["USER"] + "@" not in info["url"]
    else:
        assert info["url"].startswith("sqlite:///")


@pytest.mark.django_db
def test_detailed_reports_the_api_and_the_database(client):
    body = client.get("/health/detailed").json()
    assert body["overall_status"] == "healthy"
    assert body["api"]["status"] == "healthy"
    assert body["database"]["connected"] is True


@pytest.mark.django_db
def test_readiness_is_ready_with_a_database(client):
    response = client.get("/health/readiness")
    assert response.status_code == 200
    assert response.json()["status"] == "ready"


def test_the_url_never_shows_credentials():
    postgres = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "tracker",
        "USER": "admin",
        "PASSWORD": "hunter2",
        "HOST": "db.internal",
        "PORT": 5432,
    }
    assert masked_database_url(postgres) == "postgresql://***:***@db.internal:5432/tracker"
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": "/srv/var/db.sqlite3"}
    assert masked_database_url(sqlite) == "sqlite:////srv/var/db.sqlite3"


def test_an_unreachable_database_is_503_after_retrying(operator, database_unreachable):
    started = time.monotonic()
    response = operator.get("/health/database")
    assert time.monotonic() - started >= 0.3  # backoff: 0.1 s, then 0.2 s
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unhealthy"
    assert body["connected"] is False
    assert body["attempts"] == 3
    assert body["info"]["status"] == "unreachable"
    assert body["info"]["error"] == "OperationalError"
    assert "***" in body["info"]["url"] or body["info"]["url"].startswith("sqlite:///")


def test_readiness_and_detailed_are_503_when_the_database_is_unreachable(
    client, database_unreachable
):
    readiness = client.get("/health/readiness")
    assert readiness.status_code == 503
    assert readiness.json()["status"] == "not_ready"
    detailed = client.get("/health/detailed")
    assert detailed.status_code == 503
    assert detailed.json()["overall_status"] == "unhealthy"
    # Liveness says the process is fine: restarting it would not bring the database back.
    assert client.get("/health/liveness").status_code == 200
    assert client.get("/health").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_pool_figures_where_the_database_has_a_pool(operator):
    if connection.vendor != "postgresql":
        pytest.skip("Only PostgreSQL connections have a pool")
    original = connections[DEFAULT_DB_ALIAS]
    pooled = dict(original.settings_dict)
    pooled["OPTIONS"] = {**pooled["OPTIONS"], "pool": {"min_size": 1, "max_size": 4}}
    wrapper = original.__class__(pooled, alias=DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = wrapper
    try:
        response = operator.get("/health/database")
    finally:
        wrapper.close()
        wrapper.close_pool()
        connections[DEFAULT_DB_ALIAS] = original
    figures = response.json()["info"]["engine_info"]
    assert set(figures) == {
        "pool_size",
        "checked_out",
        "checked_in",
        "overflow",
        "min_size",
        "max_size",
        "requests_waiting",
    }
    assert figures["min_size"] == 1
    assert figures["max_size"] == 4
    assert figures["pool_size"] >= 1
    assert figures["checked_out"] >= 1  # at least the health check's own connection
    assert figures["checked_out"] + figures["checked_in"] == figures["pool_size"]


@pytest.mark.django_db
def test_sqlite_has_no_pool_figures(operator):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert "engine_info" not in operator.get("/health/database").json()["info"]


def test_health_endpoints_only_answer_get(client):
    assert client.post("/health").status_code == 405


def test_probes_are_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/liveness").status_code == 200
    assert client.get("/login/").status_code == 301


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/health/database", "/health/detailed"])
def test_finding_16_the_public_probes_say_only_up_or_down(client, path, settings):
    settings.HEALTH_TOKEN = HEALTH_TOKEN
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer not-the-token"}):
        response = client.get(path, **headers)
        assert response.status_code == 200
        body = response.json()
        database = body["database"] if path == "/health/detailed" else body
        assert set(database) == {"status", "connected", "timestamp"}
        text = response.content.decode()
        for secret in (str(connection.settings_dict["NAME"]), "sqlite", "postgresql", "url"):
            assert secret not in text


@pytest.mark.django_db
def test_finding_16_staff_and_the_token_read_the_details(client, settings, owner):
    settings.HEALTH_TOKEN = HEALTH_TOKEN
    token = client.get("/health/detailed", HTTP_AUTHORIZATION=f"Bearer {HEALTH_TOKEN}")
    assert token.json()["database"]["info"]["vendor"] == connection.vendor
    client.force_login(owner)
    assert "info" not in client.get("/health/database").json()  # a member, not staff
    owner.is_staff = True
    owner.save(update_fields=["is_staff"])
    assert client.get("/health/database").json()["info"]["vendor"] == connection.vendor


@pytest.mark.django_db
def test_finding_16_without_a_configured_token_no_bearer_reads_the_details(client, settings):
    settings.HEALTH_TOKEN = ""
    response = client.get("/health/database", HTTP_AUTHORIZATION="Bearer ")
    assert "info" not in response.json()
