"""Ticket states, channels and named state sets (SPEC §2)."""

from django.db import models
from django.utils.translation import gettext_noop


class Status(models.TextChoices):
    RECEIVED = "received", gettext_noop("已受理")
    RESPONDED = "responded", gettext_noop("已响应")
    ESCALATED = "escalated", gettext_noop("已升级")
    DISPATCHED = "dispatched", gettext_noop("已派工")
    ON_SITE = "on_site", gettext_noop("已到场")
    RESTORED = "restored", gettext_noop("已恢复")
    RESOLVED = "resolved", gettext_noop("已解决")
    CLOSED = "closed", gettext_noop("已关闭")
    WAITING_CUSTOMER = "waiting_customer", gettext_noop("等待客户")
    REOPENED = "reopened", gettext_noop("已重开")
    CANCELLED = "cancelled", gettext_noop("已取消")


class Channel(models.TextChoices):
    PHONE = "phone", gettext_noop("电话")
    FAX = "fax", gettext_noop("传真")
    LETTER = "letter", gettext_noop("信函")
    EMAIL = "email", gettext_noop("电子邮件")
    WALK_IN = "walk_in", gettext_noop("来访")
    WEB = "web", gettext_noop("网站")
    API = "api", "API"
    QR = "qr", gettext_noop("设备二维码")


class Tier(models.IntegerChoices):
    """Escalation tiers: desk → expert group → vendor TSC → leadership on site (篇1 4.9, 4.12, 4.13)."""

    DESK = 1, gettext_noop("服务台")
    EXPERT = 2, gettext_noop("专家组")
    VENDOR = 3, gettext_noop("厂商TSC")
    LEADERSHIP = 4, gettext_noop("领导到场")


TERMINAL = frozenset({Status.CLOSED, Status.CANCELLED})
# Work is finished (or abandoned): no clock runs and the sweep leaves them alone.
DONE = frozenset({Status.RESOLVED, Status.CLOSED, Status.CANCELLED})
OPEN = frozenset(set(Status) - DONE)
CLOCK_PAUSED = frozenset({Status.WAITING_CUSTOMER})
