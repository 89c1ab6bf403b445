"""Bulletins and articles for looking up (read-only here: the pages and the API write them through services,
which also keep the search index and the deliveries right)."""

from __future__ import annotations

from django.contrib import admin

from aftersales.bulletins.models import Article, Bulletin, BulletinDelivery, TicketSearch


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Bulletin)
class BulletinAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "published_at", "author")
    list_filter = ("kind",)
    search_fields = ("title",)
    ordering = ("-id",)


@admin.register(BulletinDelivery)
class BulletinDeliveryAdmin(ReadOnlyAdmin):
    list_display = ("bulletin", "customer", "delivered_at", "acknowledged_at", "acknowledged_via", "reminders_sent")
    list_filter = ("acknowledged_via", ("acknowledged_at", admin.EmptyFieldListFilter))
    search_fields = ("customer__name", "bulletin__title")
    list_select_related = ("bulletin", "customer")
    ordering = ("-id",)
    show_full_result_count = False


@admin.register(Article)
class ArticleAdmin(ReadOnlyAdmin):
    list_display = ("title", "vendor", "category", "is_published", "published_at")
    list_filter = ("is_published", "category")
    search_fields = ("title",)
    list_select_related = ("vendor",)
    ordering = ("-id",)


@admin.register(TicketSearch)
class TicketSearchAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "resolved_at")
    search_fields = ("number", "title")
    ordering = ("-resolved_at",)
    show_full_result_count = False
