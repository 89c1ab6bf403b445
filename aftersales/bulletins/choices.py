"""Kinds of bulletins, ways of acknowledging them, and who may do what (SPEC §4; 篇1 2.8, 2.12)."""

from django.db import models


class BulletinKind(models.TextChoices):
    DEFECT = "defect", "缺陷通告"
    PATCH = "patch", "补丁通知"
    FIRMWARE = "firmware", "固件升级"
    SAFETY = "safety", "安全通告"


class AckChannel(models.TextChoices):
    PORTAL = "portal", "客户门户"
    LINK = "link", "邮件链接"
    PHONE = "phone", "电话确认"


# Who writes, publishes, acknowledges and reads: the access table (accounts.access_table, bulletins.* and
# knowledge.*).
# Requests in these states have a known solution and may become an article.
RESOLVED_STATUSES = frozenset({"resolved", "closed"})
