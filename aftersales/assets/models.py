"""Installed equipment (设备档案, SPEC §1): vendors and assets with their warranty dates."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aftersales.assets.policy.vendors import UNKNOWN_VENDOR_MONTHS, vendor_key
from aftersales.core.models import TimeStampedModel

_SPACES = re.compile(r"\s+")


def _set_name_and_key(row) -> None:
    """A vendor's or an alias's name with its spaces tidied, and the key it is found by (vendor_key)."""
    row.name = _SPACES.sub(" ", row.name).strip()
    row.key = vendor_key(row.name)


class Vendor(models.Model):
    """A manufacturer (厂商), e.g. 华为, 戴尔: the registry entry every spelling of its name resolves to.

    `key` is the name's comparison key (`policy.vendors.vendor_key`: case, width and spacing ignored); other
    names ("Dell", "华为3Com") are `VendorAlias` rows. The default terms apply to every asset of the vendor
    (SPEC §1; 篇1 2.2, 3.2); the warranty engine takes the longest term that covers a date.
    """

    name = models.CharField(_("名称"), max_length=64, unique=True)
    key = models.CharField(_("名称键"), max_length=128, unique=True, editable=False)
    parts_months = models.PositiveSmallIntegerField(_("配件保修月数"), default=UNKNOWN_VENDOR_MONTHS)
    labour_months = models.PositiveSmallIntegerField(_("人工保修月数"), default=UNKNOWN_VENDOR_MONTHS)
    onsite_months = models.PositiveSmallIntegerField(
        _("上门服务月数"), default=0, help_text=_("0 表示厂商不承诺上门服务")
    )
    onsite_response_hours = models.PositiveSmallIntegerField(_("上门响应(小时)"), null=True, blank=True)
    hotline = models.CharField(_("服务热线"), max_length=32, blank=True)
    sla_policy = models.ForeignKey(
        "sla.SlaPolicy",
        verbose_name=_("厂商服务级别"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vendors",
    )

    class Meta:
        verbose_name = _("厂商")
        verbose_name_plural = _("厂商")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        _set_name_and_key(self)
        super().save(*args, **kwargs)

    @property
    def warranty_months(self) -> int:
        """The vendor's standard warranty: the longer of its parts and labour terms."""
        return max(self.parts_months, self.labour_months)

    def clean(self) -> None:
        key = vendor_key(self.name or "")
        if not key:
            raise ValidationError({"name": "厂商名称不能为空 / The vendor name is required"})
        if VendorAlias.objects.filter(key=key).exclude(vendor_id=self.pk).exists():
            raise ValidationError({"name": "该名称已是其他厂商的别名 / This name is another vendor's alias"})
        if Vendor.objects.filter(key=key).exclude(pk=self.pk).exists():
            raise ValidationError({"name": "已有同名厂商（不区分大小写） / A vendor with this name exists (any case)"})


class VendorAlias(models.Model):
    """Another name of a vendor (别名), e.g. "Dell" for 戴尔: matched by its key, any case or width."""

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("厂商"))
    name = models.CharField(_("别名"), max_length=64)
    key = models.CharField(_("别名键"), max_length=128, unique=True, editable=False)

    class Meta:
        verbose_name = _("厂商别名")
        verbose_name_plural = _("厂商别名")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        _set_name_and_key(self)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        key = vendor_key(self.name or "")
        if not key:
            raise ValidationError({"name": "别名不能为空 / The alias is required"})
        if Vendor.objects.filter(key=key).exclude(pk=self.vendor_id).exists():
            raise ValidationError({"name": "该别名是其他厂商的名称 / This alias is another vendor's name"})
        if VendorAlias.objects.filter(key=key).exclude(pk=self.pk).exists():
            raise ValidationError({"name": "该别名已登记 / This alias is already registered"})


class Asset(TimeStampedModel):
    """An installed device (设备) at a customer site; the serial number is unique per vendor."""

    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="assets")
    contract = models.ForeignKey(
        "customers.Contract",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assets",
        verbose_name=_("服务合同"),
    )
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="assets", verbose_name=_("厂商"))
    model = models.CharField(_("型号"), max_length=64, db_index=True)
    category = models.CharField(_("类别"), max_length=32, blank=True, db_index=True)
    serial = models.CharField(_("序列号"), max_length=64)
    site = models.CharField(_("安装地点"), max_length=128, blank=True)
    quantity = models.PositiveIntegerField(_("数量"), default=1)
    purchased_on = models.DateField(_("购买日期"))
    accepted_on = models.DateField(_("验收日期"), null=True, blank=True)
    warranty_months = models.PositiveSmallIntegerField(
        _("保修月数（本设备）"), null=True, blank=True, help_text=_("留空则按厂商默认条款")
    )
    project_warranty_months = models.PositiveSmallIntegerField(
        _("工程质保月数"), null=True, blank=True, help_text=_("留空则在服务合同下按项目默认质保（3年）")
    )
    sla_policy = models.ForeignKey(
        "sla.SlaPolicy",
        verbose_name=_("服务级别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assets",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("设备")
        verbose_name_plural = _("设备")
        constraints = [models.UniqueConstraint(fields=["vendor", "serial"], name="asset_serial_unique_per_vendor")]
        indexes = [
            models.Index(fields=["customer", "id"]),
            # Bulletin targeting (bulletins.selectors.bulletin_targets): models per vendor, then customers per model.
            models.Index(fields=["vendor", "model", "customer"], name="asset_vendor_model_customer"),
        ]

    def __str__(self) -> str:
        return f"{self.vendor.name} {self.model} ({self.serial})"
