"""What the load benchmarks (throughput.py, write_mix.py) share: a redis-server and a
gunicorn of their own on free ports, production settings (bench_settings.py) on a
scratch database, signed-in session cookies for the personas, wrk runs driven by a Lua
script, and the table with the /health/ floor and the load average beside each figure.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(__file__).resolve().parent
# The gunicorn beside the interpreter that runs the benchmark (the project's .venv).
VENV_BIN = Path(sys.executable).parent
LUA = BENCH_DIR / "wrk" / "mix.lua"
# One load benchmark at a time on this machine: two at once halve each other's figures.
LOCK = Path(tempfile.gettempdir()) / "diemsang-load-benchmark.lock"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


class Redis:
    """A redis-server of the benchmark alone (cache, rate limits and broker)."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        args += ["--save", "", "--appendonly", "no", "--loglevel", "warning"]
        self.process = subprocess.Popen(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        for _ in range(100):
            if self.command("ping") == "PONG":
                return
            time.sleep(0.05)
        sys.exit("redis-server did not start")

    def command(self, *args) -> str:
        done = subprocess.run(
            ["redis-cli", "-p", str(self.port), *args], capture_output=True, text=True
        )
        return done.stdout.strip()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def bench_environment(database_url: str, redis_url: str, extra: dict[str, str]) -> dict:
    """The environment of the benchmark's Django, in this process and in gunicorn."""
    env = {
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SITE_URL": "http://127.0.0.1",
        "LOG_LEVEL": "WARNING",
        **extra,
    }
    os.environ.update(env)
    if str(BENCH_DIR) not in sys.path:
        sys.path.insert(0, str(BENCH_DIR))
    return env


def setup(database_url: str, redis_url: str, extra: dict[str, str]) -> dict:
    env = bench_environment(database_url, redis_url, extra)
    import django

    django.setup()
    return env


class Gunicorn:
    """gunicorn serving the portal with ``workers`` workers of ``worker_class``."""

    def __init__(self, env: dict, *, workers: int, worker_class: str = "sync", threads: int = 1):
        self.lock = LOCK.open("w")
        try:
            fcntl.flock(self.lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("waiting for another load benchmark to finish ...", flush=True)
            fcntl.flock(self.lock, fcntl.LOCK_EX)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        args = [
            str(VENV_BIN / "gunicorn"),
            "config.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={workers}",
            f"--worker-class={worker_class}",
            f"--threads={threads}",
            "--pythonpath",
            str(BENCH_DIR),
            "--timeout=120",
            "--log-level=warning",
        ]
        self.log = Path(tempfile.mkstemp(prefix="bench-gunicorn-", suffix=".log")[1])
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                args, cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=log
            )
        for _ in range(300):
            try:
                with urllib.request.urlopen(self.base + "/health/", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        sys.exit(f"gunicorn did not start; see {self.log}")

    def worker_rss_kib(self) -> int:
        """Resident memory of the workers together (KiB)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        total = 0
        for pid in children.read_text().split():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        return total

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.lock.close()  # releases the lock


def session_cookie(username: str) -> str:
    """A signed-in session for ``username`` in the benchmark's session store."""
    from django.conf import settings
    from django.test import Client

    from apps.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def check_pages(base: str, cookie: str, paths: list[str]) -> None:
    """Every page of a mix answers 200 to its persona (a 302 to the log-in or a 403
    would measure something else)."""
    for path in paths:
        request = urllib.request.Request(base + path, headers={"Cookie": cookie})
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=60) as answer:
                status = answer.status
        except urllib.error.HTTPError as error:
            status = error.code
        if status != 200:
            sys.exit(f"{path} answers {status}, not 200")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Figures:
    label: str
    requests_per_second: float
    p99_ms: float
    errors: int
    requests: int
    load: str
    extra: dict

    def row(self, floor: float | None) -> str:
        ratio = f"{self.requests_per_second / floor:6.3f}" if floor else "     -"
        return (
            f"{self.label:44} {self.requests_per_second:8.1f} {self.p99_ms:8.1f} "
            f"{self.errors:6d} {ratio} {self.load:>16}"
        )


HEADER = (
    f"{'traffic':44} {'req/s':>8} {'p99 ms':>8} {'errors':>6} {'/floor':>6} {'load average':>16}"
)


def run_wrk(
    label: str,
    base: str,
    paths: list[str],
    *,
    cookie: str = "",
    seconds: int = 15,
    threads: int = 2,
    connections: int = 8,
    lua: Path = LUA,
    extra_env: dict | None = None,
) -> Figures:
    """wrk on ``paths`` in turn with ``cookie``; errors are answers other than 200
    (a redirect to the log-in is an error here) and socket errors."""
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: scripts/bootstrap.sh installs the Debian package")
    env = {
        **os.environ,
        "BENCH_PATHS": "\n".join(paths),
        "BENCH_COOKIE": cookie,
        **(extra_env or {}),
    }
    done = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout=10s",
            "-s",
            lua,
            base,
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("JSON ")), None)
    if line is None:
        sys.exit(f"wrk gave no figures:\n{done.stdout}\n{done.stderr}")
    data = json.loads(line[5:])
    seconds_run = data["duration_us"] / 1e6
    return Figures(
        label=label,
        requests_per_second=data["requests"] / seconds_run,
        p99_ms=data["p99_us"] / 1000,
        errors=data["not_ok"] + data["socket_errors"],
        requests=data["requests"],
        load=load_average(),
        extra=data,
    )
