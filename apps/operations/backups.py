"""Backups of the database and the media files, and their restore.

A backup is one folder of BACKUP_DIR named by its time (``20261204-013000``):
``database.dump`` (pg_dump, custom format), ``media.tar.gz`` (every file under
MEDIA_ROOT) and ``manifest.json`` with the SHA-256 of both, the SHA-256 of each media
file, and each table's row count and content checksum, all taken from one snapshot of
the database (pg_dump runs on the snapshot the checksums read). The folder is written
as ``.partial-<name>`` and renamed when complete, so a backup cut short is never taken
for one. The restore checks the files against the manifest, restores into a database
with no tables, unpacks the media into an empty folder, and compares every table and
file with the manifest.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection
from psycopg import sql

MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media.tar.gz"
# pg_advisory lock key: one backup at a time, whatever the number of beats or workers.
LOCK_KEY = 18_0001


class BackupError(Exception):
    """A backup or restore that cannot be made or does not match its manifest."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: datetime.datetime
    bytes: int


def backup_create(
    *, now: datetime.datetime, directory: Path | None = None, keep: int | None = None
) -> Path | None:
    """Write a backup of the database and the media into ``directory`` (BACKUP_DIR),
    then delete all but the newest ``keep`` (BACKUP_KEEP). Returns its folder, or None
    when another backup is running (a PostgreSQL advisory lock)."""
    directory = Path(directory or settings.BACKUP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    name = now.astimezone(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    # The lock is held to the end, media and pruning included.
    with psycopg.connect(**_connect_kwargs(), autocommit=False) as conn:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        if not conn.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_KEY]).fetchone()[0]:
            return None
        for left in directory.glob(".partial-*"):  # a backup cut short earlier
            shutil.rmtree(left, ignore_errors=True)
        partial = directory / f".partial-{name}"
        partial.mkdir()
        _write(partial, conn, now)
        final = directory / name
        for n in range(2, 100):  # two backups in one second
            if not final.exists():
                break
            final = directory / f"{name}-{n}"
        partial.rename(final)
        backups_prune(directory=directory, keep=settings.BACKUP_KEEP if keep is None else keep)
    return final


def _write(folder: Path, conn, now: datetime.datetime) -> None:
    """The dump, the media archive and the manifest; the table checksums read the
    snapshot that pg_dump dumps."""
    snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
    _pg_dump(folder / DUMP, snapshot)
    tables = table_fingerprints(conn)
    media_files = _tar_media(Path(settings.MEDIA_ROOT), folder / MEDIA)
    manifest = {
        "format": 1,
        "created_at": now.isoformat(),
        "database": {**_file_entry(folder / DUMP), "tables": tables},
        "media": {**_file_entry(folder / MEDIA), "files": media_files},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))


def backups_prune(*, directory: Path, keep: int) -> list[Path]:
    """Delete all complete backups but the newest ``keep``; returns the deleted."""
    old = [info.path for info in backups_list(directory=directory)][keep:]
    for path in old:
        shutil.rmtree(path)
    return old


def backups_list(*, directory: Path | None = None) -> list[BackupInfo]:
    """Complete backups (with a manifest), newest first."""
    directory = Path(directory or settings.BACKUP_DIR)
    if not directory.is_dir():
        return []
    found = []
    for path in directory.iterdir():
        manifest = path / MANIFEST
        if path.name.startswith(".") or not manifest.is_file():
            continue
        data = json.loads(manifest.read_text())
        size = data["database"]["bytes"] + data["media"]["bytes"]
        found.append(BackupInfo(path, datetime.datetime.fromisoformat(data["created_at"]), size))
    return sorted(found, key=lambda info: info.created_at, reverse=True)


