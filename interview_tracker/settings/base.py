"""Settings for every environment, read from environment variables.

The defaults suit a laptop: SQLite in ``var/``, local-memory cache, console e-mail, the offline
assistant. Production sets ``DJANGO_DEBUG=false`` and supplies ``DJANGO_SECRET_KEY``,
``DATABASE_URL`` and ``REDIS_URL`` (see the README's table).
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

# Lets admin.ModelAdmin[Model] and friends be subscripted at run time, for the type checker.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"
# Keys of the secrets kept to be used again (CalDAV app passwords; integrations/encryption.py):
# the first encrypts, every one decrypts, so a new key goes first while older rows still read.
CREDENTIALS_ENCRYPTION_KEYS = env_list("CREDENTIALS_ENCRYPTION_KEYS", "")
if not CREDENTIALS_ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "CREDENTIALS_ENCRYPTION_KEYS must be set when DJANGO_DEBUG is off."
        )
    CREDENTIALS_ENCRYPTION_KEYS = ["development-only-credentials-key-do-not-use-in-production"]
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "interview_tracker.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # thousands separators in counts ("20,000 rows")
    # Range functions and the exclusion constraint against double-booking (PostgreSQL only;
    # on SQLite the app loads and adds nothing).
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks_db",
    "interview_tracker",
    "positions",
    "candidates",
    "interviews",
    "questions",
    "analytics",
    "assistant",
    "integrations",
]

MIDDLEWARE = [
    "interview_tracker.middleware.RequestIdMiddleware",
    "interview_tracker.middleware.RequestBodyLimitMiddleware",
    "interview_tracker.middleware.RejectNulQueryMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "interview_tracker.middleware.StaticFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "interview_tracker.middleware.SignedInSessionMiddleware",
    "interview_tracker.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "interview_tracker.urls"
WSGI_APPLICATION = "interview_tracker.wsgi.application"
ASGI_APPLICATION = "interview_tracker.asgi.application"

# A checkbox inside its label (interview_tracker/form_renderer.py).
FORM_RENDERER = "interview_tracker.form_renderer.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "interview_tracker.context_processors.workspaces",
            ],
        },
    },
]

# Database: SQLite file in var/ unless DATABASE_URL says otherwise.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
else:
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(BASE_DIR / "var" / "db.sqlite3"),
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the dashboard read while a command writes; IMMEDIATE avoids
        # "database is locked" when two writers upgrade a read lock at once.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    # Django's PostgreSQL backend whose pool fails fast while the database is down.
    DATABASES["default"]["ENGINE"] = "interview_tracker.postgresql"
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"]["OPTIONS"] = {
        # Django's psycopg pool: connections are reused across requests and a dead one is
        # replaced, so a database restart costs the requests in flight, not the process.
        "pool": {
            "min_size": int(os.environ.get("DB_POOL_MIN_SIZE", "2")),
            "max_size": int(os.environ.get("DB_POOL_MAX_SIZE", "10")),
            "timeout": float(os.environ.get("DB_POOL_TIMEOUT", "5")),
        },
        "connect_timeout": int(os.environ.get("DB_CONNECT_TIMEOUT", "3")),
        # No JIT compilation: it pays off on scans of millions of rows, not on this
        # application's queries, where compiling a plan whose cost estimate crosses
        # jit_above_cost (a statistics aggregate over a large workspace) adds 10-300 ms.
        "options": "-c jit=off",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# How a lazy related fetch behaves on domain models: "peers" batches it for every instance
# of the same query (no N+1 in production); the test settings make it raise.
ORM_FETCH_MODE = os.environ.get("ORM_FETCH_MODE", "peers")
AUTH_USER_MODEL = "interview_tracker.User"
# Two-factor sign-in: the name authenticator apps show beside the account.
OTP_TOTP_ISSUER = "Interview Tracker"

# Database sessions that know their user and device, for the sessions page.
SESSION_ENGINE = "interview_tracker.sessions"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Django's backend with a per-account limit on failed log-ins (dashboard, API and admin alike).
AUTHENTICATION_BACKENDS = ["interview_tracker.backends.AccountThrottledBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads (resumes, CV versions, import files): the local disk, or any S3-compatible object
# store when S3_BUCKET is set, so every web server and worker reads the same files. Either way
# they are served only through access-checked views (signed URLs of a few minutes on S3).
S3_BUCKET = os.environ.get("S3_BUCKET", "")
DOWNLOAD_URL_SECONDS = int(os.environ.get("DOWNLOAD_URL_SECONDS", "300"))
if S3_BUCKET:
    DEFAULT_STORAGE: dict[str, object] = {
        "BACKEND": "interview_tracker.storage.ObjectStorage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "querystring_auth": True,
            "querystring_expire": DOWNLOAD_URL_SECONDS,
            "signature_version": "s3v4",
            # Two uploads with one name must not overwrite each other.
            "file_overwrite": False,
            "default_acl": None,
        },
    }
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Uploads (resumes, CV versions) are capped; larger files are refused with a clear error.
MAX_UPLOAD_BYTES = int(os.environ.get("MAX_UPLOAD_BYTES", str(5 * 1024 * 1024)))
# Import files from the browser (a task reads them; 100,000 candidates are about 10 MB).
IMPORT_MAX_UPLOAD_BYTES = int(os.environ.get("IMPORT_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Cache and throttling: Redis when REDIS_URL is set, process memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "it",
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "interview-tracker",
            "TIMEOUT": 300,
        }
    }

# E-mail: EMAIL_URL such as smtp://user:password@host:587?tls=true (smtps:// for implicit TLS);
# unset, a laptop (debug on) prints the mail it would send to the console, and production
# (debug off) hands it to the SMTP server on localhost:25, as Django itself would.
EMAIL_BACKENDS = {
    # Prints links whole (no quoted-printable line breaks) so they can be clicked.
    "console": "interview_tracker.mail.ConsoleEmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}


def mailer_from_url(url: str) -> dict[str, object]:
    parts = urlsplit(url or "console://")
    if parts.scheme not in EMAIL_BACKENDS:
        raise ImproperlyConfigured(f"EMAIL_URL scheme must be one of {sorted(EMAIL_BACKENDS)}.")
    mailer: dict[str, object] = {"BACKEND": EMAIL_BACKENDS[parts.scheme]}
    if parts.scheme in {"smtp", "smtps"}:
        query = parse_qs(parts.query)
        mailer["OPTIONS"] = {
            "host": parts.hostname or "localhost",
            "port": parts.port or (465 if parts.scheme == "smtps" else 25),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_ssl": parts.scheme == "smtps",
            "use_tls": query.get("tls", ["false"])[0].lower() in {"1", "true", "yes"},
            "timeout": 10,
        }
    return mailer


MAILERS = {
    "default": mailer_from_url(
        os.environ.get("EMAIL_URL", "") or ("console://" if DEBUG else "smtp://localhost:25")
    )
}
# Where people reach the site: the start of every link in an e-mail (invitations, password
# resets). A request's own host cannot be used: mail is also sent outside requests.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Interview Tracker <noreply@localhost>")

# Deferred work (mail, browser imports, reminders) runs on Django's task framework. The default
# keeps tasks in the database (``manage.py db_worker``, started by ``make run``); with
# TASKS_BACKEND=redis they go through Redis streams (``manage.py run_redis_tasks --continuous``).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
if TASKS_BACKEND == "redis":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=redis needs REDIS_URL.")
    INSTALLED_APPS.append("django_tasks_redis")
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_redis.RedisTaskBackend",
            "QUEUES": [],
            "OPTIONS": {
                "REDIS_URL": REDIS_URL,
                # A worker that died mid-task leaves its message pending; another takes it over
                # after this long, so it must exceed the longest task (a large import).
                "REDIS_CLAIM_TIMEOUT": int(os.environ.get("TASKS_CLAIM_SECONDS", "1800")),
                "REDIS_KEY_PREFIX": "it_tasks",
            },
        }
    }
elif TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend", "QUEUES": []}}
else:
    raise ImproperlyConfigured("TASKS_BACKEND must be database or redis.")
# Retries of a failed task (interview_tracker.tasks.retried): the delay doubles from the base up
# to the cap; with the defaults the last of 10 attempts comes about 3.6 hours after the first,
# so a mail server down for minutes or an hour delays mail and loses none.
TASKS_MAX_ATTEMPTS = int(os.environ.get("TASKS_MAX_ATTEMPTS", "10"))
TASKS_RETRY_BASE_SECONDS = float(os.environ.get("TASKS_RETRY_BASE_SECONDS", "30"))
TASKS_RETRY_MAX_SECONDS = float(os.environ.get("TASKS_RETRY_MAX_SECONDS", "3600"))
# A database-queue task still RUNNING after this long lost its worker (killed, machine gone);
# ``manage.py requeue_stale_tasks`` (in the schedule) hands it to another.
TASKS_CLAIM_SECONDS = int(os.environ.get("TASKS_CLAIM_SECONDS", "1800"))
# A mail claimed longer ago than this belongs to a worker that died while sending it.
MAIL_CLAIM_SECONDS = int(os.environ.get("MAIL_CLAIM_SECONDS", "300"))

# The AI assistant: the offline provider unless a key (or a local OpenAI-compatible server) is set.
OPENAI_API_KEY = os.environ.get("OPENAI_API_KEY", "")
OPENAI_BASE_URL = os.environ.get("OPENAI_BASE_URL", "") or None
OPENAI_MODEL = os.environ.get("OPENAI_MODEL", "gpt-4o-mini")
OPENAI_TIMEOUT_SECONDS = float(os.environ.get("OPENAI_TIMEOUT_SECONDS", "60"))
OPENAI_CONNECT_TIMEOUT_SECONDS = float(os.environ.get("OPENAI_CONNECT_TIMEOUT_SECONDS", "5"))
ASSISTANT_PROVIDER = os.environ.get("ASSISTANT_PROVIDER", "openai" if OPENAI_API_KEY else "offline")
# Retries of one provider call on a connection error: bounded, so a dead server fails fast.
OPENAI_MAX_RETRIES = int(os.environ.get("OPENAI_MAX_RETRIES", "1"))
# Where the site is reached from outside: absolute links in e-mails, webhook payloads.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Requests to user-supplied URLs (webhooks, calendars, job postings): interview_tracker/outbound.
OUTBOUND_ALLOW_PRIVATE_NETWORKS = env_bool("OUTBOUND_ALLOW_PRIVATE_NETWORKS", False)
OUTBOUND_TIMEOUT_SECONDS = float(os.environ.get("OUTBOUND_TIMEOUT_SECONDS", "5"))
OUTBOUND_MAX_BYTES = int(os.environ.get("OUTBOUND_MAX_BYTES", str(2 * 1024 * 1024)))
# Seconds between a failed webhook delivery and its next attempt; after the last one the
# delivery is marked failed (Standard Webhooks' schedule: about a day in all).
WEBHOOK_RETRY_DELAYS = [
    int(seconds)
    for seconds in env_list("WEBHOOK_RETRY_DELAYS", "5,300,1800,7200,18000,36000,36000")
]
# A comment line on an idle stream keeps proxies from closing it.
ASSISTANT_HEARTBEAT_SECONDS = float(os.environ.get("ASSISTANT_HEARTBEAT_SECONDS", "15"))
# The offline provider paces its words so a reader can follow them; 0 streams at full speed.
ASSISTANT_OFFLINE_CHUNK_DELAY_SECONDS = float(
    os.environ.get("ASSISTANT_OFFLINE_CHUNK_DELAY_SECONDS", "0.02")
)

# Reverse proxies in front of the server that append the client's address to X-Forwarded-For
# (one by default behind a proxy). With none the header is ignored: anyone can write it.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
NUM_PROXIES = int(os.environ.get("NUM_PROXIES", "1" if BEHIND_PROXY else "0"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "integrations.authentication.PersonalAccessTokenAuthentication",
        "interview_tracker.api.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    # orjson first (byte-identical to DRF's JSONRenderer, several times faster on big lists).
    "DEFAULT_RENDERER_CLASSES": [
        "interview_tracker.api.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # DRF's, answering 400 to a JSON body nested too deeply to parse.
    "DEFAULT_PARSER_CLASSES": [
        "interview_tracker.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "interview_tracker.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "interview_tracker.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "interview_tracker.api.throttling.AnonRateThrottle",
        "interview_tracker.api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("THROTTLE_ANON_RATE", "60/min"),
        "user": os.environ.get("THROTTLE_USER_RATE", "1000/min"),
        "auth": os.environ.get("THROTTLE_AUTH_RATE", "10/min"),
        # Failed log-ins and reset requests per account, whatever address they come from.
        "auth_account": os.environ.get("THROTTLE_AUTH_ACCOUNT_RATE", "10/hour"),
        "assistant": os.environ.get("THROTTLE_ASSISTANT_RATE", "30/min"),
        # Anonymous requests to booking-link pages per address: enough to book and move an
        # interview, far too few to guess a link.
        "booking": os.environ.get("THROTTLE_BOOKING_RATE", "30/min"),
    },
    # The same count as NUM_PROXIES above, for any DRF code that reads it; our throttles ask
    # interview_tracker.addresses.client_address, which reads the setting.
    "NUM_PROXIES": NUM_PROXIES,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=int(os.environ.get("JWT_ACCESS_MINUTES", "15"))),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=int(os.environ.get("JWT_REFRESH_DAYS", "7"))),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    # Tokens carry a digest of the password hash: a password changed by any path (the pages,
    # the admin, manage.py changepassword) refuses every token issued before it.
    "CHECK_REVOKE_TOKEN": True,
    "AUTH_HEADER_TYPES": ("Bearer",),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Interview Tracker API",
    "DESCRIPTION": (
        "Candidates, positions, interviews, scorecards, the question bank, statistics and the "
        "interview assistant. Authenticate with `POST /api/v1/auth/login` and send "
        "`Authorization: Bearer <access>`. Every error has the envelope "
        '`{"error": {"code", "message", "timestamp", "details"?, "field_errors"?}}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Without deep links an operation's path is plain text, not a link nested in the button
    # that opens the operation (which screen readers and keyboards cannot use).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Choice sets that share a field name get stable, meaningful component names.
    "ENUM_NAME_OVERRIDES": {
        "PipelineStatusEnum": "interview_tracker.models.PipelineStatus",
        "MembershipRoleEnum": "interview_tracker.models.Role",
        "InterviewStatusEnum": "interviews.models.Interview.Status",
        "InterviewOutcomeEnum": "interviews.models.Interview.Outcome",
        "ParticipantRoleEnum": "interviews.models.Participant.Role",
        "InterviewKindEnum": "interviews.models.Interview.Kind",
        "WebhookEventEnum": "integrations.models.WebhookEvent",
        "TokenScopeEnum": "integrations.models.TokenScope",
        "WorkspaceKindEnum": "interview_tracker.models.WorkspaceKind",
        "OpeningStatusEnum": "positions.models.OpeningStatus",
        "EmailTemplateKindEnum": "interviews.models.EmailTemplate.Kind",
    },
}

# Bearer token that lets monitoring read the health probes' details (database address, pool
# figures); without it only signed-in staff do.
HEALTH_TOKEN = os.environ.get("HEALTH_TOKEN", "")

# Security: strict by default in production, driven by the environment.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# Orchestrators probe health over plain HTTP inside the cluster; a redirect would fail them.
SECURE_REDIRECT_EXEMPT = [r"^health(/|$)"]
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Every asset is served by the app itself, so the policy allows only our own origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "interview_tracker.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
