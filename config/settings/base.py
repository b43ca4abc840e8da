"""Settings shared by every environment; values come from the environment (django-environ)."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "apps.accounts.admin_apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "guardian",
    "treebeard",
    "import_export",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "apps.core",
    "apps.accounts",
    "apps.units",
    "apps.notifications",
    "apps.cycles",
    "apps.criteria",
    "apps.brightspots",
    "apps.dossiers",
    "apps.decisions",
    "apps.reminders",
    "apps.reports",
    "apps.operations",
    "apps.scoring",
    "apps.history",
    "apps.privacy",
    "apps.help",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "apps.core.middleware.RequestMemoMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.core.middleware.DefaultLanguageMiddleware",
    "apps.core.guards.RefuseNulBytes",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "apps.core.middleware.NoStoreForUsersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "apps.accounts.middleware.SecondFactorMiddleware",
    "apps.accounts.middleware.SessionAbsoluteTimeoutMiddleware",
    "apps.core.middleware.SessionRenewalMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp) on every response, the admin included: scripts
# and styles only from our own static files, so no inline <script>, <style>, style="" or
# on*="" in any served page (templates/admin/ overrides the admin and import-export
# pages that had them). img-src also takes data: URIs (an image cannot run code). Only
# the WeasyPrint PDF templates and the e-mails keep inline CSS: never served as pages.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

DATABASES = {"default": env.db("DATABASE_URL", default="")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
# A kept connection is tested before each request reuses it, so after a PostgreSQL
# restart the web processes reconnect by themselves (apps.operations.errors answers the
# requests caught in the restart with a 503 page).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Django's backend with a health check that reads the socket instead of asking
# PostgreSQL (apps/core/postgresql/base.py).
DATABASES["default"]["ENGINE"] = "apps.core.postgresql"
DATABASES["default"]["TEST"] = {"CHARSET": "UTF8", "TEMPLATE": "template0"}
# PostgreSQL's JIT only slows the portal's short queries (one dashboard query: 3.1 s with
# JIT against 49 ms without).
DATABASES["default"]["OPTIONS"] = {"options": "-c jit=off"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "apps.accounts.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
# Two-factor login (django-otp, TOTP with static recovery codes): people holding one of
# these roles (and superusers, when "admin" is listed) must confirm a code from their
# authenticator app after the password; others may turn it on themselves
# (apps/accounts/middleware.SecondFactorMiddleware). config/settings/local.py empties it
# when DEBUG, so the demo accounts log in with their password alone there; set
# OTP_REQUIRED_ROLES=admin,decision_maker to try it in development.
OTP_REQUIRED_ROLES = env.list("OTP_REQUIRED_ROLES", default=["admin", "decision_maker"])
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Điểm sáng")
# The admin pages of django-otp's devices are not registered (apps/accounts/admin.py):
# a device's key never shows in the admin.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
LOGOUT_REDIRECT_URL = "login"
GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None

# Sessions: idle timeout (the server-side expiry, renewed by SessionRenewalMiddleware at
# most every SESSION_RENEW_SECONDS rather than a row rewritten on every request) plus an
# absolute cap enforced by SessionAbsoluteTimeoutMiddleware. Kept in the database, not
# in Redis: a Redis outage then logs nobody out, and a log-out during one cannot come
# back from a stale cache entry when Redis returns.
SESSION_ENGINE = "apps.core.sessions"  # Django's database sessions, read in plain SQL
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = env.int("SESSION_RENEW_SECONDS", default=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=10 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Login lockout: django-axes keyed on username + client IP, the IP found by
# django-ipware. TRUSTED_PROXY_COUNT is the number of reverse proxies in front of
# gunicorn; each appends the address it saw to X-Forwarded-For, so the client is the
# TRUSTED_PROXY_COUNT-th entry from the right and anything to its left may be forged.
# ipware counts only the proxies listed after the client in the header (hence - 1),
# and runs non-strict so a forged or malformed entry on the left is skipped rather
# than making it fall back to the proxy's own address. Without proxies only
# REMOTE_ADDR counts: a forged header neither bypasses the lock nor locks out others.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1 if TRUSTED_PROXY_COUNT else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if TRUSTED_PROXY_COUNT else ["REMOTE_ADDR"]
)
IPWARE_STRICT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# Our catalogue, then Vietnamese for msgids of Django and the third-party apps that their
# own catalogues lack (makemessages would drop them from ours; see its header).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_third_party"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["config.formats"]
# Off: with it on, every year and id printed in a template reads "2.026". Counts that
# need grouping use the reports app's `num` filter (locale separator).
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files live outside the static tree and are only served through
# permission-checked views (there is no MEDIA_URL route).
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / ".local" / "media")))
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Cổng thông tin Điểm sáng <no-reply@diemsang.local>"
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 10

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Never let a request hang on a paused broker: fail within seconds instead.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": 3,
    "socket_connect_timeout": 3,
    "visibility_timeout": 3600,
    "max_retries": 1,
}
CELERY_REDIS_SOCKET_TIMEOUT = 3
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 3
CELERY_TASK_PUBLISH_RETRY = False
# One daily reconciler per job: deadlines live in the database, and a run missed
# while beat was down is caught up the next day.
CELERY_BEAT_SCHEDULE = {
    "drain-email-outbox": {
        "task": "apps.notifications.tasks.task_send_outbox",
        "schedule": 60.0,
    },
    "send-deadline-reminders": {
        "task": "apps.reminders.tasks.task_send_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "reconcile-print-jobs": {
        "task": "apps.decisions.tasks.task_reconcile_print_jobs",
        "schedule": 60.0,
    },
    "backup": {
        "task": "apps.operations.tasks.task_backup",
        "schedule": crontab(hour=1, minute=30),
    },
    "operations-check": {
        "task": "apps.operations.tasks.task_check_operations",
        "schedule": 300.0,
    },
    # The daily digest of notices for users who chose one e-mail a day (local time).
    "send-notice-digests": {
        "task": "apps.notifications.tasks.task_send_notice_digests",
        "schedule": crontab(hour=env.int("NOTICE_DIGEST_HOUR", default=7), minute=0),
    },
}

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "reference": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "reference",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
# Memberships, cycles and the processes' reference rows kept in each process's memory
# under a token PostgreSQL replaces with every change to their tables
# (apps.core.reference); False reads them every time.
# An entry is about 1.2 KB pickled, so 5,000 (the least recently read go first) cost a
# worker a few MB.
REFERENCE_CACHE = env.bool("REFERENCE_CACHE", default=True)
# The cache alias the rate limits count in (apps.core.throttle). Production gives them
# their own alias whose errors raise, so each limit chooses to fail open or closed,
# while "default" reads a Redis that is away as an empty cache.
RATE_LIMIT_CACHE = "default"
# How long the dashboard's figures for one subtree, year and day are kept (the page says
# when they were worked out): on a deadline day the steering committee's reloads share
# one computation instead of each scanning the province.
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=60)

# Operations (apps.operations, docs/architecture.md "Operations"). Certificate print
# jobs go to PRINT_QUEUE; a running job renews its lease every quarter of
# PRINT_LEASE_SECONDS, and one whose lease ran out is requeued by the reconciler, at
# most PRINT_MAX_REQUEUES times. Backups (`manage.py backup`) go into BACKUP_DIR, the
# newest BACKUP_KEEP kept.
PRINT_QUEUE = env("PRINT_QUEUE", default="celery")
PRINT_LEASE_SECONDS = env.int("PRINT_LEASE_SECONDS", default=120)
PRINT_MAX_REQUEUES = env.int("PRINT_MAX_REQUEUES", default=3)
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(BASE_DIR / ".local" / "backups")))
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)

# Import limits (django-import-export reads whole files into memory).
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=5000)
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = None
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# Attachments (dossiers): per-file and per-dossier caps.
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
DOSSIER_MAX_BYTES = env.int("DOSSIER_MAX_BYTES", default=100 * 1024 * 1024)
# Everything one unit stores in a year (progress files and dossier files together); a
# province may set its own figure per cycle (Cycle.upload_quota_mb).
UPLOAD_QUOTA_BYTES_PER_UNIT_YEAR = env.int(
    "UPLOAD_QUOTA_BYTES_PER_UNIT_YEAR", default=1024 * 1024 * 1024
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"fontTools": {"level": "WARNING"}, "weasyprint": {"level": "ERROR"}},
}

# Deadline reminders (apps.reminders): days before each deadline a reminder goes out,
# and for how many days after a deadline a missed late-units digest is still caught up.
REMINDER_OFFSETS_DAYS = env.list("REMINDER_OFFSETS_DAYS", cast=int, default=[14, 7, 1])
REMINDER_DIGEST_CATCHUP_DAYS = env.int("REMINDER_DIGEST_CATCHUP_DAYS", default=7)

# Recognition decisions (apps.decisions): the public certificate verification page
# (/v/<code>/) answers this many requests per client address a minute (counted in the
# default cache: give production a shared cache so every worker counts together).
VERIFY_REQUESTS_PER_MINUTE = env.int("VERIFY_REQUESTS_PER_MINUTE", default=30)
# Requests for a password-reset e-mail per client address an hour (same cache).
PASSWORD_RESET_REQUESTS_PER_HOUR = env.int("PASSWORD_RESET_REQUESTS_PER_HOUR", default=10)

# Login limits beyond axes' (username, address) lock, counted in the default cache
# (apps.accounts.throttle, which explains them and why both fail open without Redis).
# Password spraying: this many wrong passwords from one client address, whatever the
# usernames, within 15 minutes refuse that address for LOGIN_ADDRESS_BLOCK_MINUTES. A
# whole office behind one NAT address shares the count: keep it well above axes' 5.
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=15)
LOGIN_ADDRESS_WINDOW_SECONDS = 15 * 60
LOGIN_ADDRESS_BLOCK_SECONDS = env.int("LOGIN_ADDRESS_BLOCK_MINUTES", default=15) * 60
# One account guessed from many addresses: the LOGIN_USERNAME_FAILURE_LIMIT-th wrong
# password for one username within an hour, and each after it, make every log-in to it
# wait 30 s, doubling up to 5 minutes; refused attempts do not lengthen the wait.
LOGIN_USERNAME_FAILURE_LIMIT = env.int("LOGIN_USERNAME_FAILURE_LIMIT", default=10)
LOGIN_USERNAME_WINDOW_SECONDS = 60 * 60
LOGIN_USERNAME_DELAY_SECONDS = 30
LOGIN_USERNAME_MAX_DELAY_SECONDS = 5 * 60
AXES_HANDLER = "apps.accounts.throttle.PortalAxesHandler"
AXES_LOCKOUT_CALLABLE = "apps.accounts.throttle.lockout_response"
