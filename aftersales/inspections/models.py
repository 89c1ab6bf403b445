"""Inspections (巡检, SPEC §4; 篇1 2.12; 篇6): checklists per device category, the inspection of a customer's devices,
a finding per checklist item, hidden faults turned into requests, and the feedback form signed by the customer.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.core.models import TimeStampedModel
from aftersales.inspections.choices import FindingResult, InspectionStatus
from aftersales.inspections.querysets import InspectionQuerySet


class ChecklistTemplate(models.Model):
    """The inspection checklist of one device category (巡检检查表), e.g. 服务器 or 交换机."""

    category = models.CharField(_("设备类别"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    is_active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("巡检检查表")
        verbose_name_plural = _("巡检检查表")
        ordering = ["category"]

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    """One line of a checklist (检查项) with what to look at."""

    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.CASCADE, related_name="items", verbose_name=_("检查表")
    )
    position = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("检查项"), max_length=64)
    guidance = models.CharField(_("检查要点"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("检查项")
        verbose_name_plural = _("检查项")
        ordering = ["template", "position"]
        constraints = [models.UniqueConstraint(fields=["template", "position"], name="checklistitem_position_unique")]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Inspection(TimeStampedModel):
    """One inspection visit (巡检单) at a customer: its devices, findings and the signed feedback form (巡检反馈信息单).

    Started from a planned work item (每季度巡检, 验收后每月巡检) or by hand; completing it completes the work item.
    """

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="inspections", verbose_name=_("客户")
    )
    contract = models.ForeignKey(
        "customers.Contract",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=_("服务合同"),
    )
    work_item = models.OneToOneField(
        "plans.WorkItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspection",
        verbose_name=_("计划待办"),
    )
    engineer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("巡检工程师")
    )
    inspected_on = models.DateField(_("巡检日期"))
    status = models.CharField(
        _("状态"), max_length=16, choices=InspectionStatus.choices, default=InspectionStatus.IN_PROGRESS
    )
    summary = models.TextField(_("巡检结论"), blank=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    signer_name = models.CharField(_("客户签字人"), max_length=64, blank=True)
    signature_png = models.BinaryField(_("客户签字"), null=True, blank=True)
    signed_at = models.DateTimeField(_("签字时间"), null=True, blank=True)
    customer_remarks = models.TextField(_("客户意见"), blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("满意度"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("创建人"),
    )

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("巡检单")
        verbose_name_plural = _("巡检单")
        indexes = [
            models.Index(fields=["status", "inspected_on"], name="inspection_status_day"),
            models.Index(fields=["customer", "id"], name="inspection_customer"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True) | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="inspection_satisfaction_1_5",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        """The form number on paper, e.g. XJ-2026-000042."""
        return f"XJ-{self.created_at.year if self.created_at else 0}-{self.pk or 0:06d}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class InspectionAsset(models.Model):
    """A device looked at in an inspection, with the checklist it was inspected by."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="assets", verbose_name=_("巡检单")
    )
    asset = models.ForeignKey(
        "assets.Asset", on_delete=models.PROTECT, related_name="inspections", verbose_name=_("设备")
    )
    template = models.ForeignKey(
        ChecklistTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("检查表")
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("巡检设备")
        verbose_name_plural = _("巡检设备")
        ordering = ["inspection", "id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "asset"], name="inspectionasset_unique")]

    def __str__(self) -> str:
        return f"{self.inspection} · {self.asset_id}"


class Finding(models.Model):
    """The result of one checklist item on one device (检查结果): ok, issue or not applicable, with a note.

    The item's title is copied, so later edits of the checklist do not rewrite signed forms. An issue (hidden
    fault, 隐含故障) may become a service request; `ticket` links to it.
    """

    inspection_asset = models.ForeignKey(
        InspectionAsset, on_delete=models.CASCADE, related_name="findings", verbose_name=_("巡检设备")
    )
    checklist_item = models.ForeignKey(
        ChecklistItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("检查项")
    )
    position = models.PositiveSmallIntegerField(_("序号"))
    item_title = models.CharField(_("检查项"), max_length=64)
    guidance = models.CharField(_("检查要点"), max_length=200, blank=True)
    result = models.CharField(_("结果"), max_length=16, choices=FindingResult.choices, default=FindingResult.PENDING)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspection_findings",
        verbose_name=_("服务请求"),
    )
    recorded_at = models.DateTimeField(_("记录时间"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("记录人"),
    )

    class Meta:
        verbose_name = _("检查结果")
        verbose_name_plural = _("检查结果")
        ordering = ["inspection_asset", "position", "id"]

    def __str__(self) -> str:
        return f"{self.item_title}: {self.get_result_display()}"
