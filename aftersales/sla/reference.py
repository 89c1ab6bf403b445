"""Reference data every installation starts with: China's holiday table, the standard calendars and the
SLA policies of the seed plans (SPEC §2; 篇1 4.9, 3.1, 3.2). Idempotent: running it again changes nothing
an admin has edited, and only adds what is missing.
"""

from __future__ import annotations

import datetime as dt

from aftersales.sla.policy import targets as policy

FIRST_SEEDED_YEAR = 2020
ALWAYS = "7×24"
OFFICE = "工作时间 周一至周五 8:30–17:30"
DELL_PHONE = "戴尔电话支持 周一至周五 8:30–21:00，周末节假日 8:30–17:30"
DEFAULT_POLICY = "默认服务级别（故障响应时间表）"
HUAWEI_POLICY = "华为3Com服务级别"
DELL_POLICY = "戴尔4小时上门服务"


def chinese_holidays(first_year: int = FIRST_SEEDED_YEAR):
    """(date, kind, name) rows for every year `chinesecalendar` knows from `first_year` on, and those years."""
    import chinese_calendar

    rows = []
    years = []
    year = first_year
    while True:
        try:
            chinese_calendar.is_holiday(dt.date(year, 1, 1))
        except NotImplementedError:
            break
        years.append(year)
        day = dt.date(year, 1, 1)
        while day.year == year:
            is_holiday, name = chinese_calendar.get_holiday_detail(day)
            weekend = day.weekday() >= 5
            if is_holiday and name is not None:
                rows.append((day, "holiday", str(name)))
            elif not is_holiday and weekend:
                rows.append((day, "workday", str(name or "")))
            day += dt.timedelta(days=1)
        year += 1
    return rows, years


def _hours(rows):
    return [(day, dt.time(o // 60, o % 60), dt.time((c // 60) % 24, c % 60)) for day, o, c in rows]


def seed(models) -> None:
    """Create the reference rows. `models` maps model names to classes (real ones, or a migration's)."""
    HolidayYear, HolidayDate = models["HolidayYear"], models["HolidayDate"]  # noqa: N806
    Calendar, CalendarHours = models["Calendar"], models["CalendarHours"]  # noqa: N806
    SlaPolicy, SlaTarget = models["SlaPolicy"], models["SlaTarget"]  # noqa: N806

    rows, years = chinese_holidays()
    known = set(HolidayYear.objects.values_list("year", flat=True))
    existing = set(HolidayDate.objects.values_list("on", flat=True))
    HolidayDate.objects.bulk_create(
        [
            HolidayDate(on=on, kind=kind, name=name)
            for on, kind, name in rows
            if on not in existing and on.year not in known
        ]
    )
    HolidayYear.objects.bulk_create([HolidayYear(year=y, source="chinesecalendar") for y in years if y not in known])

    always, _ = Calendar.objects.get_or_create(name=ALWAYS, defaults={"kind": "always", "uses_holidays": False})
    office, created = Calendar.objects.get_or_create(name=OFFICE, defaults={"kind": "hours"})
    if created:
        CalendarHours.objects.bulk_create(
            [
                CalendarHours(calendar=office, day=d, opens_at=o, closes_at=c)
                for d, o, c in _hours([(d, 510, 1050) for d in range(5)])
            ]
        )
    dell, created = Calendar.objects.get_or_create(name=DELL_PHONE, defaults={"kind": "hours"})
    if created:
        CalendarHours.objects.bulk_create(
            [
                CalendarHours(calendar=dell, day=d, opens_at=o, closes_at=c)
                for d, o, c in _hours(
                    [(d, 510, 1260) for d in range(5)] + [(5, 510, 1050), (6, 510, 1050), (7, 510, 1050)]
                )
            ]
        )

    for name, description, calendar, targets, is_default in (
        (DEFAULT_POLICY, "篇1 4.9 故障响应时间表，7×24", always, policy.DEFAULT_TARGETS, True),
        (HUAWEI_POLICY, "篇1 3.1 华为故障级别：响应、到场、上报华为时间", always, policy.HUAWEI_TARGETS, False),
        (DELL_POLICY, "篇1 3.2 远程确认后4小时上门（24×7）", always, policy.DELL_TARGETS, False),
    ):
        row, created = SlaPolicy.objects.get_or_create(
            name=name, defaults={"description": description, "calendar": calendar, "is_default": is_default}
        )
        if not created:
            continue
        SlaTarget.objects.bulk_create(
            [
                SlaTarget(
                    policy=row,
                    severity=int(severity),
                    respond_minutes=t.respond_minutes,
                    escalate_minutes=t.escalate_minutes,
                    restore_minutes=t.restore_minutes,
                    resolve_minutes=t.resolve_minutes,
                    vendor_minutes=t.vendor_minutes,
                    leadership_minutes=t.leadership_minutes,
                    arrive_local_minutes=t.arrive_minutes_in(policy.Zone.LOCAL),
                    arrive_province_minutes=t.arrive_minutes_in(policy.Zone.PROVINCE),
                    arrive_elsewhere_minutes=t.arrive_minutes_in(policy.Zone.ELSEWHERE),
                )
                for severity, t in targets.per_class
            ]
        )
