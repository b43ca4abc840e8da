"""Production: every secret from the environment; refuses to start without them."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, SECRET_KEY, env

DEBUG = False
for name, value in [
    ("DJANGO_SECRET_KEY", SECRET_KEY),
    ("DJANGO_ALLOWED_HOSTS", env.list("DJANGO_ALLOWED_HOSTS", default=[])),
    ("DATABASE_URL", DATABASES["default"].get("NAME")),
    # Links in e-mails (password reset, reminders) must point at the public address.
    ("SITE_URL", env("SITE_URL", default="")),
]:
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in production")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The health check is probed over plain HTTP from inside the container network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
# Redis may fail. Each call gives up after 0.25 s to connect and 0.5 s to answer (Redis
# answers in well under a millisecond), so a stopped or paused Redis costs a request at
# most that, never a hang.
_REDIS_TIMEOUTS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}
CACHES = {
    # The showcase pages and the menu's unread counts: a Redis that is away reads as an
    # empty cache and a write is dropped (django-redis IGNORE_EXCEPTIONS, logged), so
    # pages compute from the database instead of answering 500.
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": env("REDIS_URL"),
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": _REDIS_TIMEOUTS["socket_connect_timeout"],
            "SOCKET_TIMEOUT": _REDIS_TIMEOUTS["socket_timeout"],
        },
    },
    # The rate limits' counters: here an error raises, and each limit decides whether it
    # fails open or closed (apps.core.throttle, apps.accounts.throttle).
    "limits": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("REDIS_URL"),
        "OPTIONS": _REDIS_TIMEOUTS,
    },
    # Memberships, cycles and process reference rows, in each process's memory
    # (apps.core.reference).
    "reference": CACHES["reference"],
}
RATE_LIMIT_CACHE = "limits"
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
