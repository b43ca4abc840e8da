"""docker-compose.yml and the Dockerfile describe the production shape. No Docker engine
runs here: ``docker compose config`` validates the file when the compose plugin is
installed; otherwise (as on the development machine) the file is parsed with PyYAML and
checked structurally."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APP_SERVICES = {"migrate", "web", "worker", "beat"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def _command(service) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else command


def _compose_plugin_works() -> bool:
    if not shutil.which("docker"):
        return False
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, timeout=30)
    return probe.returncode == 0


@pytest.mark.skipif(not _compose_plugin_works(), reason="docker compose plugin not installed")
def test_compose_file_passes_docker_compose_config(tmp_path):
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    (tmp_path / ".env").write_text("POSTGRES_PASSWORD=x\nDJANGO_SECRET_KEY=x\n")

    result = subprocess.run(
        ["docker", "compose", "config", "-q"], cwd=tmp_path, capture_output=True, timeout=60
    )

    assert result.returncode == 0, result.stderr


def test_compose_has_the_production_services(compose):
    assert set(compose["services"]) == {"db", "redis", *APP_SERVICES}
    assert compose["services"]["db"]["image"].startswith("postgres:15")
    assert compose["services"]["redis"]["image"].startswith("redis:7")


def test_compose_runs_gunicorn_worker_and_exactly_one_beat(compose):
    services = compose["services"]

    assert _command(services["web"]).startswith("gunicorn config.wsgi:application")
    assert _command(services["worker"]).startswith("celery -A config worker")
    assert _command(services["beat"]).startswith("celery -A config beat")
    assert services["beat"]["deploy"]["replicas"] == 1
    beats = [name for name, s in services.items() if re.search(r"\bbeat\b|\s-B\b", _command(s))]
    assert beats == ["beat"]


def test_compose_keeps_database_redis_uploads_and_backups_in_volumes(compose):
    services = compose["services"]

    assert set(compose["volumes"]) == {"pgdata", "redisdata", "media", "backups"}
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert "redisdata:/data" in services["redis"]["volumes"]
    for name in APP_SERVICES:
        media = services[name]["environment"]["MEDIA_ROOT"]
        assert f"media:{media}" in services[name]["volumes"], name
        backups = services[name]["environment"]["BACKUP_DIR"]
        assert f"backups:{backups}" in services[name]["volumes"], name


def test_compose_takes_settings_from_a_dotenv_file_in_production_mode(compose):
    for name in APP_SERVICES:
        service = compose["services"][name]
        assert service["env_file"] == ".env", name
        assert service["environment"]["DJANGO_SETTINGS_MODULE"] == "config.settings.production"


def test_compose_has_health_checks_and_waits_for_them(compose):
    services = compose["services"]

    for name in ("db", "redis", "web", "worker"):
        assert services[name]["healthcheck"]["test"], name
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["db"]["condition"] == "service_healthy", name
        assert depends["migrate"]["condition"] == "service_completed_successfully", name


def test_web_health_check_targets_the_health_url(compose):
    assert "/health/" in " ".join(compose["services"]["web"]["healthcheck"]["test"])


def test_dockerfile_builds_the_production_image():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")

    assert dockerfile.splitlines()[1] == "FROM python:3.11-slim-bookworm"
    for package in (
        "fonts-liberation2",
        "fonts-croscore",
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "libharfbuzz-subset0",
        "gettext",
    ):
        assert package in dockerfile, package
    assert "pip install -r requirements.lock" in dockerfile
    assert (
        "pip install --no-deps --ignore-requires-python vietnam-provinces==2026.9.0" in dockerfile
    )
    assert dockerfile.index("compilemessages") < dockerfile.index("collectstatic")
    assert "USER diemsang" in dockerfile


def test_dockerignore_keeps_secrets_and_local_state_out_of_the_image():
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()

    assert {".env", ".git", ".venv", ".local"} <= set(ignored)
