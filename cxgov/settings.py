"""cxgov settings: one module, configured from the environment (django-environ).

With nothing set it runs on the embedded default: SQLite in var/ and a Celery broker on the
filesystem, so a laptop needs no servers. DATABASE_URL and CELERY_BROKER_URL switch to
PostgreSQL and Redis. DEBUG is off unless asked for, and then SECRET_KEY is required.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("CXGOV_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "string (python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=true for a local development run."
        )
    SECRET_KEY = "insecure-development-key-only-used-when-DEBUG-is-on"

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "simple_history",
    "django_htmx",
    "django_celery_beat",
    "axes",
    "cxgov",
    "governance",
    "voc",
    "portfolio",
    "cxgov.program",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cxgov.middleware.RejectNullCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cxgov.middleware.PrivateCacheMiddleware",
    "cxgov.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Marked pages from the cache for the same person and session until the data changes.
    "cxgov.caching.PageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "cxgov.middleware.ContentSecurityPolicyMiddleware",
    # Last: turns a locked-out login on the page into cxgov.security.lockout_response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cxgov.urls"
WSGI_APPLICATION = "cxgov.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cxgov.context_processors.roles",
                "cxgov.context_processors.notifications",
            ],
        },
    },
]

if not env.str("DATABASE_URL", default=""):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'cxgov.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections in production (a new PostgreSQL connection per request halved the
# requests a second gunicorn served), checked before each request reuses one, so the first
# request after a database restart reconnects instead of failing. The embedded run opens one per
# request: runserver's thread per request would only leave connections behind.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share one file in the embedded run: wait for locks instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Django's password check, for the accounts allowed one (cxgov.sso: PASSWORD_LOGIN).
    "cxgov.sso.PasswordBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Single sign-on (OpenID Connect, cxgov/sso.py): on when an issuer and a client id are set.
# The provider's discovery document (<issuer>/.well-known/openid-configuration) gives its
# endpoints and keys. Roles follow the groups claim through the admin's group mapping.
OIDC_ISSUER = env.str("OIDC_ISSUER", default="")
OIDC_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
OIDC_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", default="")
OIDC_SCOPES = env.str("OIDC_SCOPES", default="openid email profile groups")
OIDC_GROUPS_CLAIM = env.str("OIDC_GROUPS_CLAIM", default="groups")
OIDC_PROVIDER_NAME = env.str("OIDC_PROVIDER_NAME", default="your company account")
# The password login: off (false) leaves it to the break-glass accounts named here only.
PASSWORD_LOGIN = env.bool("PASSWORD_LOGIN", default=True)
BREAK_GLASS_USERS = env.list("BREAK_GLASS_USERS", default=[])
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Brute-force protection (django-axes, see cxgov/security.py): after AXES_FAILURE_LIMIT failed
# logins for one account, or from one address, further logins there are refused for the
# cool-off, which restarts with each refused attempt. Counted in the database, so shared by
# every web replica; a success does not wipe the count (it would let an attacker with one
# account reset their address's count).
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "cxgov.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "cxgov.security.client_ip"
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None  # no guardian anonymous user: every page needs a login

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env.bool("STATIC_MANIFEST", default=not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=DEBUG)

# Security: on by default in production; the embedded run over plain HTTP turns them off.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
# Headers set by a reverse proxy are believed only when one is declared: TRUSTED_PROXY_COUNT
# (below) proxies that set X-Forwarded-Proto and append to X-Forwarded-For. Without one, a
# client could claim https (or any address) by sending the header itself.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_COUNT else None
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A request body (JSON or form fields, files excepted) larger than this is refused: 413 JSON on
# the API, 400 on pages.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)

# The cache: what every page reads and rarely changes (cxgov/caching.py, versioned by every
# write), and the sessions in front of their table. Redis when REDIS_URL is set (production:
# docker-compose); on the embedded default a file cache in var/cache/, which the web process,
# the worker and beat share as they share Redis (a worker's import must reach the pages).
REDIS_URL = env.str("REDIS_URL", default="")
CACHES = {
    "default": (
        {
            # A Redis outage is a cache miss, not an error (cxgov.caching).
            "BACKEND": "cxgov.caching.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            "KEY_PREFIX": "cxgov",
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    )
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Whole pages marked `cached_page` kept per person until the data changes (cxgov/caching.py).
PAGE_CACHE = env.bool("PAGE_CACHE", default=True)

# Celery. The embedded broker is kombu's filesystem transport in var/celery/.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "celery" / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "control_folder": str(VAR_DIR / "celery" / "control"),
    }
    for _folder in CELERY_BROKER_TRANSPORT_OPTIONS.values():
        Path(_folder).mkdir(parents=True, exist_ok=True)
if CELERY_BROKER_URL.startswith("redis"):
    # A task taken by a worker that died unacknowledged (acks_late) goes back on the queue
    # after this many seconds. Longer than the longest task (CELERY_TASK_TIME_LIMIT).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
    }
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Where tasks queued without a queue go (the notification e-mails a job queues, for one): a
# worker pool of its own, such as a test's, names its queue here.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# E-mail: printed on the console unless EMAIL_URL names a server
# (smtp+tls://user:password@host:587, or filemail:///path for a directory of files).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="cxgov <cxgov@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address pages are reached at, for links in e-mails and calendar feeds.
CXGOV_BASE_URL = env.str("CXGOV_BASE_URL", default="http://localhost:8000")
# How long a chat channel's incoming webhook (Slack, Teams) may take to take a post.
CXGOV_CHAT_TIMEOUT = env.float("CXGOV_CHAT_TIMEOUT", default=10.0)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous API call is answered 401 with a WWW-Authenticate header.
        "cxgov.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["cxgov.permissions.RolePermission"],
    "DEFAULT_PAGINATION_CLASS": "cxgov.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        # Strict: a filter or ordering that cannot be applied is a 400 naming the parameter.
        "cxgov.api.filters.FilterBackend",
        "cxgov.api.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    # JSON only, with a nesting limit; the CSV import alone takes multipart (its file), so a
    # generated client sends JSON everywhere else (cxgov.api.parsers).
    "DEFAULT_PARSER_CLASSES": ["cxgov.api.parsers.JSONParser"],
    # drf-spectacular's, plus the 400/401/403/404/409/413 the shared base answers, documented once.
    "DEFAULT_SCHEMA_CLASS": "cxgov.api.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "cxgov.api.exceptions.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "cxgov API",
    "DESCRIPTION": "The system of record for a customer-experience governance program.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # The schema and Swagger UI need a role like every data route (a token works for the schema).
    "SERVE_PERMISSIONS": ["cxgov.permissions.RolePermission"],
    # Request bodies take only the fields they list (cxgov.api.contract refuses any other).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cxgov.api.openapi.close_request_bodies",
    ],
    "ENUM_NAME_OVERRIDES": {
        "InitiativeStatusEnum": "portfolio.models.Status",
        "RiskStatusEnum": "portfolio.models.RiskStatus",
        "MetricDirectionEnum": "voc.models.Direction",
        "ChangeDirectionEnum": "portfolio.models.ChangeDirection",
        "AttendanceStatusEnum": "governance.models.AttendanceStatus",
    },
}
# An API token stops working this many days after it was issued; a new POST to
# /api/v1/auth/token/ then issues a new one. A password change or deactivation ends it at once.
API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# How many Responsible/Accountable assignments one person carries before the RACI matrix flags them.
CXGOV_RACI_OVERLOAD_THRESHOLD = env.int("CXGOV_RACI_OVERLOAD_THRESHOLD", default=5)

# Voice of the customer. Below this many responses a KPI value is marked "small sample".
CXGOV_VOC_MIN_SAMPLE = env.int("CXGOV_VOC_MIN_SAMPLE", default=30)

# Uploaded files (response imports) live under var/ unless MEDIA_ROOT says otherwise.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# The largest response file an upload or the API accepts, and the size from which an import
# runs in the background (Celery) with a progress bar instead of within the request.
CXGOV_VOC_IMPORT_MAX_BYTES = env.int("CXGOV_VOC_IMPORT_MAX_BYTES", default=2 * 1024**3)
CXGOV_VOC_IMPORT_BACKGROUND_BYTES = env.int(
    "CXGOV_VOC_IMPORT_BACKGROUND_BYTES", default=2 * 1024**2
)
# The largest template file the standards library takes (a page, the API or the admin).
CXGOV_STANDARD_FILE_MAX_BYTES = env.int("CXGOV_STANDARD_FILE_MAX_BYTES", default=10 * 1024**2)
# Survey-platform webhooks: a signed time (Formbricks' header, SurveyMonkey's event time)
# further than this many seconds from now is a replay and refused; how long reading a
# SurveyMonkey response's answers may take.
CXGOV_WEBHOOK_TOLERANCE_SECONDS = env.int("CXGOV_WEBHOOK_TOLERANCE_SECONDS", default=300)
CXGOV_WEBHOOK_FETCH_TIMEOUT = env.float("CXGOV_WEBHOOK_FETCH_TIMEOUT", default=10.0)

# Portfolio: an initiative in progress with no status update for this many days is stale, and
# its owner is reminded once per stale period.
CXGOV_PORTFOLIO_STALE_DAYS = env.int("CXGOV_PORTFOLIO_STALE_DAYS", default=14)
# The KPI pack projects a target's chance of being reached only from this many periods up.
CXGOV_PACK_PROJECTION_MIN_PERIODS = env.int("CXGOV_PACK_PROJECTION_MIN_PERIODS", default=6)
