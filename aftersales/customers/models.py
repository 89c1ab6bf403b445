"""The customer archive (用户档案, SPEC §1): regions, customers, contacts and service contracts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aftersales.core.models import TimeStampedModel
from aftersales.customers.choices import CustomerKind, Zone


class Region(models.Model):
    """A prefecture-level city (地级市) with its arrival zone and centroid, e.g. 合肥市 (local)."""

    name = models.CharField(_("名称"), max_length=32, unique=True)
    province = models.CharField(_("省份"), max_length=32)
    adcode = models.CharField(_("行政区划代码"), max_length=12, blank=True)
    zone = models.CharField(_("到场区域"), max_length=16, choices=Zone.choices, default=Zone.ELSEWHERE)
    latitude = models.FloatField(_("纬度"), null=True, blank=True)
    longitude = models.FloatField(_("经度"), null=True, blank=True)

    class Meta:
        verbose_name = _("地区")
        verbose_name_plural = _("地区")
        ordering = ["adcode", "name"]

    def __str__(self) -> str:
        return self.name


class Customer(TimeStampedModel):
    """A customer (用户): an organisation or a person. Key accounts (重点客户) get care plans."""

    name = models.CharField(_("名称"), max_length=128, db_index=True)
    kind = models.CharField(_("类型"), max_length=16, choices=CustomerKind.choices, default=CustomerKind.ORGANISATION)
    address = models.CharField(_("地址"), max_length=256)
    province = models.CharField(_("省份"), max_length=32, blank=True)
    district = models.CharField(_("区县"), max_length=32, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("地区"), on_delete=models.PROTECT, related_name="customers")
    phone = models.CharField(_("电话"), max_length=32, blank=True)
    email = models.EmailField(_("电子邮件"), blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    is_key_account = models.BooleanField(_("重点客户"), default=False)
    sla_policy = models.ForeignKey(
        "sla.SlaPolicy",
        verbose_name=_("服务级别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="customers",
    )
    notes = models.TextField(_("备注"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("客户")
        verbose_name_plural = _("客户")
        constraints = [models.UniqueConstraint(fields=["name", "address"], name="customer_name_address_unique")]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """A person to call at a customer (联系人)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("姓名"), max_length=64)
    phone = models.CharField(_("电话"), max_length=32, blank=True)
    email = models.EmailField(_("电子邮件"), blank=True)
    title = models.CharField(_("职务"), max_length=64, blank=True)
    is_primary = models.BooleanField(_("主要联系人"), default=False)

    class Meta:
        verbose_name = _("联系人")
        verbose_name_plural = _("联系人")

    def __str__(self) -> str:
        return self.name


class Contract(TimeStampedModel):
    """A service contract (服务合同) with its own SLA policy; assets under it get that policy."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="contracts")
    number = models.CharField(_("合同编号"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=128)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    sla_policy = models.ForeignKey(
        "sla.SlaPolicy",
        verbose_name=_("服务级别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("服务合同")
        verbose_name_plural = _("服务合同")

    def __str__(self) -> str:
        return f"{self.number} {self.name}"
