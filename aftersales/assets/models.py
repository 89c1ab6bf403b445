"""Installed equipment (设备档案, SPEC §1): vendors and assets with their warranty dates."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from aftersales.core.models import TimeStampedModel


class Vendor(models.Model):
    """A manufacturer (厂商), e.g. 华为, 戴尔, with its default warranty and its SLA for vendor cases."""

    name = models.CharField("名称", max_length=64, unique=True)
    warranty_months = models.PositiveSmallIntegerField("默认保修月数", default=12)
    hotline = models.CharField("服务热线", max_length=32, blank=True)
    sla_policy = models.ForeignKey(
        "sla.SlaPolicy",
        verbose_name="厂商服务级别",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vendors",
    )

    class Meta:
        verbose_name = "厂商"
        verbose_name_plural = "厂商"

    def __str__(self) -> str:
        return self.name


class Asset(TimeStampedModel):
    """An installed device (设备) at a customer site; the serial number is unique per vendor."""

    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="assets")
    contract = models.ForeignKey(
        "customers.Contract",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assets",
        verbose_name="服务合同",
    )
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="assets", verbose_name="厂商")
    model = models.CharField("型号", max_length=64, db_index=True)
    category = models.CharField("类别", max_length=32, blank=True, db_index=True)
    serial = models.CharField("序列号", max_length=64)
    site = models.CharField("安装地点", max_length=128, blank=True)
    quantity = models.PositiveIntegerField("数量", default=1)
    purchased_on = models.DateField("购买日期")
    accepted_on = models.DateField("验收日期", null=True, blank=True)
    warranty_months = models.PositiveSmallIntegerField("保修月数", default=12)
    project_warranty_months = models.PositiveSmallIntegerField("工程质保月数", null=True, blank=True)
    sla_policy = models.ForeignKey(
        "sla.SlaPolicy",
        verbose_name="服务级别",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assets",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "设备"
        verbose_name_plural = "设备"
        constraints = [models.UniqueConstraint(fields=["vendor", "serial"], name="asset_serial_unique_per_vendor")]
        indexes = [
            models.Index(fields=["customer", "id"]),
            # Bulletin targeting (bulletins.selectors.bulletin_targets): models per vendor, then customers per model.
            models.Index(fields=["vendor", "model", "customer"], name="asset_vendor_model_customer"),
        ]

    def __str__(self) -> str:
        return f"{self.vendor.name} {self.model} ({self.serial})"
