"""Production: every secret from the environment; refuses to start without them."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, SECRET_KEY, env

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
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("REDIS_URL"),
        # A paused Redis fails a cache call in a second instead of hanging the request
        # (the login limits then fail open, see apps/accounts/throttle.py).
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}
