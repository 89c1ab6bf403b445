"""Field service (SPEC §3): engineers with skills and a duty roster, dispatches, on-site visits (服务报告)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.core.models import TimeStampedModel
from aftersales.dispatch.choices import DispatchStatus, Satisfaction


class Engineer(TimeStampedModel):
    """A field engineer (工程师): one of ours, or a partner company's (服务联盟 / 合作伙伴工程师).

    Skills say which work they are qualified for: the vendors whose equipment they service and the product
    categories (e.g. 服务器, 交换机). They start from their home city; a duty roster says when they are on call.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="engineer", verbose_name=_("用户")
    )
    vendors = models.ManyToManyField("assets.Vendor", blank=True, related_name="engineers", verbose_name=_("擅长厂商"))
    categories = models.JSONField(_("擅长产品类别"), default=list, blank=True)
    home_region = models.ForeignKey(
        "customers.Region", on_delete=models.PROTECT, related_name="engineers", verbose_name=_("常驻地区")
    )
    partner = models.ForeignKey(
        "network.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="engineers",
        verbose_name=_("所属合作伙伴"),
    )
    is_active = models.BooleanField(_("在岗"), default=True)

    class Meta:
        verbose_name = _("工程师")
        verbose_name_plural = _("工程师")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        # Chinese order, family name first (李强), as the rest of the desk writes people
        return f"{self.user.last_name}{self.user.first_name}".strip() or self.user.username


class Certification(models.Model):
    """A certification an engineer holds (e.g. 华为 HCIE, 戴尔服务器认证), valid until a date."""

    engineer = models.ForeignKey(Engineer, on_delete=models.CASCADE, related_name="certifications")
    name = models.CharField(_("证书名称"), max_length=128)
    issuer = models.CharField(_("颁发机构"), max_length=128, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)

    class Meta:
        verbose_name = _("资质证书")
        verbose_name_plural = _("资质证书")
        ordering = ["engineer", "name"]

    def __str__(self) -> str:
        return self.name


MAX_SHIFT_HOURS = 48


class DutyShiftQuerySet(models.QuerySet):
    def on_duty(self, at: dt.datetime) -> DutyShiftQuerySet:
        """Shifts covering the instant `at`. Shifts last at most MAX_SHIFT_HOURS, so only recent starts are
        looked at (an index range, however long the roster's history grows)."""
        return self.filter(starts_at__gt=at - dt.timedelta(hours=MAX_SHIFT_HOURS), starts_at__lte=at, ends_at__gt=at)


