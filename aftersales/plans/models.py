"""Work items (待办): dated pieces of work for one person, from plans, callbacks, follow-ups and inspections.

Every app that creates work for a person creates a WorkItem through `plans.services.work_item_create`, so
each role's "my day" page (SPEC §4) is one query over this table. `source_key` makes generation
idempotent: the same source never creates a second item.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class WorkItemKind(models.TextChoices):
    CALLBACK = "callback", "回访"
    PHONE_CALL = "phone_call", "电话回访"
    INSPECTION = "inspection", "巡检"
    LEADERSHIP_VISIT = "leadership_visit", "领导走访"
    TRAINING = "training", "培训"
    SURVEY = "survey", "满意度调查"
    FOLLOW_UP = "follow_up", "跟踪回访"
    MAINTENANCE_REMINDER = "maintenance_reminder", "保养提醒"
    EVENT_PHONE = "event_phone", "活动电话通知"
    EVENT_LETTER = "event_letter", "活动信函通知"
    COMPLAINT = "complaint", "投诉处理"
    BULLETIN = "bulletin", "通知确认"
    OTHER = "other", "其他"


class WorkItem(models.Model):
    """One dated to-do for one person (or for a role's pool when `assignee` is empty)."""

    kind = models.CharField("类型", max_length=32, choices=WorkItemKind.choices)
    title = models.CharField("标题", max_length=200)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="负责人", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="work_items")
    role = models.CharField("负责角色", max_length=16, blank=True, help_text="无负责人时由该角色的人员认领")
    due_on = models.DateField("到期日", db_index=True)
    customer = models.ForeignKey("customers.Customer", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="work_items", verbose_name="客户")
    ticket = models.ForeignKey("tickets.Ticket", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="work_items", verbose_name="服务请求")
    link = models.CharField("链接", max_length=200, blank=True)
    source_key = models.CharField("来源", max_length=120, unique=True)
    done_at = models.DateTimeField("完成时间", null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name="完成人")
    result = models.TextField("结果", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "待办事项"
        verbose_name_plural = "待办事项"
        indexes = [
            models.Index(fields=["assignee", "done_at", "due_on"], name="workitem_my_day"),
            models.Index(fields=["role", "done_at", "due_on"], name="workitem_role_pool"),
        ]

    def __str__(self) -> str:
        return f"{self.due_on} {self.title}"
