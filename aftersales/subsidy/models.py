"""The 家电下乡 subsidy ledger (篇3, 篇4, 篇9): enterprises, their outlets, sales, claims, returns."""

from __future__ import annotations

from django.db import models


class Enterprise(models.Model):
    """A winning sales enterprise (中标销售企业)."""

    name = models.CharField("名称", max_length=128)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)

    class Meta:
        verbose_name = "中标销售企业"
        verbose_name_plural = "中标销售企业"

    def __str__(self) -> str:
        return self.name


class Outlet(models.Model):
    """A sales outlet (销售网点) filed by one enterprise."""

    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.PROTECT, related_name="outlets")
    name = models.CharField("名称", max_length=128)
    address = models.CharField("地址", max_length=256)

    class Meta:
        verbose_name = "销售网点"
        verbose_name_plural = "销售网点"

    def __str__(self) -> str:
        return self.name
