"""Writes of the SLA configuration: a year's holidays imported from the State Council notice (issue 9, defect 12).

`holidays_import` replaces the year's rows of the holiday table by the notice's (`policy/holiday_notice.py`
checks it), marks the year known, and writes a new configuration generation (the cached calendars go in every
worker process). It is idempotent: the same notice again changes nothing and says so. The caller then
recomputes the open deadlines (`sla.recompute`), which the command and the admin form do in the same
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from aftersales.core.errors import invalid
from aftersales.sla import selectors
from aftersales.sla.models import HolidayDate, HolidayYear
from aftersales.sla.policy.holiday_notice import HolidayNotice, NoticeError, parse_notice

IMPORT_SOURCE = "国务院通知导入"


@dataclass(frozen=True)
class HolidayImport:
    year: int
    holidays: int
    workdays: int
    changed: bool


def holiday_notice_read(text: str, *, filename: str = "", allow_example: bool = False) -> HolidayNotice:
    """The notice in `text`, checked; a 400 DomainError (Chinese and English) when it breaks a rule."""
    try:
        notice = parse_notice(text, filename=filename)
    except NoticeError as exc:
        raise invalid(
            "invalid_holiday_notice", "{reason_zh}", "{reason_en}", reason_zh=exc.zh, reason_en=exc.en
        ) from None
    if notice.example and not allow_example:
        raise invalid(
            "example_holiday_notice",
            "这是示例格式文件（example: true），不是国务院通知：请填入通知的日期并去掉示例标记",
            "This is a format example (example: true), not the State Council notice: enter the notice's dates "
            "and remove the example mark",
        )
    return notice


@transaction.atomic
def holidays_import(notice: HolidayNotice) -> HolidayImport:
    """Make the holiday table say what the notice says for its year (and the year known)."""
    year = notice.year
    wanted = {(d.on, d.kind, d.name) for d in notice.days}
    rows = HolidayDate.objects.select_for_update().filter(on__year=year)
    stored = set(rows.values_list("on", "kind", "name"))
    known = HolidayYear.objects.filter(year=year).exists()
    counts = (len(notice.holidays), len(notice.workdays))
    if stored == wanted and known:
        return HolidayImport(year, *counts, changed=False)
    rows.delete()
    HolidayDate.objects.bulk_create([HolidayDate(on=d.on, kind=d.kind, name=d.name) for d in notice.days])
    HolidayYear.objects.update_or_create(
        year=year, defaults={"source": IMPORT_SOURCE, "notes": (notice.source or "")[:200]}
    )
    # bulk writes send no signals: a new generation, in this transaction, drops the cached calendars in every
    # worker process (this one now, for the recompute; the others at their next request after the commit)
    selectors.generation_bump()
    return HolidayImport(year, *counts, changed=True)
