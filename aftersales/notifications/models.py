"""In-app notifications (站内消息). Delivery only: other apps decide who is told what."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Notification(models.Model):
    """A message in a user's inbox, optionally about a service request."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField("类型", max_length=32)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=200, blank=True)
    created_at = models.DateTimeField("时间")
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        indexes = [models.Index(fields=["user", "read_at", "-id"], name="notification_inbox")]
