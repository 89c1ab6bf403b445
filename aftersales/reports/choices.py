"""Choices of the management view's own records."""

from __future__ import annotations

from django.db import models


class Period(models.TextChoices):
    MONTH = "month", "月度"
    QUARTER = "quarter", "季度"
    YEAR = "year", "年度"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SENT = "sent", "已发送"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


GROUP_BYS = ("severity", "region", "month", "customer", "policy")
ASSESSMENT_KINDS = ("engineer", "partner")
FAULT_BYS = ("vendor", "model", "category")
