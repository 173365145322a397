"""Test settings: the same application, only faster (and never talking to the network)."""

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, REST_FRAMEWORK

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run inside ``enqueue`` (still on commit); tests of the queue itself switch to the
# database backend and run the worker (tests/interview_tracker/test_tasks.py).
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}
ASSISTANT_PROVIDER = "offline"
CREDENTIALS_ENCRYPTION_KEYS = ["test-credentials-key"]
# A lazy related fetch on a domain model fails the test: prefetch deliberately.
ORM_FETCH_MODE = "raise"
OPENAI_API_KEY = ""
# Throttling is exercised by its own tests with explicit rates; elsewhere it stays out of the way.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        "anon": "10000/min",
        "user": "10000/min",
        "auth": "10000/min",
        "auth_account": "10000/min",
        "assistant": "10000/min",
        "booking": "10000/min",
    },
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # Tests open and close many connections; a pool would hold them across test databases.
    DATABASES["default"]["OPTIONS"].pop("pool", None)
else:
    # A file, not memory: Django gives the threads of the browser tests' live server the one
    # connection of an in-memory test database, and two requests at once (a page and the
    # panel it fetches) then use it together ("bad parameter or other API misuse", a 503).
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test.sqlite3")}
# Serve static files straight from the source folders (no collectstatic before tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
