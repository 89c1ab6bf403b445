"""`aftersales demo`: load the demo data (idempotent; `make run` calls it on every start)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from aftersales.demo import loader


class Command(BaseCommand):
    help = "加载演示数据（可重复执行，不会重复添加） / Load the demo data (safe to run again: adds nothing twice)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--send-mail",
            action="store_true",
            help="also send the escalation e-mails of the demo requests (default: in-app only)",
        )

    def handle(self, *args, **options) -> None:
        report = loader.demo_load(send_mail=options["send_mail"])
        if not report.added_anything:
            self.stdout.write("演示数据已存在，未作改动 / Demo data already loaded; nothing added.")
        else:
            self.stdout.write(
                "演示数据已加载 / Demo data loaded: "
                f"合作伙伴 partners {report.partners}, 客户 customers {report.customers}, "
                f"联系人 contacts {report.contacts}, 合同 contracts {report.contracts}, 设备 assets {report.assets}, "
                f"用户 users {report.users}, 服务请求 requests {report.tickets} ({report.actions} 次操作 actions), "
                f"附件 attachments {report.attachments}, 留言 replies {report.replies}"
            )
            if report.sweep is not None:
                self.stdout.write(
                    f"SLA巡检 / SLA sweep: 升级 escalated {report.sweep.escalated}, "
                    f"通知 notified {report.sweep.notified}"
                )
        if report.users:
            self.stdout.write(f"演示用户（密码 {report.password}） / demo users (password {report.password}):")
        else:
            self.stdout.write(
                f"演示用户（初始密码 {report.password}） / demo users (initial password {report.password}):"
            )
        for line in report.user_lines:
            self.stdout.write(f"  {line}")
