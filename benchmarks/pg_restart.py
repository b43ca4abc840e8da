"""The PostgreSQL restart drill (issue 18): PostgreSQL is restarted while gunicorn is
under load; requests caught in the restart must get the clean 503 page, the web
processes must recover by themselves, and no write may be left half done.

    .venv/bin/python benchmarks/pg_restart.py [--seconds 20] [--restart-at 6] [--workers 2]
        [--no-health-checks]

Run as root (initdb and pg_ctl run as the postgres user through runuser). Builds
everything of its own and removes it at the end: a PostgreSQL cluster initialised in a
temporary folder on a free port (never the shared cluster of scripts/services.sh,
which colleagues use), a redis-server on a free port, and gunicorn (sync workers,
production settings over plain HTTP, CONN_MAX_AGE 60 with CONN_HEALTH_CHECKS). wrk
(-t2 -c8) sends a mix of signed-in GETs (the home page, the bright spot page,
/health/) and POSTs of a progress update (one ProgressUpdate row and its audit row in
one transaction); a prober asks /health/ every 20 ms. At --restart-at seconds the
cluster is restarted (``pg_ctl restart -m fast``).

Prints: requests and failed requests (by status: 503, 500, other, socket errors), the
restart's own duration, the seconds from the restart command until the prober's first
200 after its last failure, and the integrity check (each progress update has its
audit row and each audit row its update; updates saved vs POSTs answered 302).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PG_BIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
PASSWORD = "drill"

SETTINGS = """
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
"""

# GETs of DRILL_PATHS in turn, and every third request a POST of a progress update.
# Counts answers per status (a 302 is a POST saved: the GETs answer 200) and prints one
# JSON line.
LUA = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  paths = {}
  for line in string.gmatch(os.getenv("DRILL_PATHS"), "[^\n]+") do table.insert(paths, line) end
  post_path = os.getenv("DRILL_POST")
  body = "text=Drill&csrfmiddlewaretoken=" .. os.getenv("DRILL_CSRF")
  wrk.headers["Cookie"] = os.getenv("DRILL_COOKIE")
  wrk.headers["Accept-Language"] = "vi"
  -- wrk.format replaces wrk.headers with the table it is given: the POST's own copy.
  post_headers = {["Content-Type"] = "application/x-www-form-urlencoded"}
  for k, v in pairs(wrk.headers) do post_headers[k] = v end
  n = math.random(100)
  ok, posted, s503, s500, other = 0, 0, 0, 0, 0
end
function request()
  n = n + 1
  if n % 3 == 0 then
    return wrk.format("POST", post_path, post_headers, body)
  end
  return wrk.format("GET", paths[n % #paths + 1])
end
function response(status, headers, body)
  if status == 200 then ok = ok + 1
  elseif status == 302 then posted = posted + 1  -- only the POSTs redirect
  elseif status == 503 then s503 = s503 + 1
  elseif status == 500 then s500 = s500 + 1
  else other = other + 1 end
end
function done(summary, latency, requests)
  local t = {ok = 0, posted = 0, s503 = 0, s500 = 0, other = 0}
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + thread:get(k) end
  end
  local e = summary.errors
  io.write(string.format('JSON {"requests": %d, "ok": %d, "posted": %d, "s503": %d, ' ..
    '"s500": %d, "other": %d, "socket_errors": %d, "p99_us": %d}\n',
    summary.requests, t.ok, t.posted, t.s503, t.s500, t.other,
    e.connect + e.read + e.write + e.timeout, latency:percentile(99)))
end
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_postgres(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True, **kwargs)


class Cluster:
    """A PostgreSQL cluster of the drill alone, in a temporary folder."""

    def __init__(self, folder: Path):
        self.data = folder / "pgdata"
        self.port = free_port()
        shutil.chown(folder, "postgres", "postgres")
        as_postgres(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-E", "UTF8", "--locale=C.UTF-8",
            "-U", "postgres", "--auth=trust", capture_output=True,
        )  # fmt: skip
        self.options = f"-p {self.port} -k {folder} -c listen_addresses=127.0.0.1"
        self.pg_ctl("start")
        sql = (
            f"CREATE ROLE drill LOGIN PASSWORD '{PASSWORD}' CREATEDB;"
            "CREATE DATABASE drill OWNER drill ENCODING 'UTF8' TEMPLATE template0;"
        )
        for statement in sql.split(";")[:-1]:
            as_postgres(
                str(PG_BIN / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                "-qc", statement, capture_output=True,
            )  # fmt: skip
        self.url = f"postgres://drill:{PASSWORD}@127.0.0.1:{self.port}/drill"

    def pg_ctl(self, action: str, *extra: str) -> None:
        log = str(self.data.parent / "server.log")
        as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", log, "-w", "-o", self.options,
            action, *extra, capture_output=True,
        )  # fmt: skip

    def stop(self) -> None:
        self.pg_ctl("stop", "-m", "immediate")


def start_redis() -> tuple[subprocess.Popen, str]:
    port = free_port()
    args = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    process = subprocess.Popen([*args, "--appendonly", "no"], stdout=subprocess.DEVNULL)
    for _ in range(100):
        done = subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True)
        if done.stdout.strip() == b"PONG":
            break
        time.sleep(0.05)
    return process, f"redis://127.0.0.1:{port}/0"


def prepare(folder: Path, cluster: Cluster, redis_url: str) -> dict:
    """Settings, migrations, a signed-in officer with a bright spot under way."""
    (folder / "drill_settings.py").write_text(SETTINGS)
    env = {
        "DJANGO_SETTINGS_MODULE": "drill_settings",
        "DATABASE_URL": cluster.url,
        "REDIS_URL": redis_url,
        "DJANGO_SECRET_KEY": "drill-only-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SITE_URL": "http://127.0.0.1",
        "MEDIA_ROOT": str(folder / "media"),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": f"{folder}{os.pathsep}{ROOT}",
    }
    os.environ.update(env)
    sys.path[:0] = [str(folder), str(ROOT)]
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return env


def make_data() -> dict:
    from django.conf import settings
    from django.test import Client

    from apps.accounts.enums import Role
    from apps.brightspots.enums import BrightSpotStatus
    from tests.brightspots.factories import make_bright_spot, make_cycle
    from tests.factories import make_member, make_unit

    province = make_unit("Tỉnh Diễn Tập", code="P99")
    commune = make_unit("Xã Diễn Tập", parent=province, code="W99001")
    officer = make_member(commune, Role.OFFICER, username="drill_officer")
    cycle = make_cycle(province, 2027)
    spot = make_bright_spot(commune, cycle=cycle, status=BrightSpotStatus.IN_PROGRESS)
    client = Client()
    client.force_login(officer)
    csrf = secrets.token_hex(16)  # 32 characters: an unmasked CSRF secret
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {
        "spot": spot,
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}",
        "csrf": csrf,
        "paths": ["/", spot.get_absolute_url(), "/health/"],
        "post": f"/brightspots/{spot.pk}/progress/",
    }


def start_gunicorn(env: dict, workers: int, folder: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    args = [str(VENV_BIN / "gunicorn"), "config.wsgi:application", f"--bind=127.0.0.1:{port}"]
    args += [f"--workers={workers}", "--timeout=60", "--log-level=warning"]
    log = (folder / "gunicorn.log").open("w")
    process = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if probe(base) == 200:
            return process, base
        time.sleep(0.1)
    sys.exit(f"gunicorn did not start; see {folder / 'gunicorn.log'}")


def probe(base: str) -> int:
    try:
        with urllib.request.urlopen(base + "/health/", timeout=5) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def check_requests(base: str, data: dict) -> None:
    """Before the drill: the pages answer 200 and a progress update 302 (anything else
    would measure something other than the restart)."""
    opener = urllib.request.build_opener(_NoRedirect)
    body = f"text=Drill&csrfmiddlewaretoken={data['csrf']}".encode()
    requests = [(path, None, 200) for path in data["paths"]] + [(data["post"], body, 302)]
    for path, payload, expected in requests:
        request = urllib.request.Request(
            base + path, data=payload, headers={"Cookie": data["cookie"]}
        )
        try:
            with opener.open(request, timeout=60) as answer:
                status, text = answer.status, answer.read()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read()
        if status != expected:
            sys.exit(
                f"{path} answers {status}, not {expected}:\n{text[:3000].decode(errors='replace')}"
            )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Prober(threading.Thread):
    """Asks /health/ every 20 ms and keeps (time, status)."""

    def __init__(self, base: str):
        super().__init__(daemon=True)
        self.base, self.answers, self.stop = base, [], threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.answers.append((time.monotonic(), probe(self.base)))
            time.sleep(0.02)


def run_wrk(base: str, data: dict, seconds: int, folder: Path) -> subprocess.Popen:
    script = folder / "drill.lua"
    script.write_text(LUA)
    env = {
        **os.environ,
        "DRILL_PATHS": "\n".join(data["paths"]),
        "DRILL_POST": data["post"],
        "DRILL_COOKIE": data["cookie"],
        "DRILL_CSRF": data["csrf"],
    }
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--timeout=10s", "-s", str(script), base]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)


def integrity(spot) -> dict:
    from django.db import connection

    from apps.brightspots.models import ProgressUpdate
    from apps.core.models import AuditEvent

    connection.close()  # the restart ended this process's connection
    updates = ProgressUpdate.objects.filter(bright_spot=spot).count()
    audits = AuditEvent.objects.filter(
        content_type__model="brightspot", object_id=str(spot.pk), action="progress"
    ).count()
    return {"updates": updates, "audit_rows": audits}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--restart-at", type=float, default=6.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--no-health-checks", action="store_true", help="CONN_HEALTH_CHECKS off, to compare"
    )
    args = parser.parse_args()
    os.environ["DRILL_HEALTH_CHECKS"] = "0" if args.no_health_checks else "1"
    if os.geteuid() != 0 or not shutil.which("wrk"):
        sys.exit("run as root (initdb through runuser), with wrk installed")
    folder = Path(tempfile.mkdtemp(prefix="pgdrill-"))
    cluster = redis = gunicorn = None
    try:
        cluster = Cluster(folder)
        redis, redis_url = start_redis()
        env = prepare(folder, cluster, redis_url)
        data = make_data()
        from django.db import connection

        connection.close()
        gunicorn, base = start_gunicorn(env, args.workers, folder)
        check_requests(base, data)
        before = integrity(data["spot"])
        prober = Prober(base)
        prober.start()
        wrk = run_wrk(base, data, args.seconds, folder)
        time.sleep(args.restart_at)
        restart_started = time.monotonic()
        cluster.pg_ctl("restart", "-m", "fast")
        restart_seconds = time.monotonic() - restart_started
        output = wrk.communicate()[0]
        prober.stop.set()
        prober.join()
        after = integrity(data["spot"])
        rows = {key: after[key] - before[key] for key in after}
        report(output, prober.answers, restart_started, restart_seconds, rows)
    finally:
        if gunicorn:
            gunicorn.send_signal(signal.SIGTERM)
            gunicorn.wait(timeout=30)
        if redis:
            redis.terminate()
        if cluster:
            cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


def report(output, answers, restart_started, restart_seconds, rows) -> None:
    line = next((x for x in output.splitlines() if x.startswith("JSON ")), None)
    if line is None:
        sys.exit(f"wrk gave no figures:\n{output}")
    figures = json.loads(line[5:])
    failed = figures["s503"] + figures["s500"] + figures["other"] + figures["socket_errors"]
    failures = [t for t, status in answers if status != 200]
    last_failure = max(failures) if failures else restart_started
    recovered = next((t for t, status in answers if t > last_failure and status == 200), None)
    recover = f"{recovered - restart_started:.2f}" if recovered else "never"
    print(f"requests               {figures['requests']}")
    print(f"failed requests        {failed}")
    print(f"  503 (clean page)     {figures['s503']}")
    print(f"  500                  {figures['s500']}")
    print(f"  other status         {figures['other']}")
    print(f"  socket errors        {figures['socket_errors']}")
    print(f"p99 latency            {figures['p99_us'] / 1000:.1f} ms")
    print(f"restart (pg_ctl)       {restart_seconds:.2f} s")
    print(f"seconds to recover     {recover} (restart command → first 200 after the last failure)")
    print(f"prober failures        {len(failures)} of {len(answers)} probes")
    print(f"progress POSTs 302     {figures['posted']}")
    print(f"progress updates saved {rows['updates']}, their audit rows {rows['audit_rows']}")
    print(
        "half-written rows      "
        + ("none" if rows["updates"] == rows["audit_rows"] else "YES: updates ≠ audit rows")
    )
    print(f"saved but answered 503 {rows['updates'] - figures['posted']}")


if __name__ == "__main__":
    main()
