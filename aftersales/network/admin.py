"""Configuration screens of the partner network (服务联盟, 服务合作伙伴; 篇1 4.3, 4.4)."""

from __future__ import annotations

from django.contrib import admin

from aftersales.network.models import Partner


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "region", "county", "service_area", "contact", "phone", "is_active")
    list_filter = ("kind", "is_active", "region")
    search_fields = ("name", "address", "contact", "phone", "service_area", "county")
    list_select_related = ("region",)
    autocomplete_fields = ("region",)
