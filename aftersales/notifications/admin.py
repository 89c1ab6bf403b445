"""Notification screens: delivered messages and the SMS log (read-only), preferences, and the outbound webhooks
with their delivery log (administrators configure webhooks here; a given-up delivery can be queued again)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.core import clock
from aftersales.notifications import services
from aftersales.notifications.models import (
    Notification,
    NotificationPreference,
    SmsMessage,
    Webhook,
    WebhookDelivery,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("title", "user", "kind", "created_at", "read_at")
    list_filter = ("kind", ("read_at", admin.EmptyFieldListFilter))
    search_fields = ("title", "user__username")
    list_select_related = ("user",)
    date_hierarchy = "created_at"
    ordering = ("-id",)
    show_full_result_count = False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "in_app", "email", "sms", "webhook", "language")
    list_filter = ("kind",)
    search_fields = ("user__username",)
    list_select_related = ("user",)
    raw_id_fields = ("user",)


@admin.register(SmsMessage)
class SmsMessageAdmin(ReadOnlyAdmin):
    list_display = ("phone", "kind", "status", "provider", "created_at", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("phone", "text")
    ordering = ("-id",)
    show_full_result_count = False


class WebhookDeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    fields = ("delivery_id", "kind", "status", "attempts", "last_status_code", "next_attempt_at", "delivered_at")
    readonly_fields = fields
    ordering = ("-id",)
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ("name", "url", "is_active", "created_at")
    list_filter = ("is_active",)
    readonly_fields = ("created_at", "created_by")
    inlines = [WebhookDeliveryInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_at, obj.created_by = clock.now(), request.user
        super().save_model(request, obj, form, change)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = (
        "delivery_id",
        "webhook",
        "kind",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "delivered_at",
    )
    list_filter = ("status", "kind", "webhook")
    list_select_related = ("webhook",)
    ordering = ("-id",)
    show_full_result_count = False
    actions = ["retry"]

    @admin.action(description=_("重新投递所选记录"))
    def retry(self, request, queryset) -> None:
        count = 0
        for delivery in queryset.exclude(status="succeeded"):
            services.webhook_delivery_retry(delivery_id=delivery.pk)
            count += 1
        self.message_user(request, f"已重新排队 {count} 条 / {count} queued again", messages.SUCCESS)
