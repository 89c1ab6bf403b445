"""`aftersales restore PATH`: replace the database and the uploaded files with a backup's.

Checks the whole archive first (manifest, database vendor, migrations, checksums) and changes nothing when
any check fails. Stop the server first (or restart it afterwards, so no worker keeps cached rows). Asks for
confirmation unless --noinput. See aftersales.core.backup and README "Backup and restore".
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from aftersales.core import backup


class Command(BaseCommand):
    help = "Restore the database and the uploaded files from a backup archive (从备份恢复)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="an archive made by `aftersales backup`")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="do not ask for confirmation"
        )
        parser.add_argument("--database", default="default", help="database alias (default: default)")

    def handle(self, *args, path: Path, interactive: bool, database: str, **options):
        try:
            manifest = backup.read_manifest(path)
            backup.check(manifest, database)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{path}: {manifest['database']['vendor']} backup of {manifest['created_at']} "
            f"(aftersales {manifest['version']}, {len(manifest['files'])} file(s))"
        )
        if interactive:
            answer = input("这会替换当前全部数据 / This replaces all current data. Type 'yes' to continue: ")
            if answer.strip().lower() != "yes":
                raise CommandError("已取消 / Cancelled")
        try:
            backup.restore(path, alias=database)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("已恢复 / Restored.")
        pending = backup.pending_migrations(database)
        if pending:
            self.stdout.write(
                f"备份早于当前程序：请运行 aftersales migrate（{pending} 个迁移）/ "
                f"The backup is older than the code: run `aftersales migrate` ({pending} migrations)."
            )
