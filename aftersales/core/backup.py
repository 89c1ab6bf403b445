"""Backup and restore of the whole system: the database, the uploaded files and a manifest (issue 9 defect 9).

An archive is a gzip'd tar file (`aftersales-backup-YYYYMMDD-HHMMSS.tar.gz`) holding
- `manifest.json`: format, application version, time, database vendor, the applied migrations, and the
  size and SHA-256 of every other member;
- the database: `database.sqlite3` (SQLite, copied with SQLite's online backup API, which reads one
  consistent snapshot and, in WAL mode, does not stop the running server's writers) or `database.pgdump`
  (PostgreSQL, `pg_dump --format=custom`);
- `media/…`: the uploaded files under MEDIA_ROOT.
The search indexes live in the database (SQLite FTS5 tables, PostgreSQL GIN indexes over the token
columns, see `bulletins.search`), so the database copy carries them; nothing else under var/ is state
(`jieba.cache` is rebuilt, the secret key belongs to the configuration, not to the data).

Restore checks everything before it changes anything: the manifest's format, the vendor (a PostgreSQL
backup is refused on SQLite and the other way round), the migrations (a backup made by newer code than
this is refused), each member's size and checksum, and on SQLite the copy's integrity. Then it replaces
the database (SQLite: the backup API again, queued behind the server's writers; PostgreSQL:
`pg_restore --clean --if-exists --single-transaction`) and then the uploaded files.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from aftersales.core import clock

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
ARCHIVE_NAME = re.compile(r"^aftersales-backup-(\d{8}-\d{6})(?:-(\d+))?\.tar\.gz$")
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is Chinese / English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en


@dataclass(frozen=True)
class Result:
    path: Path
    manifest: dict[str, Any]


# ------------------------------------------------------------------------------------------------ helpers


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _entry(path: Path) -> dict[str, Any]:
    return {"size": path.stat().st_size, "sha256": _sha256(path)}


def _version() -> str:
    try:
        return metadata.version("aftersales")
    except metadata.PackageNotFoundError:  # pragma: no cover - the package is always installed
        return "unknown"


def _vendor(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in DATABASE_MEMBERS:
        raise BackupError(f"不支持的数据库：{vendor}", f"Unsupported database: {vendor}")
    return vendor


def _applied_migrations(alias: str = "default") -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[alias]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def pending_migrations(alias: str = "default") -> int:
    """How many migrations of this code the database has not applied (after restoring an older backup)."""
    executor = MigrationExecutor(connections[alias])
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _media_root() -> Path | None:
    """MEDIA_ROOT, or None when none is configured (Django's default "" means the current directory)."""
    root = getattr(settings, "MEDIA_ROOT", "")
    return Path(root) if root else None


def pg_binary(name: str) -> str:
    """A PostgreSQL client program: from $PGBIN, else on PATH, else the newest /usr/lib/postgresql/*/bin."""
    pgbin = os.environ.get("PGBIN")
    if pgbin and (Path(pgbin) / name).is_file():
        return str(Path(pgbin) / name)
    found = shutil.which(name)
    if found:
        return found

    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", path.parent.parent.name)) or (0,)

    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=version)
    if candidates:
        return str(candidates[-1])
    raise BackupError(
        f"找不到 PostgreSQL 程序 {name}：请安装 postgresql-client，或用 PGBIN 指明其目录",
        f"PostgreSQL program {name} not found: install postgresql-client or point PGBIN at its directory",
    )


def _pg_env(alias: str = "default") -> tuple[dict[str, str], str]:
    """The environment for pg_dump / pg_restore (no password on the command line) and the database name."""
    config = connections[alias].settings_dict
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if config.get(key):
            env[variable] = str(config[key])
    options = config.get("OPTIONS") or {}
    for key, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if options.get(key):
            env[variable] = str(options[key])
    return env, str(config["NAME"])


def _run(command: list[str], env: dict[str, str]) -> None:
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if completed.returncode != 0:
        detail = (completed.stderr or completed.stdout).strip()[-2000:]
        program = Path(command[0]).name
        raise BackupError(f"{program} 失败：{detail}", f"{program} failed: {detail}")


# ------------------------------------------------------------------------------------------------ backup


def sqlite_copy(source: sqlite3.Connection, target: Path) -> None:
    """Copy a live SQLite database to the file `target` with the online backup API, in one step.

    One step reads one consistent snapshot; in WAL mode writers go on meanwhile and their commits after
    the snapshot are not in the copy. The copy is checked with `PRAGMA integrity_check`.
    """
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
        destination.commit()
        (status,) = destination.execute("PRAGMA integrity_check").fetchone()
    finally:
        destination.close()
    if status != "ok":
        raise BackupError(f"数据库副本损坏：{status}", f"The database copy is damaged: {status}")


