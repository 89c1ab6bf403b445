"""Working-time calendars, China's holiday table and SLA policies (SPEC §2, §8; 篇1 4.9, 3.1, 3.2).

The holiday table is data: seeded from `chinesecalendar`, editable by an admin for years the package
does not know. A year counts as known only when a `HolidayYear` row says so.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.sla.choices import DAY_ROWS, CalendarKind, DayKind, Severity


class HolidayYear(models.Model):
    """A year whose statutory holidays and make-up workdays are fully entered (已知年份)."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(_("来源"), max_length=32, default="chinesecalendar")
    notes = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("节假日年份")
        verbose_name_plural = _("节假日年份")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class HolidayDate(models.Model):
    """One exceptional date: a statutory day off (放假) or a make-up workday (调休上班)."""

    on = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=DayKind.choices)
    name = models.CharField(_("节日"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("节假日/调休日")
        verbose_name_plural = _("节假日/调休日")
        ordering = ["on"]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()} {self.name}"


class Calendar(models.Model):
    """A working-time calendar: 7×24, or opening hours per weekday with rules for holidays."""

    name = models.CharField(_("名称"), max_length=64, unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=CalendarKind.choices, default=CalendarKind.ALWAYS_OPEN)
    uses_holidays = models.BooleanField(_("遵循法定节假日与调休"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("工作日历")
        verbose_name_plural = _("工作日历")

    def __str__(self) -> str:
        return self.name


class CalendarHours(models.Model):
    """An opening interval of a calendar on a weekday, on holidays, or on make-up workdays."""

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="hours")
    day = models.PositiveSmallIntegerField(_("日"), choices=DAY_ROWS)
    opens_at = models.TimeField(_("开始"))
    closes_at = models.TimeField(_("结束"))

    class Meta:
        verbose_name = _("营业时间")
        verbose_name_plural = _("营业时间")
        ordering = ["calendar", "day", "opens_at"]

    def __str__(self) -> str:
        return f"{self.get_day_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"

    def clean(self) -> None:
        if self.closes_at <= self.opens_at and self.closes_at.hour + self.closes_at.minute != 0:
            raise ValidationError("结束时间必须晚于开始时间 / closing time must be after opening time")


class SlaPolicy(models.Model):
    """Service level targets per class on a calendar; attaches to a customer, contract or asset."""

    name = models.CharField(_("名称"), max_length=64, unique=True)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    calendar = models.ForeignKey(Calendar, on_delete=models.PROTECT, related_name="policies", verbose_name=_("日历"))
    is_default = models.BooleanField(_("默认"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("服务级别策略")
        verbose_name_plural = _("服务级别策略")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="one_default_policy"
            )
        ]

    def __str__(self) -> str:
        return self.name


class SlaTarget(models.Model):
    """Targets of one class in minutes of the policy's calendar; empty means no such target (N/A)."""

    policy = models.ForeignKey(SlaPolicy, on_delete=models.CASCADE, related_name="targets")
    severity = models.PositiveSmallIntegerField(_("故障级别"), choices=Severity.choices)
    respond_minutes = models.PositiveIntegerField(_("响应时间(分钟)"), null=True, blank=True)
    escalate_minutes = models.PositiveIntegerField(_("问题提交最长时间(分钟)"), null=True, blank=True)
    restore_minutes = models.PositiveIntegerField(_("恢复系统目标(分钟)"), null=True, blank=True)
    resolve_minutes = models.PositiveIntegerField(_("解决问题时间(分钟)"), null=True, blank=True)
    vendor_minutes = models.PositiveIntegerField(_("上报厂商时间(分钟)"), null=True, blank=True)
    leadership_minutes = models.PositiveIntegerField(_("领导到场时间(分钟)"), null=True, blank=True)
    arrive_local_minutes = models.PositiveIntegerField(_("到场:合肥市(分钟)"), null=True, blank=True)
    arrive_province_minutes = models.PositiveIntegerField(_("到场:省内(分钟)"), null=True, blank=True)
    arrive_elsewhere_minutes = models.PositiveIntegerField(_("到场:省外(分钟)"), null=True, blank=True)

    class Meta:
        verbose_name = _("级别目标")
        verbose_name_plural = _("级别目标")
        ordering = ["policy", "severity"]
        constraints = [models.UniqueConstraint(fields=["policy", "severity"], name="one_target_per_class")]

    def __str__(self) -> str:
        return f"{self.policy_id} {self.get_severity_display()}"


class ConfigGeneration(models.Model):
    """One row: the SLA configuration's generation, a number that changes (to a new random value) in the same
    transaction as any change of a calendar, its hours, the holiday table or a policy and its targets.

    Every worker process keeps the policies as values (`selectors.policy_values`) only as long as the
    generation it read them under is the stored one: intake reads the generation in its one statement
    (`tickets.sql`), so a change reaches every worker at its next request, with no extra query. The value is
    random rather than counted so that a generation written by a rolled-back change is never written again.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    value = models.BigIntegerField(_("配置代号"), default=0)

    class Meta:
        verbose_name = _("服务级别配置代号")
        verbose_name_plural = _("服务级别配置代号")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="one_config_generation")]

    def __str__(self) -> str:
        return str(self.value)
