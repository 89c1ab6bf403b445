"""Work items (待办) and the service plans (服务计划) that generate some of them.

Work items are dated pieces of work for one person, from plans, callbacks, follow-ups and inspections.

Every app that creates work for a person creates a WorkItem through `plans.services.work_item_create`, so
each role's "my day" page (SPEC §4) is one query over this table. `source_key` makes generation
idempotent: the same source never creates a second item.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.core.models import TimeStampedModel
from aftersales.plans.choices import CADENCE, MONTHS_IN_PERIOD, PlanRuleKind, WorkItemKind

__all__ = ["PlanRule", "ServicePlan", "WorkItem", "WorkItemKind"]


class WorkItem(models.Model):
    """One dated to-do for one person (or for a role's pool when `assignee` is empty)."""

    kind = models.CharField(_("类型"), max_length=32, choices=WorkItemKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("负责人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_items",
    )
    role = models.CharField(_("负责角色"), max_length=16, blank=True, help_text=_("无负责人时由该角色的人员认领"))
    due_on = models.DateField(_("到期日"), db_index=True)
    due_uncertain = models.BooleanField(
        _("到期日待定"), default=False, help_text=_("到期日所在年份尚无法定节假日数据，按周一至周五推算，需核对")
    )
    customer = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="work_items",
        verbose_name=_("客户"),
    )
    ticket = models.ForeignKey(
        "tickets.Ticket",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="work_items",
        verbose_name=_("服务请求"),
    )
    link = models.CharField(_("链接"), max_length=200, blank=True)
    source_key = models.CharField(_("来源"), max_length=120, unique=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("完成人"),
    )
    result = models.TextField(_("结果"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("待办事项")
        verbose_name_plural = _("待办事项")
        indexes = [
            models.Index(fields=["assignee", "done_at", "due_on"], name="workitem_my_day"),
            models.Index(fields=["role", "done_at", "due_on"], name="workitem_role_pool"),
        ]

    def __str__(self) -> str:
        return f"{self.due_on} {self.title}"


class ServicePlan(TimeStampedModel):
    """A service plan (服务计划) of a contract or a customer: its rules generate dated work (SPEC §4; 篇1 2.11, 2.12).

    Active from `starts_on` (default: the contract's start) to `ends_on` (default: the contract's end; empty =
    open-ended). Due dates fall on working days of `calendar` (default: the office calendar).
    """

    name = models.CharField(_("名称"), max_length=128)
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="service_plans", verbose_name=_("客户")
    )
    contract = models.ForeignKey(
        "customers.Contract",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_plans",
        verbose_name=_("服务合同"),
    )
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    calendar = models.ForeignKey(
        "sla.Calendar",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("工作日历"),
        help_text=_("留空则用工作时间日历"),
    )
    is_active = models.BooleanField(_("启用"), default=True)
    notes = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("创建人"),
    )

    class Meta:
        verbose_name = _("服务计划")
        verbose_name_plural = _("服务计划")
        indexes = [models.Index(fields=["is_active", "id"], name="serviceplan_active")]

    def __str__(self) -> str:
        return self.name


class PlanRule(models.Model):
    """One line of a plan (计划项): what repeats, when in its period, and for whom.

    `day_of_month` 1–31 (past the month's end = its last day); `month_of_period` picks the month inside a
    quarter (1–3) or the survey window (1 = July, 2 = August). The work goes to `assignee`, else to the pool of
    `role`, else to the kind's default pool. A monthly inspection after acceptance starts the month after
    `asset`'s acceptance date, else after `anchor_on`, else after the contract's start.
    """

    plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE, related_name="rules", verbose_name=_("服务计划"))
    kind = models.CharField(_("类型"), max_length=32, choices=PlanRuleKind.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_rules",
        verbose_name=_("负责人"),
    )
    role = models.CharField(_("负责角色"), max_length=16, blank=True, help_text=_("无负责人时由该角色的人员认领"))
    day_of_month = models.PositiveSmallIntegerField(
        _("每月几号"), default=15, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    month_of_period = models.PositiveSmallIntegerField(
        _("周期内第几个月"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text=_("季度：1–3；满意度调查：1=7月，2=8月"),
    )
    asset = models.ForeignKey(
        "assets.Asset",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("设备"),
        help_text=_("验收后每月巡检：按该设备的验收日期起算"),
    )
    anchor_on = models.DateField(_("验收日期"), null=True, blank=True, help_text=_("验收后每月巡检：验收次月起"))
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("计划项")
        verbose_name_plural = _("计划项")
        ordering = ["plan", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(day_of_month__gte=1, day_of_month__lte=31), name="planrule_day_of_month_range"
            ),
            models.CheckConstraint(
                condition=models.Q(month_of_period__gte=1, month_of_period__lte=3),
                name="planrule_month_of_period_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.get_kind_display()}"

    def clean(self) -> None:
        """The month of the period must exist for the kind's cadence (a quarter has 3, the survey window 2)."""
        if self.kind in PlanRuleKind.values and self.month_of_period:
            months = MONTHS_IN_PERIOD[CADENCE[PlanRuleKind(self.kind)]]
            if self.month_of_period > months:
                raise ValidationError({"month_of_period": f"该类型的周期内月份只能是 1–{months} / must be 1–{months}"})
