"""Inspection states, finding results and who may inspect (SPEC §4; 篇1 2.12; 篇6)."""

from django.db import models
from django.utils.translation import gettext_noop

from aftersales.accounts.choices import Role


class InspectionStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", gettext_noop("进行中")
    COMPLETED = "completed", gettext_noop("已完成")
    CANCELLED = "cancelled", gettext_noop("已取消")


class FindingResult(models.TextChoices):
    PENDING = "pending", gettext_noop("未检查")
    OK = "ok", gettext_noop("正常")
    ISSUE = "issue", gettext_noop("异常")
    NOT_APPLICABLE = "na", gettext_noop("不适用")


# The results an engineer records (pending is only the starting state).
RECORDED_RESULTS = frozenset({FindingResult.OK, FindingResult.ISSUE, FindingResult.NOT_APPLICABLE})
# Who carries out inspections; supervisors and admins may act on anyone's.
INSPECTION_ROLES = frozenset({Role.ENGINEER, Role.PARTNER, Role.SUPERVISOR, Role.ADMIN})
GENERIC_CATEGORY = "通用"
"""The checklist used for a device whose category has none of its own."""
