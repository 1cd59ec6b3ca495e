"""Settings, read from environment variables (12-factor, django-environ).

The defaults make ``make run`` work on a machine with nothing installed beyond
Python and Node: SQLite under var/, tasks run eagerly, email to the console and
a generated development secret key. Production sets SECRET_KEY, DATABASE_URL,
CELERY_BROKER_URL, ALLOWED_HOSTS and EMAIL_URL and turns DEBUG off; with DEBUG
off the development key is refused.
"""

import secrets
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)

# --- Secret key --------------------------------------------------------------
# Development keys carry this prefix so that one copied into a production
# environment is refused as firmly as a missing one.
DEV_SECRET_KEY_PREFIX = "dev-only-"  # noqa: S105 - a marker, not a secret


def _development_secret_key() -> str:
    key_file = VAR_DIR / "dev-secret-key"
    if key_file.is_file():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(exist_ok=True)
    key = DEV_SECRET_KEY_PREFIX + secrets.token_urlsafe(50)
    key_file.write_text(key)
    return key


SECRET_KEY = env.str("SECRET_KEY", default="")
if not DEBUG and (not SECRET_KEY or SECRET_KEY.startswith(DEV_SECRET_KEY_PREFIX)):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a secret value when DEBUG is off; "
        "the development key is refused in production."
    )
if not SECRET_KEY:
    SECRET_KEY = _development_secret_key()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications ------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "simple_history",
    "django_celery_beat",
    "axes",
    "csp",
    "commissioning.apps.CommissioningConfig",
    "providers",
    "tenders",
    "reablement",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "commissioning.middleware.SignInRequiredMiddleware",
    "commissioning.common.audit.CurrentRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # AxesMiddleware must be last: it turns a locked-out sign-in into a page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "commissioning.urls"
WSGI_APPLICATION = "commissioning.wsgi.application"

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
                "commissioning.navigation.navigation",
            ],
        },
    },
]

# --- Database ----------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication and sessions ---------------------------------------------
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses sign-in for a locked-out user before any check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Signed out after this many seconds without a request (inactivity).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Sign-in throttling: lock the username from this address after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# --- Security headers (production defaults follow DEBUG) ---------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# The preload directive only takes effect once the council submits its domain.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- Internationalisation ----------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d %b %Y", "%d %B %Y"]

# --- Static files ------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# In development WhiteNoise finds files in the source folders; it still looks
# for STATIC_ROOT, which exists once collectstatic has run in production.
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
if not STATIC_MANIFEST:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "/media/"

# --- Email -------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Commissioning <commissioning@example.gov.uk>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# --- The council (shown in headers, footers and reports) --------------------
COUNCIL_NAME = env.str("COUNCIL_NAME", default="Eastshire County Council")
COUNCIL_NATION = env.str("COUNCIL_NATION", default="ENG")  # ENG or WLS: bank holidays
SERVICE_NAME = "Commissioning"
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# --- Celery ------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
# Without a broker every task runs in the calling process, at once.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
# A task is acknowledged only when it has finished, so a worker that dies (or
# loses Redis) part way leaves it on the queue for another worker.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The schedule lives here, in code; it is copied into django-celery-beat's
# tables on migrate (and by beat at start) so support staff see it in admin.
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "commissioning.tasks.clear_expired_sessions",
        "schedule": crontab(hour=2, minute=30),
    },
}

