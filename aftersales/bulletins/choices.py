"""Kinds of bulletins, ways of acknowledging them, and who may do what (SPEC §4; 篇1 2.8, 2.12)."""

from django.db import models
from django.utils.translation import gettext_noop


class BulletinKind(models.TextChoices):
    DEFECT = "defect", gettext_noop("缺陷通告")
    PATCH = "patch", gettext_noop("补丁通知")
    FIRMWARE = "firmware", gettext_noop("固件升级")
    SAFETY = "safety", gettext_noop("安全通告")


class AckChannel(models.TextChoices):
    PORTAL = "portal", gettext_noop("客户门户")
    LINK = "link", gettext_noop("邮件链接")
    PHONE = "phone", gettext_noop("电话确认")


# Who writes, publishes, acknowledges and reads: the access table (accounts.access_table, bulletins.* and
# knowledge.*).
# Requests in these states have a known solution and may become an article.
RESOLVED_STATUSES = frozenset({"resolved", "closed"})
