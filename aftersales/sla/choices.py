from django.db import models


class Severity(models.IntegerChoices):
    """Fault classes of the default service level table (故障响应时间表, 篇1 4.9)."""

    CRITICAL = 1, "一类 严重故障"
    MAJOR = 2, "二类 主要故障"
    MINOR = 3, "三类 一般故障"
    NON_FAULT = 4, "四类 非故障"


class CalendarKind(models.TextChoices):
    ALWAYS_OPEN = "always", "7×24"
    HOURS = "hours", "工作时间"


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "法定节假日"
    WORKDAY = "workday", "调休上班"


# Rows of CalendarHours.day: 0=Monday .. 6=Sunday, then the two special days.
HOLIDAY_ROW = 7
MAKEUP_WORKDAY_ROW = 8
DAY_ROWS = [
    (0, "周一"),
    (1, "周二"),
    (2, "周三"),
    (3, "周四"),
    (4, "周五"),
    (5, "周六"),
    (6, "周日"),
    (HOLIDAY_ROW, "法定节假日"),
    (MAKEUP_WORKDAY_ROW, "调休上班日"),
]
