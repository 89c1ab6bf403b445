"""Choices of the management view's own records."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_noop


class Period(models.TextChoices):
    MONTH = "month", gettext_noop("月度")
    QUARTER = "quarter", gettext_noop("季度")
    YEAR = "year", gettext_noop("年度")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", gettext_noop("草稿")
    SENT = "sent", gettext_noop("已发送")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", gettext_noop("排队中")
    RUNNING = "running", gettext_noop("生成中")
    DONE = "done", gettext_noop("已完成")
    FAILED = "failed", gettext_noop("失败")


GROUP_BYS = ("severity", "region", "month", "customer", "policy")
ASSESSMENT_KINDS = ("engineer", "partner")
FAULT_BYS = ("vendor", "model", "category")
