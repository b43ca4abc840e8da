"""Settings of the gunicorn the load benchmarks start: production's (Redis cache with
its timeouts, the rate-limit alias, sessions, DEBUG off) over plain HTTP on loopback and
with static files served without a collected manifest. Used through
``--pythonpath benchmarks`` and DJANGO_SETTINGS_MODULE=bench_settings."""

from config.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
