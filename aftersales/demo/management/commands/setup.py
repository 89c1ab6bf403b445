"""`aftersales setup`: everything `make run` does before serving, in one process (one Django start-up).

1. apply the migrations (the reference data come with them: regions, holidays, calendars, SLA policies);
2. load the demo data unless --no-demo (idempotent, see aftersales.demo.loader);
3. create the `admin` superuser, or update its password when AFTERSALES_ADMIN_PASSWORD is set. Without that
   variable a password is generated the first time, saved to var/admin_password (mode 600) and printed once.
"""

from __future__ import annotations

import os
import secrets

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from aftersales.accounts.choices import Role
from aftersales.accounts.models import User

ADMIN_USERNAME = "admin"


class Command(BaseCommand):
    help = "迁移数据库、加载演示数据并创建管理员 / Migrate, load the demo data and create the admin user."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--no-demo", action="store_true", help="do not load the demo data")

    def handle(self, *args, **options) -> None:
        self._migrate()
        self._admin()  # before the demo: the subsidy demo records its ledger as the administrator
        if not options["no_demo"]:
            call_command("demo", stdout=self.stdout)

    def _migrate(self) -> None:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
        if not pending:
            self.stdout.write("数据库已是最新 / database is up to date")
            return
        self.stdout.write(f"正在应用 {pending} 个数据库迁移 / applying {pending} migrations …")
        call_command("migrate", interactive=False, verbosity=0)

    def _admin(self) -> None:
        given = os.environ.get("AFTERSALES_ADMIN_PASSWORD", "")
        path = settings.VAR_DIR / "admin_password"
        user = User.objects.filter(username=ADMIN_USERNAME).first()
        if given:
            if user is None:
                self._create_admin(given)
                self.stdout.write(
                    "管理员 admin 已创建，密码取自 AFTERSALES_ADMIN_PASSWORD / "
                    "admin created with the password from AFTERSALES_ADMIN_PASSWORD"
                )
            elif not user.check_password(given):
                user.set_password(given)
                user.save(update_fields=["password"])
                path.unlink(missing_ok=True)  # the generated password it held is no longer the admin's
                self.stdout.write(
                    "管理员 admin 的密码已更新为 AFTERSALES_ADMIN_PASSWORD / "
                    "admin password set from AFTERSALES_ADMIN_PASSWORD"
                )
            else:
                self.stdout.write(
                    "管理员 admin：密码为 AFTERSALES_ADMIN_PASSWORD / admin: password is AFTERSALES_ADMIN_PASSWORD"
                )
            return
        if user is not None:
            where = f"见 {path}（若未修改）/ in {path} unless changed" if path.exists() else "未改变 / unchanged"
            self.stdout.write(f"管理员 admin 已存在，密码{where}")
            return
        password = path.read_text().strip() if path.exists() else ""
        if not password:
            password = secrets.token_urlsafe(12)
            path.write_text(password + "\n")
            path.chmod(0o600)
        self._create_admin(password)
        line = "=" * 64
        self.stdout.write(
            f"{line}\n"
            f"  管理员账号 / admin user:  {ADMIN_USERNAME}\n"
            f"  密码 / password:          {password}\n"
            f"  （已保存到 / saved in {path}；设置 AFTERSALES_ADMIN_PASSWORD 可指定密码）\n"
            f"{line}"
        )

    def _create_admin(self, password: str) -> User:
        return User.objects.create_superuser(
            username=ADMIN_USERNAME,
            email="admin@aftersales.local",
            password=password,
            role=Role.ADMIN,
            first_name="系统管理员",
        )
