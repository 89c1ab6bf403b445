from django.db import models
from django.utils.translation import gettext_noop


class CustomerKind(models.TextChoices):
    ORGANISATION = "organisation", gettext_noop("单位")
    PERSON = "person", gettext_noop("个人")


class Zone(models.TextChoices):
    """Region tier for on-site arrival targets (SPEC §2; 篇1 4.9: 合肥市 / 省内 / elsewhere)."""

    LOCAL = "local", gettext_noop("合肥市")
    PROVINCE = "province", gettext_noop("安徽省内")
    ELSEWHERE = "elsewhere", gettext_noop("省外")
