"""Ticket states, channels and named state sets (SPEC §2)."""

from django.db import models


class Status(models.TextChoices):
    RECEIVED = "received", "已受理"
    RESPONDED = "responded", "已响应"
    ESCALATED = "escalated", "已升级"
    DISPATCHED = "dispatched", "已派工"
    ON_SITE = "on_site", "已到场"
    RESTORED = "restored", "已恢复"
    RESOLVED = "resolved", "已解决"
    CLOSED = "closed", "已关闭"
    WAITING_CUSTOMER = "waiting_customer", "等待客户"
    REOPENED = "reopened", "已重开"
    CANCELLED = "cancelled", "已取消"


class Channel(models.TextChoices):
    PHONE = "phone", "电话"
    FAX = "fax", "传真"
    LETTER = "letter", "信函"
    EMAIL = "email", "电子邮件"
    WALK_IN = "walk_in", "来访"
    WEB = "web", "网站"
    API = "api", "API"
    QR = "qr", "设备二维码"


class Tier(models.IntegerChoices):
    """Escalation tiers: desk → expert group → vendor TSC → leadership on site (篇1 4.9, 4.12, 4.13)."""

    DESK = 1, "服务台"
    EXPERT = 2, "专家组"
    VENDOR = 3, "厂商TSC"
    LEADERSHIP = 4, "领导到场"


TERMINAL = frozenset({Status.CLOSED, Status.CANCELLED})
# Work is finished (or abandoned): no clock runs and the sweep leaves them alone.
DONE = frozenset({Status.RESOLVED, Status.CLOSED, Status.CANCELLED})
OPEN = frozenset(set(Status) - DONE)
CLOCK_PAUSED = frozenset({Status.WAITING_CUSTOMER})
