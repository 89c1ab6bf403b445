"""`aftersales sla-sweep`: run one SLA sweep by hand and say what it did (SLA巡检)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from aftersales.tickets import services


class Command(BaseCommand):
    help = "执行一次SLA巡检：超时的服务请求逐级升级并通知 / Run one SLA sweep: escalate late requests and notify."

    def handle(self, *args, **options) -> None:
        result = services.sla_sweep()
        self.stdout.write(
            "SLA巡检完成：检查 {examined} 个服务请求，升级 {escalated} 个，发送通知 {notified} 条\n"
            "SLA sweep done: examined {examined}, escalated {escalated}, notifications sent {notified}".format(
                examined=result.examined,
                escalated=result.escalated,
                notified=result.notified,
            )
        )
