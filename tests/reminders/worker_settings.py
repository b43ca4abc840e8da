"""Settings of the Celery worker started by test_worker.py: the test settings, with
e-mails written as files into REMINDER_EMAIL_DIR so the test can read what arrived."""

from config.settings.test import *  # noqa: F403
from config.settings.test import env

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = env("REMINDER_EMAIL_DIR")