# --- Scheduled checks and alerts ---------------------------------------------
# Lead times (local rules; each user may choose their own in the app).
# Contract ending: months before the current end date, once no option is left.
ALERTS_CONTRACT_EXPIRY_MONTHS = env.list(
    "ALERTS_CONTRACT_EXPIRY_MONTHS", cast=int, default=[12, 6, 3, 1]
)
# Extension decision: days before an option's decision deadline.
ALERTS_EXTENSION_DECISION_DAYS = env.list(
    "ALERTS_EXTENSION_DECISION_DAYS", cast=int, default=[90, 60, 30, 7]
)
# A 91-day follow-up still unrecorded this many days after it was due is overdue.
ALERTS_FOLLOW_UP_OVERDUE_DAYS = env.int("ALERTS_FOLLOW_UP_OVERDUE_DAYS", default=7)
# Re-procurement reminders repeat this many months apart until one is linked.
ALERTS_REPROCUREMENT_REPEAT_MONTHS = env.int("ALERTS_REPROCUREMENT_REPEAT_MONTHS", default=1)
# Managers are told of alerts left unacknowledged this many days.
ALERTS_ESCALATE_AFTER_DAYS = env.int("ALERTS_ESCALATE_AFTER_DAYS", default=14)
# Something that fell due (an overrun, an overdue review or follow-up, a lapsed
# option) is alerted late after missed runs, but not once it is older than this:
# older cases are on the lists and dashboards, not in anyone's inbox.
ALERTS_LATE_WINDOW_DAYS = env.int("ALERTS_LATE_WINDOW_DAYS", default=31)
# A digest the mail server did not accept is retried this many times, waiting
# this many seconds, doubling each time (1, 2, 4, 8, 16 minutes by default).
ALERTS_EMAIL_MAX_RETRIES = env.int("ALERTS_EMAIL_MAX_RETRIES", default=5)
ALERTS_EMAIL_RETRY_SECONDS = env.int("ALERTS_EMAIL_RETRY_SECONDS", default=60)
CELERY_BEAT_SCHEDULE["run-scheduled-checks"] = {
    "task": "commissioning.tasks.run_scheduled_checks",
    "schedule": crontab(hour=6, minute=0),
    "description": "The daily checks: raise alerts and email each user's digest.",
}
# If 06:00 was missed (Redis or the workers down), run as soon as they are back.
CELERY_BEAT_SCHEDULE["run-scheduled-checks-if-missed"] = {
    "task": "commissioning.tasks.run_scheduled_checks_if_missed",
    "schedule": crontab(hour="7-23", minute=15),
    "description": (
        "Runs the daily checks if they have not run today; otherwise queues any digest "
        "that could not be queued."
    ),
}

# --- Forms -------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# --- API ---------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first, so an anonymous request is told how to authenticate (401).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["commissioning.common.api.RolePermission"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "commissioning.common.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "commissioning.common.api.exception_handler",
    "DATE_FORMAT": "%Y-%m-%d",
    "DATE_INPUT_FORMATS": ["%Y-%m-%d"],
    "COERCE_DECIMAL_TO_STRING": True,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Commissioning case manager API",
    "DESCRIPTION": (
        "Providers, procurement, frameworks, contracts, care and reablement for "
        "adult social care commissioning. Version 1."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several resources have a "status" with different choices: name each set.
    "ENUM_NAME_OVERRIDES": {
        "ContractStatusEnum": "commissioning.models.contracts.ContractStatus",
        "ExtensionOptionStatusEnum": "commissioning.common.terms.OptionStatus",
        "PackageStatusEnum": "commissioning.models.care.PackageStatus",
        "ProcurementStatusEnum": "tenders.models.ProcurementStatus",
        "BidStatusEnum": "tenders.models.BidStatus",
        "FrameworkStatusEnum": "tenders.models.FrameworkStatus",
        "ReferralStatusEnum": "reablement.models.ReferralStatus",
        "FollowUpStatusEnum": "reablement.models.FollowUpStatus",
    },
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

# --- Logging -----------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# --- Care packages (local rules) ---------------------------------------------
# Next review due: this many weeks after a package starts, then this many
# months after each review.
CARE_FIRST_REVIEW_WEEKS = env.int("CARE_FIRST_REVIEW_WEEKS", default=6)
CARE_REVIEW_INTERVAL_MONTHS = env.int("CARE_REVIEW_INTERVAL_MONTHS", default=12)

# --- Exports: list pages, Transparency Code register, OCDS --------------------
# Rows read from the database at a time while an export streams.
EXPORT_CHUNK_SIZE = env.int("EXPORT_CHUNK_SIZE", default=2000)
# The council's OCDS prefix, registered with the Open Contracting Partnership
# ("ocds-" and six characters, then a dash); every ocid starts with it.
OCDS_PREFIX = env.str("OCDS_PREFIX", default="ocds-xxxxxx-")
OCDS_PUBLISHER_NAME = env.str("OCDS_PUBLISHER_NAME", default=COUNCIL_NAME)
OCDS_PUBLISHER_URI = env.str("OCDS_PUBLISHER_URI", default="") or None
# The buyer's organisation identifier (org-id.guide), e.g. "GB-LAE-ABC".
OCDS_BUYER_ID = env.str("OCDS_BUYER_ID", default="")
OCDS_LICENSE = env.str(
    "OCDS_LICENSE",
    default="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
)
OCDS_PUBLICATION_POLICY = env.str("OCDS_PUBLICATION_POLICY", default="") or None