class DutyShift(models.Model):
    """One on-call shift of the 7×24 duty roster (值班表): the engineer is on duty from starts_at to ends_at.

    A shift lasts at most 48 hours (checked by `clean` and the rota service), which keeps "who is on duty
    now" an index range.
    """

    engineer = models.ForeignKey(Engineer, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("工程师"))
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))

    objects = DutyShiftQuerySet.as_manager()

    class Meta:
        verbose_name = _("值班")
        verbose_name_plural = _("值班表")
        ordering = ["starts_at", "engineer"]
        indexes = [
            models.Index(fields=["starts_at", "ends_at"], name="dutyshift_span"),
            models.Index(fields=["engineer", "starts_at"], name="dutyshift_engineer_start"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="dutyshift_positive"),
            models.UniqueConstraint(fields=["engineer", "starts_at"], name="dutyshift_engineer_start_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.engineer_id} {self.starts_at:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at:
            if self.ends_at <= self.starts_at:
                raise ValidationError({"ends_at": "结束时间必须晚于开始时间"})
            if self.ends_at - self.starts_at > dt.timedelta(hours=MAX_SHIFT_HOURS):
                raise ValidationError({"ends_at": "一个班次最长48小时"})


class Dispatch(TimeStampedModel):
    """Sending an engineer or a partner company on site for a request (派工): who sent whom, when, for when.

    A request has at most one active dispatch; a re-dispatch marks the previous one replaced and keeps it.
    A dispatch to a partner's engineer also names the partner, so the partner's users see the request.
    `customer_notified_at` marks that the customer was told of a planned visit (7 days ahead, 篇6).
    """

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.PROTECT, related_name="dispatches", verbose_name=_("服务请求")
    )
    engineer = models.ForeignKey(
        Engineer, null=True, blank=True, on_delete=models.PROTECT, related_name="dispatches", verbose_name=_("工程师")
    )
    partner = models.ForeignKey(
        "network.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dispatches",
        verbose_name=_("合作伙伴"),
    )
    status = models.CharField(_("状态"), max_length=16, choices=DispatchStatus.choices, default=DispatchStatus.ACTIVE)
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("派工人")
    )
    dispatched_at = models.DateTimeField(_("派工时间"))
    planned_for = models.DateTimeField(_("计划上门时间"), null=True, blank=True)
    note = models.TextField(_("派工说明"), blank=True)
    ended_at = models.DateTimeField(_("改派/取消时间"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("改派/取消人"),
    )
    customer_notified_at = models.DateTimeField(_("已通知客户"), null=True, blank=True)

    class Meta:
        verbose_name = _("派工")
        verbose_name_plural = _("派工记录")
        ordering = ["ticket", "id"]
        indexes = [
            models.Index(fields=["ticket", "status"], name="dispatch_ticket_status"),
            models.Index(fields=["partner", "status"], name="dispatch_partner_status"),
            models.Index(fields=["engineer", "status"], name="dispatch_engineer_status"),
            models.Index(
                fields=["planned_for"],
                name="dispatch_planned_unnotified",
                condition=models.Q(customer_notified_at__isnull=True, planned_for__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(engineer__isnull=False) | models.Q(partner__isnull=False),
                name="dispatch_has_assignee",
            ),
            models.UniqueConstraint(
                fields=["ticket"], condition=models.Q(status="active"), name="dispatch_one_active_per_ticket"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} → {self.assignee_name}"

    @property
    def assignee_name(self) -> str:
        if self.engineer_id:
            name = self.engineer.display_name
            return f"{name}（{self.partner.name}）" if self.partner_id else name
        return self.partner.name if self.partner_id else ""


class Visit(TimeStampedModel):
    """An on-site visit and its service report (服务报告, 篇1 4.10; 篇6): arrival and departure, the work done,
    the cause, the parts used, loaners, and the customer's signature and remarks.
    """

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.PROTECT, related_name="visits", verbose_name=_("服务请求")
    )
    dispatch = models.ForeignKey(
        Dispatch, null=True, blank=True, on_delete=models.PROTECT, related_name="visits", verbose_name=_("派工")
    )
    engineer = models.ForeignKey(
        Engineer, null=True, blank=True, on_delete=models.PROTECT, related_name="visits", verbose_name=_("工程师")
    )
    partner = models.ForeignKey(
        "network.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("合作伙伴"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("记录人")
    )
    arrived_at = models.DateTimeField(_("到场时间"))
    departed_at = models.DateTimeField(_("离场时间"), null=True, blank=True)
    work_done = models.TextField(_("处理过程"), blank=True)
    fault_cause = models.TextField(_("故障原因"), blank=True)
    parts_text = models.TextField(_("更换备件（说明）"), blank=True)
    loaner_issued = models.CharField(_("借出备机"), max_length=200, blank=True)
    loaner_collected = models.CharField(_("收回备机"), max_length=200, blank=True)
    signature_png = models.BinaryField(_("客户签字"), null=True, blank=True, editable=False)
    signer_name = models.CharField(_("签字人"), max_length=64, blank=True)
    signed_at = models.DateTimeField(_("签字时间"), null=True, blank=True)
    customer_remarks = models.TextField(_("客户意见"), blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("满意度"), choices=Satisfaction.choices, null=True, blank=True)

    class Meta:
        verbose_name = _("上门服务")
        verbose_name_plural = _("服务报告")
        ordering = ["-arrived_at", "-id"]
        indexes = [
            models.Index(fields=["ticket", "arrived_at"], name="visit_ticket_arrived"),
            models.Index(fields=["engineer", "arrived_at"], name="visit_engineer_arrived"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(departed_at__isnull=True) | models.Q(departed_at__gte=models.F("arrived_at")),
                name="visit_departs_after_arrival",
            ),
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True) | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="visit_satisfaction_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}"

    @property
    def number(self) -> str:
        """The report number shown on paper, e.g. FW-2026-000042."""
        return f"FW-{self.created_at.year if self.created_at else 0}-{self.pk or 0:06d}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class VisitPart(models.Model):
    """One line of the parts used on a visit: part number, description and quantity (更换备件明细)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="parts", verbose_name=_("上门服务"))
    part_number = models.CharField(_("备件编号"), max_length=64)
    description = models.CharField(_("名称/说明"), max_length=200, blank=True)
    quantity = models.PositiveIntegerField(_("数量"), default=1)

    class Meta:
        verbose_name = _("更换备件")
        verbose_name_plural = _("更换备件")
        ordering = ["visit", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(quantity__gte=1), name="visitpart_quantity_positive")]

    def __str__(self) -> str:
        return f"{self.part_number} × {self.quantity}"
