"""`aftersales backup` / `aftersales restore` (issue 9 defect 9): a verified round trip on the suite's database
(SQLite, and PostgreSQL when the suite runs with DATABASE_URL), and the checks that refuse a wrong archive."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import sqlite3
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from aftersales.assets import services as asset_services
from aftersales.assets.models import Asset
from aftersales.core import backup
from aftersales.customers import services as customer_services
from aftersales.customers.models import Customer

OTHER_VENDOR = {"sqlite": "postgresql", "postgresql": "sqlite"}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    root = tmp_path / "media"
    (root / "signatures").mkdir(parents=True)
    (root / "signatures" / "SR-1.png").write_bytes(b"\x89PNG signature")
    (root / "报告.pdf").write_bytes(b"%PDF-1.7 report")
    return root


def snapshot() -> dict:
    return {
        "customers": sorted(Customer.objects.values_list("pk", "name", "address", "phone", "version")),
        "assets": sorted(Asset.objects.values_list("pk", "customer_id", "serial", "model", "version")),
    }


def run_backup(target: Path, *args) -> Path:
    out = io.StringIO()
    call_command("backup", str(target), *args, stdout=out)
    return Path(out.getvalue().split(" (", 1)[0])


def rewrite(archive: Path, target: Path, change) -> Path:
    """A copy of `archive` with its manifest changed by `change(manifest)`."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == backup.MANIFEST:
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return target


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_round_trip_brings_back_the_data_and_the_uploaded_files(tmp_path, agent, media):
    # given: a customer with an asset, another customer, two uploaded files, and a backup of it all
    kept = customer_services.customer_create(
        actor=agent, name="合肥市第一人民医院信息科", address="合肥市庐阳区淮河路390号"
    )
    asset_services.asset_create(
        actor=agent,
        customer_id=kept.pk,
        vendor="戴尔",
        model="PowerEdge R750",
        serial="7XK2M93",
        purchased_on=dt.date(2026, 3, 1),
    )
    customer_services.customer_create(actor=agent, name="南京银行玄武支行", address="南京市玄武区中山路1号")
    before = snapshot()
    archive = run_backup(tmp_path / "backups")
    # when: rows are changed, deleted and added, files changed and added, then the backup is restored
    Customer.objects.filter(pk=kept.pk).update(name="改过的名字", version=9)
    Asset.objects.all().delete()
    Customer.objects.exclude(pk=kept.pk).delete()
    customer_services.customer_create(actor=agent, name="芜湖市中医院", address="芜湖市镜湖区中山路1号")
    (media / "报告.pdf").write_bytes(b"changed")
    (media / "new.txt").write_text("after the backup")
    (media / "signatures" / "SR-1.png").unlink()
    assert snapshot() != before
    call_command("restore", str(archive), interactive=False, stdout=io.StringIO())
    # then
    assert snapshot() == before
    assert sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file()) == [
        "signatures/SR-1.png",
        "报告.pdf",
    ]
    assert (media / "报告.pdf").read_bytes() == b"%PDF-1.7 report"
    # and the restored database still takes writes
    customer_services.customer_create(actor=agent, name="芜湖市中医院", address="芜湖市镜湖区中山路1号")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_manifest_names_vendor_migrations_and_checksums(tmp_path, agent, media):
    archive = run_backup(tmp_path)
    manifest = backup.read_manifest(archive)
    database = backup.DATABASE_MEMBERS[connection.vendor]
    assert archive.name.startswith("aftersales-backup-")
    assert (manifest["format"], manifest["application"], manifest["database"]["vendor"]) == (
        1,
        "aftersales",
        connection.vendor,
    )
    assert "0001_initial" in manifest["migrations"]["customers"]
    assert sorted(manifest["files"]) == sorted([database, "media/signatures/SR-1.png", "media/报告.pdf"])
    with tarfile.open(archive) as opened:
        names = opened.getnames()
        pdf = opened.extractfile("media/报告.pdf").read()
    assert names[0] == backup.MANIFEST
    assert manifest["files"]["media/报告.pdf"]["size"] == len(pdf) == 15
    assert archive.stat().st_mode & 0o077 == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_of_another_database_vendor_is_refused_and_nothing_changes(tmp_path, agent, media):
    customer_services.customer_create(actor=agent, name="合肥市第一人民医院信息科", address="合肥市庐阳区淮河路390号")
    archive = run_backup(tmp_path)
    other = OTHER_VENDOR[connection.vendor]
    foreign = rewrite(archive, tmp_path / "foreign.tar.gz", lambda m: m["database"].update(vendor=other))
    Customer.objects.update(name="改过的名字")
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(foreign), interactive=False, stdout=io.StringIO())
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    assert f"This backup is of a {names[other]} database and the current one is {names[connection.vendor]}" in str(
        refused.value
    )
    assert list(Customer.objects.values_list("name", flat=True)) == ["改过的名字"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_damaged_archive_is_refused_before_anything_changes(tmp_path, agent, media):
    customer_services.customer_create(actor=agent, name="合肥市第一人民医院信息科", address="合肥市庐阳区淮河路390号")
    archive = run_backup(tmp_path)
    member = backup.DATABASE_MEMBERS[connection.vendor]
    damaged = rewrite(archive, tmp_path / "damaged.tar.gz", lambda m: m["files"][member].update(sha256="0" * 64))
    Customer.objects.update(name="改过的名字")
    (media / "报告.pdf").write_bytes(b"changed")
    with pytest.raises(CommandError, match=f"Checksum mismatch: {member}"):
        call_command("restore", str(damaged), interactive=False, stdout=io.StringIO())
    assert list(Customer.objects.values_list("name", flat=True)) == ["改过的名字"]
    assert (media / "报告.pdf").read_bytes() == b"changed"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_made_by_newer_code_is_refused(tmp_path, media):
    archive = run_backup(tmp_path)
    newer = rewrite(
        archive, tmp_path / "newer.tar.gz", lambda m: m["migrations"]["customers"].append("9999_from_the_future")
    )
    with pytest.raises(CommandError, match=re.escape("unknown migrations: customers.9999_from_the_future")):
        call_command("restore", str(newer), interactive=False, stdout=io.StringIO())


def test_something_that_is_not_an_archive_is_refused(tmp_path):
    path = tmp_path / "notes.tar.gz"
    path.write_text("not an archive")
    with pytest.raises(backup.BackupError, match="Not a valid backup archive"):
        backup.read_manifest(path)


def test_keep_leaves_the_newest_archives(tmp_path):
    names = [
        "aftersales-backup-20261201-020000.tar.gz",
        "aftersales-backup-20261202-020000.tar.gz",
        "aftersales-backup-20261202-020000-2.tar.gz",
        "aftersales-backup-20261203-020000.tar.gz",
        "notes.txt",
    ]
    for name in names:
        (tmp_path / name).write_text("x")
    removed = backup.prune(tmp_path, 2)
    assert sorted(p.name for p in removed) == names[:2]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[2:])


def test_the_sqlite_copy_is_one_consistent_snapshot_while_a_writer_is_busy(tmp_path):
    # given: a file database in WAL mode, and a writer in the middle of a transaction on it
    path = tmp_path / "live.sqlite3"
    setup = sqlite3.connect(path)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    setup.executemany("INSERT INTO t (v) VALUES (?)", [("committed",)] * 1000)
    setup.commit()
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO t (v) VALUES ('uncommitted')")
    # when: the copy is taken from another connection, as the backup command does beside the server
    reader = sqlite3.connect(path)
    backup.sqlite_copy(reader, tmp_path / "copy.sqlite3")
    # then: the writer was not stopped and the copy holds exactly the committed rows
    writer.execute("COMMIT")
    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    assert copy.execute("SELECT v, count(*) FROM t GROUP BY v").fetchall() == [("committed", 1000)]
    assert setup.execute("SELECT count(*) FROM t").fetchone() == (1001,)
    for opened in (setup, writer, reader, copy):
        opened.close()