def _dump_database(vendor: str, target: Path, alias: str = "default") -> None:
    connection = connections[alias]
    if vendor == "sqlite":
        connection.ensure_connection()
        sqlite_copy(connection.connection, target)
    else:
        env, name = _pg_env(alias)
        _run([pg_binary("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={target}", name], env)


def _media_files(root: Path | None) -> Iterator[tuple[str, Path]]:
    if root is None or not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield MEDIA_PREFIX + path.relative_to(root).as_posix(), path


def default_name(at=None) -> str:
    return f"aftersales-backup-{clock.local(at or clock.now()):%Y%m%d-%H%M%S}.tar.gz"


def _target(path: Path | None) -> Path:
    """The archive's file: `path` itself when it ends in .tar.gz, else a new name in the directory `path`."""
    target = Path(settings.VAR_DIR) / "backups" if path is None else path
    if not target.name.endswith(".tar.gz"):
        target.mkdir(parents=True, exist_ok=True)
        target = target / default_name()
        stem, number = target.name.removesuffix(".tar.gz"), 1
        while target.exists():  # two backups in one second
            number += 1
            target = target.with_name(f"{stem}-{number}.tar.gz")
    if target.exists():
        raise BackupError(f"文件已存在：{target}", f"The file already exists: {target}")
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def backup(path: Path | None = None, *, keep: int | None = None, alias: str = "default") -> Result:
    """Write an archive of the database and the uploaded files to `path` (a file, or a directory to put
    `aftersales-backup-….tar.gz` in; default var/backups/). With `keep`, only the newest `keep` archives of
    that directory are kept. The archive appears under its name only once it is complete."""
    vendor = _vendor(alias)
    target = _target(path)
    partial = target.with_name(target.name + ".partial")
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=target.parent) as work:
        database = Path(work) / DATABASE_MEMBERS[vendor]
        _dump_database(vendor, database, alias)
        files = {DATABASE_MEMBERS[vendor]: database, **dict(_media_files(_media_root()))}
        manifest = {
            "format": FORMAT,
            "application": "aftersales",
            "version": _version(),
            "created_at": clock.now().isoformat(),
            "database": {"vendor": vendor, "member": DATABASE_MEMBERS[vendor]},
            "migrations": _applied_migrations(alias),
            "search_indexes": "in the database (SQLite FTS5 tables / PostgreSQL GIN indexes)",
            "files": {name: _entry(file) for name, file in files.items()},
        }
        manifest_path = Path(work) / MANIFEST
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        try:
            with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
                archive.add(manifest_path, MANIFEST, recursive=False)
                for name, file in files.items():
                    archive.add(file, name, recursive=False)
            with partial.open("rb") as file:
                os.fsync(file.fileno())
            partial.chmod(0o600)  # password hashes and customers' data
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
    if keep is not None:
        prune(target.parent, keep)
    return Result(target, manifest)


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` archives (by the time in their names) in `directory`."""
    if keep < 1:
        raise BackupError("至少保留 1 个备份", "Keep at least 1 backup")
    named = [(match, p) for p in directory.iterdir() if (match := ARCHIVE_NAME.match(p.name))]
    archives = [p for _, p in sorted(named, key=lambda item: (item[0][1], int(item[0][2] or 1)))]
    removed = archives[:-keep]
    for path in removed:
        path.unlink()
    return removed


# ----------------------------------------------------------------------------------------------- restore


def read_manifest(path: Path) -> dict[str, Any]:
    try:
        with tarfile.open(path, "r:*") as archive:
            member = archive.getmember(MANIFEST)
            data = archive.extractfile(member).read()  # type: ignore[union-attr]
        manifest = json.loads(data)
    except (OSError, tarfile.TarError, KeyError, ValueError, AttributeError):
        raise BackupError(f"不是有效的备份文件：{path}", f"Not a valid backup archive: {path}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            f"不支持的备份格式：{manifest.get('format') if isinstance(manifest, dict) else '?'}",
            "Unsupported backup format",
        )
    return manifest


def check(manifest: dict[str, Any], alias: str = "default") -> None:
    """Refuse a backup of another kind of database, or one made by code with migrations this code lacks."""
    vendor = manifest.get("database", {}).get("vendor")
    current = _vendor(alias)
    if vendor != current:
        theirs, ours = VENDOR_NAMES.get(vendor, str(vendor)), VENDOR_NAMES[current]
        raise BackupError(
            f"此备份来自 {theirs} 数据库，当前数据库是 {ours}：只能恢复到同类数据库"
            f"（要换数据库，请用 dumpdata / loaddata 迁移数据）",
            f"This backup is of a {theirs} database and the current one is {ours}: it can only be restored onto "
            f"the same kind of database (to move between databases use dumpdata / loaddata)",
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(
        f"{app}.{name}"
        for app, names in manifest.get("migrations", {}).items()
        for name in names
        if (app, name) not in known
    )
    if unknown:
        shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
        raise BackupError(
            f"此备份由更新版本的程序生成（未知的迁移：{shown}）：请先升级程序再恢复",
            f"This backup was made by a newer version (unknown migrations: {shown}): upgrade first, then restore",
        )


def _extract(path: Path, manifest: dict[str, Any], work: Path) -> dict[str, Path]:
    """Extract the members the manifest lists into `work`, checking names, sizes and checksums."""
    listed: dict[str, dict[str, Any]] = manifest.get("files", {})
    out: dict[str, Path] = {}
    with tarfile.open(path, "r:*") as archive:
        for member in archive.getmembers():
            if member.name == MANIFEST:
                continue
            if member.name not in listed or not member.isfile():
                raise BackupError(
                    f"备份中有清单未列出的内容：{member.name}", f"The archive holds an unlisted member: {member.name}"
                )
            archive.extract(member, work, filter="data")
            out[member.name] = work / member.name
    for name, expected in listed.items():
        file = out.get(name)
        if file is None:
            raise BackupError(f"备份缺少 {name}", f"The archive lacks {name}")
        if _entry(file) != {"size": expected.get("size"), "sha256": expected.get("sha256")}:
            raise BackupError(
                f"校验和不符：{name}（备份已损坏）", f"Checksum mismatch: {name} (the archive is damaged)"
            )
    return out


def _restore_sqlite(source_path: Path, alias: str) -> None:
    source = sqlite3.connect(source_path)
    try:
        (status,) = source.execute("PRAGMA integrity_check").fetchone()
        if status != "ok":
            raise BackupError(f"备份中的数据库损坏：{status}", f"The database in the archive is damaged: {status}")
        connection = connections[alias]
        if connection.in_atomic_block:
            raise BackupError("不能在事务中恢复", "Cannot restore inside a transaction")
        connection.ensure_connection()
        queued = getattr(connection, "queued_write", contextlib.nullcontext)
        with queued():
            source.backup(connection.connection)
    finally:
        source.close()


def _pg_tables(dump: Path, env: dict[str, str]) -> set[tuple[str, str]]:
    listing = subprocess.run(  # noqa: S603
        [pg_binary("pg_restore"), "--list", str(dump)], env=env, capture_output=True, text=True, check=True
    ).stdout
    tables = set()
    for line in listing.splitlines():
        match = re.match(r"^\d+; \d+ \d+ TABLE (\S+) (\S+) ", line)
        if match:
            tables.add((match[1], match[2]))
    return tables


def _restore_postgresql(dump: Path, alias: str) -> None:
    env, name = _pg_env(alias)
    in_dump = _pg_tables(dump, env)
    connection = connections[alias]
    if connection.in_atomic_block:
        raise BackupError("不能在事务中恢复", "Cannot restore inside a transaction")
    # Tables of migrations newer than the backup would survive --clean and break a later `migrate`.
    schemas = sorted({schema for schema, _ in in_dump}) or ["public"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema, table_name FROM information_schema.tables"
            " WHERE table_type = 'BASE TABLE' AND table_schema = ANY(%s)",
            [schemas],
        )
        extra = sorted(set(cursor.fetchall()) - in_dump)
        quote = connection.ops.quote_name
        for schema, table in extra:
            cursor.execute(f"DROP TABLE IF EXISTS {quote(schema)}.{quote(table)} CASCADE")
    connections.close_all()  # pg_restore --clean drops the tables: no session of ours may hold a lock
    _run(
        [
            pg_binary("pg_restore"),
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            f"--dbname={name}",
            str(dump),
        ],
        env,
    )


def _restore_media(files: dict[str, Path], work: Path) -> int:
    root = _media_root()
    media = {name: path for name, path in files.items() if name.startswith(MEDIA_PREFIX)}
    if root is None:
        return 0
    staged = work / "media"
    staged.mkdir(exist_ok=True)
    old = root.with_name(root.name + ".before-restore")
    if old.exists():
        shutil.rmtree(old)
    if root.exists():
        root.replace(old)
    shutil.move(str(staged), str(root))
    if old.exists():
        shutil.rmtree(old)
    return len(media)


def restore(path: Path, *, alias: str = "default") -> dict[str, Any]:
    """Replace the database and the uploaded files with the archive's, after checking it whole."""
    manifest = read_manifest(path)
    check(manifest, alias)
    vendor = manifest["database"]["vendor"]
    member = DATABASE_MEMBERS[vendor]
    root = _media_root()
    workdir = root.parent if root is not None and root.parent.is_dir() else Path(settings.VAR_DIR)
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=workdir) as tmp:
        work = Path(tmp)
        files = _extract(path, manifest, work)
        if member not in files:
            raise BackupError(f"备份缺少 {member}", f"The archive lacks {member}")
        if vendor == "sqlite":
            _restore_sqlite(files[member], alias)
        else:
            _restore_postgresql(files[member], alias)
        _restore_media(files, work)
    return manifest
