"""Development: DEBUG on, console e-mail, a fixed development-only secret."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
# The demo accounts log in without a second factor in development (see base.py).
OTP_REQUIRED_ROLES = env.list(
    "OTP_REQUIRED_ROLES", default=[] if DEBUG else ["admin", "decision_maker"]
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
