from django.db import models


class CustomerKind(models.TextChoices):
    ORGANISATION = "organisation", "单位"
    PERSON = "person", "个人"


class Zone(models.TextChoices):
    """Region tier for on-site arrival targets (SPEC §2; 篇1 4.9: 合肥市 / 省内 / elsewhere)."""

    LOCAL = "local", "合肥市"
    PROVINCE = "province", "安徽省内"
    ELSEWHERE = "elsewhere", "省外"
