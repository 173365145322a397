"""Settings come from the environment; each case runs in a fresh interpreter, as in production."""

import json
import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/9"
VARIABLES = (
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "CREDENTIALS_ENCRYPTION_KEYS",
    "DJANGO_ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "OPENAI_API_KEY",
    "ASSISTANT_PROVIDER",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests; never in production
)


def run(code_or_args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    environment.update(DJANGO_SETTINGS_MODULE="interview_tracker.settings.base", **env)
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_env():
    return {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "CREDENTIALS_ENCRYPTION_KEYS": secrets.token_urlsafe(32),
        "DJANGO_ALLOWED_HOSTS": "example.com",
    }


SHOW = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "debug": settings.DEBUG,
    "cache": settings.CACHES["default"]["BACKEND"],
    "database": settings.DATABASES["default"]["ENGINE"],
    "database_name": str(settings.DATABASES["default"]["NAME"]),
    "sqlite_init": settings.DATABASES["default"].get("OPTIONS", {}).get("init_command", ""),
    "mail": settings.MAILERS["default"],
    "assistant": settings.ASSISTANT_PROVIDER,
    "throttle_rates": settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
    "hosts": settings.ALLOWED_HOSTS,
    "secure_cookies": settings.SESSION_COOKIE_SECURE,
}))
"""


def show(**env):
    result = run(SHOW, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_reports_no_issues_with_production_variables():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_settings_refuse_to_start_with_debug_off_and_no_secret_key():
    result = run("import django; django.setup()", DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr


def test_settings_refuse_to_start_with_debug_off_and_no_credentials_key():
    environment = production_env()
    del environment["CREDENTIALS_ENCRYPTION_KEYS"]
    result = run("import django; django.setup()", **environment)
    assert result.returncode != 0
    assert "CREDENTIALS_ENCRYPTION_KEYS must be set when DJANGO_DEBUG is off" in result.stderr


def test_laptop_defaults():
    config = show()
    assert config["debug"] is True
    assert config["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert config["database"] == "django.db.backends.sqlite3"
    assert config["database_name"] == str(ROOT / "var" / "db.sqlite3")
    assert "journal_mode=WAL" in config["sqlite_init"]
    assert config["mail"] == {"BACKEND": "interview_tracker.mail.ConsoleEmailBackend"}
    assert config["assistant"] == "offline"
    assert config["hosts"] == ["127.0.0.1", "localhost", "[::1]"]
    assert config["secure_cookies"] is False


def test_production_variables_are_read():
    config = show(
        **production_env(),
        DATABASE_URL="postgres://app:secret@db.internal:5432/tracker",
        REDIS_URL=REDIS_URL,
        EMAIL_URL="smtp://mailer:pw@smtp.example.com:587?tls=true",
        OPENAI_API_KEY="sk-test",
        THROTTLE_AUTH_RATE="3/min",
    )
    assert config["debug"] is False
    assert config["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert config["database"] == "interview_tracker.postgresql"
    assert config["mail"]["OPTIONS"]["host"] == "smtp.example.com"
    assert config["mail"]["OPTIONS"]["use_tls"] is True
    assert config["assistant"] == "openai"
    assert config["throttle_rates"]["auth"] == "3/min"
    assert config["hosts"] == ["example.com"]
    assert config["secure_cookies"] is True


def redis_is_up():
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", 6379)) == 0


REDIS_ROUND_TRIP = """
import json, os, django
django.setup()
import redis
from django.core.cache import cache
from django.test import RequestFactory
from rest_framework.request import Request
from interview_tracker.api.throttling import AnonRateThrottle

server = redis.Redis.from_url(os.environ["REDIS_URL"])
server.flushdb()
cache.set("probe", "yes", 30)
request = Request(RequestFactory().get("/", REMOTE_ADDR="203.0.113.9"))
AnonRateThrottle().allow_request(request, None)
keys = sorted(key.decode() for key in server.keys("*"))
server.flushdb()
print(json.dumps({"keys": keys, "probe": cache.get("probe")}))
"""


def test_with_redis_url_the_cache_and_the_throttles_use_redis():
    if not redis_is_up():
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail("REQUIRE_REDIS is set but no Redis server answers on 127.0.0.1:6379")
        pytest.skip("no Redis server on 127.0.0.1:6379 (.ci/run starts one)")
    result = run(REDIS_ROUND_TRIP, REDIS_URL=REDIS_URL)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)
    assert outcome["keys"] == ["it:1:probe", "it:1:throttle_anon_203.0.113.9"]
    assert outcome["probe"] is None  # flushed from Redis, so it was never in process memory
