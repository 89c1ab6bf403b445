"""`aftersales holidays import FILE`: a year's State Council holiday notice into the holiday table, then the
open deadlines recomputed (issue 9, defect 12). `aftersales holidays status` lists the known years.

The file is a small table (CSV or JSON, see `aftersales/sla/data/holidays-2027.example.*`). Bad input stores
nothing; importing the same file again changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from aftersales.core import clock
from aftersales.core.errors import DomainError
from aftersales.sla import recompute, selectors, services
from aftersales.sla.models import HolidayYear


class Command(BaseCommand):
    help = "节假日表：导入国务院节假日安排通知（import FILE），或查看已知年份（status）"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="导入一年的节假日与调休上班日（CSV 或 JSON）")
        load.add_argument("file", help="通知文件路径（.csv 或 .json）")
        sub.add_parser("status", help="已知年份与缺少的年份")

    def handle(self, *args, action: str, **options) -> None:
        if action == "status":
            self._status()
            return
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"无法读取 {path}: {exc} / cannot read {path}") from None
        try:
            with transaction.atomic():
                notice = services.holiday_notice_read(text, filename=path.name)
                result = services.holidays_import(notice)
                counts = recompute.after_holiday_change() if result.changed else None
        except DomainError as exc:
            raise CommandError(f"{exc.message_zh} / {exc.message_en}") from None
        if not result.changed:
            self.stdout.write(f"{result.year} 年节假日表已是该通知的内容，未作更改 / {result.year} already up to date")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.year} 年：{result.holidays} 个放假日，{result.workdays} 个调休上班日；"
                f"重新计算 {counts.tickets} 个未结服务请求、{counts.complaints} 个未结投诉的时限 / "
                f"{result.year}: {result.holidays} days off, {result.workdays} make-up workdays; "
                f"deadlines of {counts.tickets} open requests and {counts.complaints} open complaints redone"
            )
        )

    def _status(self) -> None:
        years = list(HolidayYear.objects.order_by("year").values_list("year", "source"))
        for year, source in years:
            self.stdout.write(f"{year}  {source}")
        missing = selectors.missing_holiday_year(clock.today())
        if missing is not None:
            self.stdout.write(self.style.WARNING(f"缺少 {missing} 年的节假日安排 / {missing} has no holiday data"))
