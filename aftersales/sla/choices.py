from django.db import models
from django.utils.translation import gettext_noop


class Severity(models.IntegerChoices):
    """Fault classes of the default service level table (故障响应时间表, 篇1 4.9)."""

    CRITICAL = 1, gettext_noop("一类 严重故障")
    MAJOR = 2, gettext_noop("二类 主要故障")
    MINOR = 3, gettext_noop("三类 一般故障")
    NON_FAULT = 4, gettext_noop("四类 非故障")


class CalendarKind(models.TextChoices):
    ALWAYS_OPEN = "always", "7×24"
    HOURS = "hours", gettext_noop("工作时间")


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", gettext_noop("法定节假日")
    WORKDAY = "workday", gettext_noop("调休上班")


# Rows of CalendarHours.day: 0=Monday .. 6=Sunday, then the two special days.
HOLIDAY_ROW = 7
MAKEUP_WORKDAY_ROW = 8
DAY_ROWS = [
    (0, gettext_noop("周一")),
    (1, gettext_noop("周二")),
    (2, gettext_noop("周三")),
    (3, gettext_noop("周四")),
    (4, gettext_noop("周五")),
    (5, gettext_noop("周六")),
    (6, gettext_noop("周日")),
    (HOLIDAY_ROW, gettext_noop("法定节假日")),
    (MAKEUP_WORKDAY_ROW, gettext_noop("调休上班日")),
]
