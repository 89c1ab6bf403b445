"""Configuration screens of the partner network (服务联盟, 服务合作伙伴; 篇1 4.3, 4.4) and of the dealer network's
suppliers and brands (篇10). Dealers, authorisations and outlets are read here; they change through the network
pages and API (their services check credit codes, place outlets and keep the withdrawal's reason)."""

from __future__ import annotations

from django.contrib import admin

from aftersales.network.models import Authorisation, Brand, Dealer, Outlet, Partner, Supplier


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "region", "county", "service_area", "contact", "phone", "is_active")
    list_filter = ("kind", "is_active", "region")
    search_fields = ("name", "address", "contact", "phone", "service_area", "county")
    list_select_related = ("region",)
    autocomplete_fields = ("region",)


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ("name", "credit_code", "phone")
    search_fields = ("name", "credit_code")


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ("name", "supplier")
    search_fields = ("name",)
    list_select_related = ("supplier",)


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Dealer)
class DealerAdmin(_ReadOnly):
    list_display = ("name", "credit_code", "supplier", "licence_on", "registered_on")
    search_fields = ("name", "credit_code")
    list_select_related = ("supplier",)


@admin.register(Authorisation)
class AuthorisationAdmin(_ReadOnly):
    list_display = ("dealer", "brand", "valid_from", "valid_to", "withdrawn_on")
    list_filter = ("brand",)
    list_select_related = ("dealer", "brand")


@admin.register(Outlet)
class OutletAdmin(_ReadOnly):
    list_display = ("name", "dealer", "brand", "kind", "city", "county", "closed_on")
    list_filter = ("kind", "brand", "city")
    search_fields = ("name", "address")
    list_select_related = ("dealer", "brand")
