"""Delivered notifications (站内消息), for looking up what was sent to whom. Read-only: services send them."""

from __future__ import annotations

from django.contrib import admin

from aftersales.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "user", "kind", "created_at", "read_at")
    list_filter = ("kind", ("read_at", admin.EmptyFieldListFilter))
    search_fields = ("title", "user__username")
    list_select_related = ("user",)
    date_hierarchy = "created_at"
    ordering = ("-id",)
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
