"""`aftersales backup [PATH]`: the database, the uploaded files and a manifest in one .tar.gz archive.

PATH is the archive (ending in .tar.gz) or a directory for `aftersales-backup-YYYYMMDD-HHMMSS.tar.gz`
(default var/backups/). Safe while the server runs: SQLite is copied with its online backup API (one
consistent snapshot, WAL writers go on), PostgreSQL with pg_dump. `--keep N` then deletes all but the
newest N archives of that directory. See aftersales.core.backup and README "Backup and restore".
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from aftersales.core import backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one archive (备份数据库与上传的文件)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, help="archive file (.tar.gz) or directory (var/backups/)")
        parser.add_argument("--keep", type=int, default=None, help="keep only the newest N archives there")
        parser.add_argument("--database", default="default", help="database alias (default: default)")

    def handle(self, *args, path: Path | None, keep: int | None, database: str, **options):
        try:
            result = backup.backup(path, keep=keep, alias=database)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        files = result.manifest["files"]
        media = sum(1 for name in files if name.startswith(backup.MEDIA_PREFIX))
        size = result.path.stat().st_size
        self.stdout.write(
            f"{result.path} ({size / 2**20:.1f} MiB): {result.manifest['database']['vendor']} database, "
            f"{media} uploaded file(s)"
        )
