"""config/settings/production.py refuses to start without its secrets, and passes
``check --deploy`` when they are given. Each case runs in a fresh interpreter."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

REALISTIC_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "k3Yq9-Zp1vLr8_Tn4wXb6Hc2Jm7Fd5Gs0Qa!Ue3Ri9Oy1Pl4Kj8Hg6Tf2Dw5Sx7Cz",
    "DJANGO_ALLOWED_HOSTS": "diemsang.nghean.gov.vn",
    "DATABASE_URL": "postgres://diemsang:secret@db:5432/diemsang",
    "REDIS_URL": "redis://redis:6379/0",
    "SITE_URL": "https://diemsang.nghean.gov.vn",
    "TRUSTED_PROXY_COUNT": "1",
}


def _run(args, **env_changes):
    # A clean environment: nothing leaks in from the developer's shell; variables set
    # to "" also override a stray .env file (django-environ never overwrites them).
    env = {"PATH": os.environ["PATH"], "LANG": "C.UTF-8", **REALISTIC_ENV, **env_changes}
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "SITE_URL"]
)
def test_production_refuses_to_start_without(missing):
    result = _run(["manage.py", "check"], **{missing: ""})

    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


def test_production_passes_the_deployment_checklist():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_turns_debug_off_and_sends_real_email():
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.EMAIL_BACKEND, s.SESSION_COOKIE_SECURE, s.AXES_IPWARE_PROXY_COUNT)"
    )

    result = _run(["-c", script], DJANGO_DEBUG="true")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "django.core.mail.backends.smtp.EmailBackend",
        "True",
        "0",
    ]
