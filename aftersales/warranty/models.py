"""Warranty repairs counted by the 三包 replacement rule, and cases with the vendor (厂商工单), SPEC §3."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aftersales.core.models import TimeStampedModel
from aftersales.warranty.choices import VendorCaseStatus


class WarrantyRepair(models.Model):
    """A repair completed free under warranty (保修期内维修记录): one per request, counted toward replacement.

    Written when a request on the asset is resolved while its remedy is a free `repair` (篇1 2.1: a unit
    repaired twice in the warranty year that fails again is replaced). Reopening and resolving the request
    again does not add a second row.
    """

    asset = models.ForeignKey(
        "assets.Asset", on_delete=models.PROTECT, related_name="warranty_repairs", verbose_name=_("设备")
    )
    ticket = models.OneToOneField(
        "tickets.Ticket", on_delete=models.PROTECT, related_name="warranty_repair", verbose_name=_("服务请求")
    )
    completed_on = models.DateField(_("完成日期"))
    remedy = models.CharField(_("三包处理"), max_length=24, default="repair")
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("保修维修记录")
        verbose_name_plural = _("保修维修记录")
        indexes = [models.Index(fields=["asset", "completed_on"], name="warranty_repair_asset_on")]

    def __str__(self) -> str:
        return f"{self.asset_id} {self.completed_on}"


class VendorCase(TimeStampedModel):
    """A case opened with the vendor for a request (厂商工单): its reference, SLA, status and the RMA.

    The deadlines are computed when it is opened from the vendor's SLA policy (see
    `warranty.policy.vendor_case`); `overdue_at` is the earliest unmet running deadline while it is open,
    refreshed on every write so the overdue list is one index range.
    """

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.PROTECT, related_name="vendor_cases", verbose_name=_("服务请求")
    )
    vendor = models.ForeignKey("assets.Vendor", on_delete=models.PROTECT, related_name="cases", verbose_name=_("厂商"))
    vendor_reference = models.CharField(_("厂商工单号"), max_length=64, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=VendorCaseStatus.choices, default=VendorCaseStatus.OPENED
    )
    severity = models.PositiveSmallIntegerField(_("故障级别"))
    sla_policy = models.ForeignKey(
        "sla.SlaPolicy",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("厂商服务级别"),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("上报人")
    )
    opened_at = models.DateTimeField(_("上报时间"))
    confirmed_at = models.DateTimeField(_("厂商远程确认时间"))

    report_by = models.DateTimeField(_("上报厂商时限"), null=True, blank=True)
    onsite_by = models.DateTimeField(_("厂商到场时限"), null=True, blank=True)
    spare_by = models.DateTimeField(_("备件/备机时限"), null=True, blank=True)
    deadline_uncertain = models.BooleanField(_("时限涉及未知节假日年份"), default=False)
    overdue_at = models.DateTimeField(_("逾期时间"), null=True, blank=True)

    acknowledged_at = models.DateTimeField(_("厂商受理时间"), null=True, blank=True)
    vendor_onsite_at = models.DateTimeField(_("厂商工程师到场时间"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("解决时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)

    rma_number = models.CharField(_("RMA编号"), max_length=64, blank=True)
    part_description = models.CharField(_("备件说明"), max_length=200, blank=True)
    shipped_at = models.DateTimeField(_("备件发出时间"), null=True, blank=True)
    received_at = models.DateTimeField(_("备件到货时间"), null=True, blank=True)
    defective_returned_at = models.DateTimeField(_("坏件返还时间"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("厂商工单")
        verbose_name_plural = _("厂商工单")
        indexes = [
            models.Index(fields=["status", "-id"], name="vendor_case_status_id"),
            models.Index(fields=["overdue_at"], name="vendor_case_overdue_at"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "vendor_reference"],
                condition=~models.Q(vendor_reference=""),
                name="vendor_case_reference_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vendor} {self.vendor_reference or self.pk}"

    @property
    def is_reported_late(self) -> bool:
        """Opened after the report-to-vendor deadline (上报超时)."""
        return self.report_by is not None and self.opened_at > self.report_by
