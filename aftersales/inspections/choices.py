"""Inspection states, finding results and who may inspect (SPEC §4; 篇1 2.12; 篇6)."""

from django.db import models

from aftersales.accounts.choices import Role


class InspectionStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "进行中"
    COMPLETED = "completed", "已完成"
    CANCELLED = "cancelled", "已取消"


class FindingResult(models.TextChoices):
    PENDING = "pending", "未检查"
    OK = "ok", "正常"
    ISSUE = "issue", "异常"
    NOT_APPLICABLE = "na", "不适用"


# The results an engineer records (pending is only the starting state).
RECORDED_RESULTS = frozenset({FindingResult.OK, FindingResult.ISSUE, FindingResult.NOT_APPLICABLE})
# Who carries out inspections; supervisors and admins may act on anyone's.
INSPECTION_ROLES = frozenset({Role.ENGINEER, Role.PARTNER, Role.SUPERVISOR, Role.ADMIN})
GENERIC_CATEGORY = "通用"
"""The checklist used for a device whose category has none of its own."""
