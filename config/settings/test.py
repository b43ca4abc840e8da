"""Tests: real PostgreSQL and Redis (started by scripts/services.sh), locmem e-mail,
fast password hashing. Celery tasks are queued to the real Redis unless a test
opts into eager mode."""

from .base import *  # noqa: F403
from .base import DATABASES, env

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["TEST"]["NAME"] = env("TEST_DB_NAME", default="test_diemsang")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_TASK_ALWAYS_EAGER = False
# The dashboard's figures are not cached in tests: a page's query count must not depend
# on what earlier requests left in the cache (tests of the cache turn it on).
DASHBOARD_CACHE_SECONDS = 0
AXES_ENABLED = True
# No second factor unless a test asks for it (tests/accounts/test_two_factor.py).
OTP_REQUIRED_ROLES = []
AXES_VERBOSE = False
