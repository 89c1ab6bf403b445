"""Kinds of bulletins, ways of acknowledging them, and who may do what (SPEC §4; 篇1 2.8, 2.12)."""

from django.db import models

from aftersales.accounts.choices import Role


class BulletinKind(models.TextChoices):
    DEFECT = "defect", "缺陷通告"
    PATCH = "patch", "补丁通知"
    FIRMWARE = "firmware", "固件升级"
    SAFETY = "safety", "安全通告"


class AckChannel(models.TextChoices):
    PORTAL = "portal", "客户门户"
    LINK = "link", "邮件链接"
    PHONE = "phone", "电话确认"


# Who writes and publishes bulletins and sees every customer's deliveries.
BULLETIN_ROLES = frozenset({Role.SUPERVISOR, Role.EXPERT, Role.ADMIN})
# Who may record an acknowledgement a customer gave on the phone (they make the calls).
PHONE_ACK_ROLES = BULLETIN_ROLES | {Role.AGENT, Role.CALLBACK}
# Who writes knowledge-base articles; every staff member and partner engineer reads them.
KNOWLEDGE_WRITE_ROLES = frozenset({Role.AGENT, Role.ENGINEER, Role.EXPERT, Role.SUPERVISOR, Role.ADMIN})
# Requests in these states have a known solution and may become an article.
RESOLVED_STATUSES = frozenset({"resolved", "closed"})
