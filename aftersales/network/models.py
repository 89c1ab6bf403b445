"""Regional partner companies (服务联盟 and 服务合作伙伴, SPEC §3; 篇1 4.3, 4.4)."""

from __future__ import annotations

from django.db import models


class PartnerKind(models.TextChoices):
    ALLIANCE = "alliance", "服务联盟"
    SERVICE = "service", "服务合作伙伴"


class Partner(models.Model):
    """A partner company that takes on-site work in its region."""

    kind = models.CharField("类型", max_length=16, choices=PartnerKind.choices)
    name = models.CharField("名称", max_length=128)
    address = models.CharField("地址", max_length=256, blank=True)
    contact = models.CharField("联系人", max_length=64, blank=True)
    phone = models.CharField("热线电话", max_length=32, blank=True)
    service_area = models.CharField("服务区域", max_length=64, blank=True)
    region = models.ForeignKey(
        "customers.Region",
        verbose_name="所在地区",
        on_delete=models.PROTECT,
        related_name="partners",
    )
    county = models.CharField("区县", max_length=32, blank=True)
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "合作伙伴"
        verbose_name_plural = "合作伙伴"
        ordering = ["kind", "region__adcode", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="partner_kind_name_unique")]

    def __str__(self) -> str:
        return self.name


class Supplier(models.Model):
    """A brand supplier (供应商, 篇10) that authorises dealers."""

    name = models.CharField("名称", max_length=128)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)

    class Meta:
        verbose_name = "供应商"
        verbose_name_plural = "供应商"

    def __str__(self) -> str:
        return self.name


class Dealer(models.Model):
    """A brand dealer (经销商, 篇10) with its authorisations and outlets."""

    name = models.CharField("名称", max_length=128)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)

    class Meta:
        verbose_name = "经销商"
        verbose_name_plural = "经销商"

    def __str__(self) -> str:
        return self.name
