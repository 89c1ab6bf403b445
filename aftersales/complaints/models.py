"""Complaints and supervision (投诉/监督, SPEC §4; 篇1 2.16, 4.8): reply deadlines, escalation, assessment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aftersales.complaints.choices import Against, Severity, Source, Status, Tier
from aftersales.complaints.querysets import ComplaintQuerySet
from aftersales.core.models import TimelineEvent, TimeStampedModel


class ComplaintPolicy(models.Model):
    """How fast a complaint must be answered and escalated (投诉回复时限), on a working-time calendar.

    Seeded with 篇1 2.16 (reply within 10 minutes, 7×24) and 篇1 4.8 (reply within 2 hours, office hours);
    exactly one policy is the default. Minutes are working minutes of `calendar` after the complaint was
    received.
    """

    name = models.CharField(_("名称"), max_length=100, unique=True)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    reply_minutes = models.PositiveIntegerField(_("回复时限（分钟）"))
    senior_minutes = models.PositiveIntegerField(_("升级高级工程师时限（分钟）"))
    manager_minutes = models.PositiveIntegerField(_("领导到场时限（分钟）"))
    calendar = models.ForeignKey(
        "sla.Calendar", on_delete=models.PROTECT, related_name="complaint_policies", verbose_name=_("工作日历")
    )
    is_default = models.BooleanField(_("默认"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("投诉时限策略")
        verbose_name_plural = _("投诉时限策略")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="complaintpolicy_one_default"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    senior_minutes__gte=models.F("reply_minutes"), manager_minutes__gte=models.F("senior_minutes")
                ),
                name="complaintpolicy_reply_senior_manager_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Complaint(TimeStampedModel):
    """A complaint (投诉) from the supervision hotline, a callback, the portal, e-mail or a visit.

    It may concern a request, an engineer (ours or a partner's), a partner company or the company in general.
    Its deadlines come from its policy at intake. `breach_at` (overdue since) and `next_escalation_at` (when
    the sweep climbs the next tier) are derived by the service on every write, so the overdue list and the
    sweep are one index range each. `status` is assigned only by `services.complaint_apply_action` (and the
    sweep, through the same code).
    """

    source = models.CharField(_("来源"), max_length=16, choices=Source.choices)
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="complaints", verbose_name=_("客户")
    )
    ticket = models.ForeignKey(
        "tickets.Ticket",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("服务请求"),
    )
    callback_id = models.PositiveBigIntegerField(_("来源回访"), null=True, blank=True)
    against = models.CharField(_("投诉对象"), max_length=16, choices=Against.choices, default=Against.COMPANY)
    engineer = models.ForeignKey(
        "dispatch.Engineer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("被投诉工程师"),
    )
    partner = models.ForeignKey(
        "network.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("被投诉合作伙伴"),
    )
    summary = models.CharField(_("投诉摘要"), max_length=200)
    details = models.TextField(_("详细内容"), blank=True)
    severity = models.PositiveSmallIntegerField(_("严重程度"), choices=Severity.choices, default=Severity.NORMAL)
    policy = models.ForeignKey(
        ComplaintPolicy, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("时限策略")
    )
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    tier = models.PositiveSmallIntegerField(_("处理层级"), choices=Tier.choices, default=Tier.DESK)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_complaints",
        verbose_name=_("处理人"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("受理人"),
    )

    received_at = models.DateTimeField(_("接到投诉时间"))
    reply_by = models.DateTimeField(_("回复时限"))
    senior_by = models.DateTimeField(_("升级高级工程师时限"))
    manager_by = models.DateTimeField(_("领导到场时限"))
    deadline_uncertain = models.BooleanField(_("时限涉及未知节假日年份"), default=False)

    replied_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    reply_text = models.TextField(_("回复内容"), blank=True)
    senior_at = models.DateTimeField(_("升级高级工程师时间"), null=True, blank=True)
    manager_at = models.DateTimeField(_("升级领导时间"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("解决时间"), null=True, blank=True)
    root_cause = models.TextField(_("根本原因"), blank=True)
    corrective_action = models.TextField(_("纠正措施"), blank=True)
    is_upheld = models.BooleanField(_("有效投诉"), null=True, blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("对处理的满意度"), null=True, blank=True)

    # Derived on every write (see the class docstring).
    breach_at = models.DateTimeField(null=True, blank=True)
    next_escalation_at = models.DateTimeField(null=True, blank=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("投诉")
        verbose_name_plural = _("投诉")
        indexes = [
            models.Index(fields=["status", "-id"], name="complaint_status_id"),
            models.Index(fields=["customer", "-id"], name="complaint_customer_id"),
            models.Index(fields=["breach_at"], name="complaint_breach_at"),
            models.Index(fields=["received_at"], name="complaint_received_at"),
            models.Index(
                fields=["next_escalation_at"],
                name="complaint_next_escalation",
                condition=models.Q(next_escalation_at__isnull=False),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["callback_id"], condition=models.Q(callback_id__isnull=False), name="complaint_one_per_callback"
            ),
            models.CheckConstraint(condition=models.Q(tier__gte=1, tier__lte=3), name="complaint_tier_1_3"),
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True) | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="complaint_satisfaction_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.summary}"

    @property
    def number(self) -> str:
        """The complaint number shown to people, e.g. CP-2026-000012 (year of entry and the row id)."""
        return f"CP-{self.created_at.year if self.created_at else 0}-{self.pk or 0:06d}"


class ComplaintEvent(TimelineEvent):
    """One line of a complaint's timeline (its history): who did what, when, from which status to which."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")

    class Meta:
        verbose_name = _("投诉记录")
        verbose_name_plural = _("投诉记录")
        ordering = ["complaint", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.action}"