def backup_restore(*, source: Path, database_url: str, media_root: Path) -> dict:
    """Restore the backup in ``source`` into the empty database ``database_url`` and the
    empty folder ``media_root``, then check every table and media file against the
    manifest. Raises BackupError on any difference; returns the manifest."""
    manifest = json.loads((source / MANIFEST).read_text())
    for part, key in ((DUMP, "database"), (MEDIA, "media")):
        if _sha256(source / part) != manifest[key]["sha256"]:
            raise BackupError(f"{part} does not match the manifest")
    with psycopg.connect(database_url, autocommit=True) as conn:
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        if tables.fetchone()[0]:
            raise BackupError("the target database is not empty")
    media_root = Path(media_root)
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"{media_root} is not empty")
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
    subprocess.run(
        [*command, "--single-transaction", "-d", database_url, str(source / DUMP)],
        check=True,
        capture_output=True,
    )
    _untar_media(source / MEDIA, media_root)
    with psycopg.connect(database_url) as conn:
        _compare("table", manifest["database"]["tables"], table_fingerprints(conn))
    _compare("media file", manifest["media"]["files"], media_fingerprints(media_root))
    return manifest


def table_fingerprints(conn) -> dict[str, dict]:
    """Each table of the public schema: its row count and a checksum of its content
    that does not depend on the rows' physical order."""
    names = [
        row[0]
        for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
    ]
    prints = {}
    for name in names:
        table = sql.Identifier(name)
        query = sql.SQL(
            "SELECT count(*), coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))),"
            " '') FROM {} AS t"
        ).format(table)
        rows, checksum = conn.execute(query).fetchone()
        prints[name] = {"rows": rows, "checksum": checksum}
    return prints


def media_fingerprints(root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``root``, by path relative to it."""
    root = Path(root)
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): _sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _compare(what: str, expected: dict, found: dict) -> None:
    wrong = sorted(k for k in expected.keys() | found.keys() if expected.get(k) != found.get(k))
    if wrong:
        raise BackupError(f"{len(wrong)} {what}(s) differ from the manifest: {wrong[:10]}")


def _connect_kwargs() -> dict:
    db = connection.settings_dict
    return {
        "dbname": db["NAME"],
        "user": db["USER"],
        "password": db["PASSWORD"],
        "host": db["HOST"],
        "port": db["PORT"] or 5432,
    }


def _pg_dump(target: Path, snapshot: str) -> None:
    db = _connect_kwargs()
    env = {
        **os.environ,
        "PGHOST": db["host"],
        "PGPORT": str(db["port"]),
        "PGUSER": db["user"],
        "PGPASSWORD": db["password"],
        "PGDATABASE": db["dbname"],
    }
    command = ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()[:2000]}")


class _Hashing:
    """A file reader that hashes what tar reads, so the manifest describes exactly
    the bytes that went into the archive."""

    def __init__(self, file):
        self.file = file
        self.hash = hashlib.sha256()

    def read(self, size=-1):
        data = self.file.read(size)
        self.hash.update(data)
        return data


def _tar_media(root: Path, target: Path) -> dict[str, str]:
    files = {}
    with tarfile.open(target, "w:gz", compresslevel=1) as tar:  # uploads are mostly PDF, JPEG
        for path in sorted(root.rglob("*")) if root.is_dir() else []:
            if not path.is_file():
                continue
            name = path.relative_to(root).as_posix()
            info = tar.gettarinfo(path, arcname=name)
            with path.open("rb") as file:
                reader = _Hashing(file)
                tar.addfile(info, reader)
            files[name] = reader.hash.hexdigest()
    return files


def _untar_media(archive: Path, root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(root, filter="data")  # no paths outside root, no devices
            return
        # Python 3.11 before 3.11.4 (Debian 12's own 3.11.2) has no extraction filters:
        # refuse the same members by hand. A backup's media holds files and folders only.
        inside = root.resolve()
        for member in tar.getmembers():
            target = (inside / member.name).resolve()
            if not (member.isfile() or member.isdir()) or not target.is_relative_to(inside):
                raise tarfile.TarError(f"refused member {member.name!r}")
            member.mode &= 0o755  # no set-id bits, nothing writable by others
        tar.extractall(root)


def _file_entry(path: Path) -> dict:
    return {"file": path.name, "sha256": _sha256(path), "bytes": path.stat().st_size}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
