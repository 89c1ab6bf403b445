"""Delivery of messages (通知): the in-app inbox, channel preferences, the SMS log and outbound webhooks.

Delivery only: other apps decide who is told what; this app decides nothing but how (SPEC §4 Notifications).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class Notification(models.Model):
    """A message in a user's inbox (站内消息), optionally about a service request."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("类型"), max_length=32)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("时间"))
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        indexes = [models.Index(fields=["user", "read_at", "-id"], name="notification_inbox")]

    def __str__(self) -> str:
        return self.title


class Language(models.TextChoices):
    ZH_HANS = "zh-hans", gettext_noop("简体中文")
    EN = "en", "English"


class NotificationPreference(models.Model):
    """Which channels one user wants for one kind of event (通知偏好).

    No row means the defaults: in-app and e-mail on, SMS and webhook off. The kind `*` is the user's own
    default for every kind without a row of its own, and carries the language of e-mails and SMS
    (Chinese unless it says English).
    """

    ALL_KINDS = "*"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("用户"),
    )
    kind = models.CharField(_("事件类型"), max_length=32)
    in_app = models.BooleanField(_("站内消息"), default=True)
    email = models.BooleanField(_("电子邮件"), default=True)
    sms = models.BooleanField(_("短信"), default=False)
    webhook = models.BooleanField("Webhook", default=False)
    language = models.CharField(_("语言"), max_length=8, choices=Language.choices, blank=True)

    class Meta:
        verbose_name = _("通知偏好")
        verbose_name_plural = _("通知偏好")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", gettext_noop("待发送")
    SENT = "sent", gettext_noop("已发送")
    FAILED = "failed", gettext_noop("失败")


class SmsMessage(models.Model):
    """One text message handed to the SMS provider (短信记录), with its outcome."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("用户"),
    )
    phone = models.CharField(_("手机号"), max_length=32)
    kind = models.CharField(_("类型"), max_length=32)
    text = models.TextField(_("内容"))
    status = models.CharField(_("状态"), max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    provider = models.CharField(_("服务商"), max_length=64, blank=True)
    provider_message_id = models.CharField(_("服务商消息号"), max_length=64, blank=True)
    error = models.CharField(_("错误"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("创建时间"))
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("短信记录")
        verbose_name_plural = _("短信记录")
        indexes = [models.Index(fields=["status", "id"], name="sms_status_id")]

    def __str__(self) -> str:
        return f"{self.phone} {self.kind}"


class Webhook(models.Model):
    """An outbound webhook: events of the chosen kinds are POSTed to `url`, signed with `secret` (HMAC-SHA256)."""

    name = models.CharField(_("名称"), max_length=64)
    url = models.URLField(_("地址"), max_length=500)
    secret = models.CharField(_("签名密钥"), max_length=128)
    kinds = models.JSONField(_("事件类型"), default=list, blank=True, help_text=_("留空表示全部事件类型"))
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("创建人"),
    )

    class Meta:
        verbose_name = "Webhook"
        verbose_name_plural = "Webhook"

    def __str__(self) -> str:
        return self.name

    def wants(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


class WebhookStatus(models.TextChoices):
    PENDING = "pending", gettext_noop("待投递")
    SUCCEEDED = "succeeded", gettext_noop("已送达")
    FAILED = "failed", gettext_noop("已放弃")


class WebhookDelivery(models.Model):
    """One event for one webhook (投递记录): the exact body sent, attempts so far and when to try next."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries", verbose_name="Webhook")
    delivery_id = models.UUIDField(_("投递编号"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("事件类型"), max_length=32)
    body = models.TextField(_("请求体"))
    status = models.CharField(_("状态"), max_length=10, choices=WebhookStatus.choices, default=WebhookStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_status_code = models.PositiveSmallIntegerField(_("最近响应码"), null=True, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("创建时间"))
    last_attempt_at = models.DateTimeField(_("最近尝试时间"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("Webhook 投递")
        verbose_name_plural = _("Webhook 投递")
        indexes = [
            models.Index(fields=["next_attempt_at"], name="webhook_delivery_due", condition=models.Q(status="pending")),
            models.Index(fields=["webhook", "-id"], name="webhook_delivery_log"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.delivery_id}"
