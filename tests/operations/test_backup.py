"""`manage.py backup` and `manage.py restore`: a backup restored into a fresh database
and an empty folder gives back every row and every media file, checked by checksums."""

import io
import tarfile
import uuid

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from apps.operations.backups import (
    LOCK_KEY,
    _untar_media,
    backups_list,
    media_fingerprints,
    table_fingerprints,
)


@pytest.fixture
def fresh_database():
    """An empty database on the test cluster, dropped afterwards; yields its URL."""
    db = connection.settings_dict
    name = f"{db['NAME']}_restore_{uuid.uuid4().hex[:6]}"
    server = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _media(settings):
    root = settings.MEDIA_ROOT
    (root / "dossiers" / "2026").mkdir(parents=True)
    (root / "dossiers" / "2026" / "biên-bản-họp.pdf").write_bytes(b"%PDF-1.7 " + bytes(range(256)))
    (root / "photos").mkdir()
    (root / "photos" / "anh.jpg").write_bytes(uuid.uuid4().bytes * 1000)


def _source_fingerprints():
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    with psycopg.connect(url) as conn:
        return table_fingerprints(conn)


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_row_and_file_identically(
    make_decision, settings, tmp_path, fresh_database
):
    make_decision(3)
    _media(settings)
    out = io.StringIO()

    call_command("backup", dir=tmp_path / "backups", stdout=out, stderr=io.StringIO())
    backup = tmp_path / "backups" / out.getvalue().strip().rsplit("/", 1)[-1]
    call_command(
        "restore",
        str(backup),
        database_url=fresh_database,
        media_root=str(tmp_path / "restored"),
        stdout=io.StringIO(),
    )

    with psycopg.connect(fresh_database) as conn:
        restored = table_fingerprints(conn)
    source = _source_fingerprints()
    assert restored == source
    assert source["decisions_certificate"]["rows"] == 3
    assert media_fingerprints(tmp_path / "restored") == media_fingerprints(settings.MEDIA_ROOT)
    assert len(media_fingerprints(settings.MEDIA_ROOT)) == 2


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty(settings, tmp_path):
    call_command("backup", dir=tmp_path / "b", stdout=io.StringIO(), stderr=io.StringIO())
    (backup,) = backups_list(directory=tmp_path / "b")
    db = connection.settings_dict
    own = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup.path), database_url=own, media_root=str(tmp_path / "m"))


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_damaged_backup(tmp_path, fresh_database):
    call_command("backup", dir=tmp_path / "b", stdout=io.StringIO(), stderr=io.StringIO())
    (backup,) = backups_list(directory=tmp_path / "b")
    with (backup.path / "database.dump").open("ab") as dump:
        dump.write(b"\0")

    with pytest.raises(CommandError, match="does not match"):
        call_command(
            "restore", str(backup.path), database_url=fresh_database, media_root=str(tmp_path / "m")
        )


@pytest.mark.django_db(transaction=True)
def test_only_the_newest_backups_are_kept(settings, tmp_path):
    settings.BACKUP_KEEP = 2
    made = []
    for _ in range(3):
        out = io.StringIO()
        call_command("backup", dir=tmp_path / "b", stdout=out, stderr=io.StringIO())
        made.append(out.getvalue().strip())

    kept = [str(info.path) for info in backups_list(directory=tmp_path / "b")]

    assert kept == made[:0:-1]


@pytest.mark.django_db(transaction=True)
def test_a_second_backup_while_one_runs_does_nothing(tmp_path):
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"

    with psycopg.connect(url) as running:  # holds the lock as a running backup does
        running.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        with pytest.raises(CommandError, match="another backup is running"):
            call_command("backup", dir=tmp_path / "b", stdout=io.StringIO())

    assert backups_list(directory=tmp_path / "b") == []


def _archive_with(path, member: str):
    with tarfile.open(path, "w:gz") as tar:
        info = tarfile.TarInfo(member)
        if member.startswith("link"):
            info.type, info.linkname = tarfile.SYMTYPE, str(path.parent / "secret")
            tar.addfile(info)
        else:
            info.size = 1
            tar.addfile(info, io.BytesIO(b"x"))


@pytest.mark.parametrize("member", ["../outside.txt", "link-out"])
def test_restoring_media_refuses_a_member_outside_its_folder(tmp_path, member):
    """On every Python 3.11 the project runs on (the extraction filters came in 3.11.4;
    Debian's 3.11.2 refuses by hand), a tampered media archive writes nothing outside."""
    archive = tmp_path / "media.tar.gz"
    _archive_with(archive, member)

    with pytest.raises(tarfile.TarError):
        _untar_media(archive, tmp_path / "restored")

    assert not (tmp_path / "outside.txt").exists()
    assert not (tmp_path / "restored" / "link-out").exists()
