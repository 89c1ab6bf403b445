"""Configuration screens of the equipment archive: vendors and installed assets.

Asset edits get the same checks as `services.asset_create` (dates; the serial unique per vendor through
the model's constraint) and bump the row's `version`. Every change is kept by django-simple-history.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from aftersales.assets import services
from aftersales.assets.models import Asset, Vendor, VendorAlias
from aftersales.core.errors import DomainError


class VendorAliasInline(admin.TabularInline):
    model = VendorAlias
    extra = 1
    fields = ("name",)


@admin.register(Vendor)
class VendorAdmin(admin.ModelAdmin):
    """The vendor registry: canonical name, aliases (any case, Chinese and English) and default terms."""

    list_display = (
        "name",
        "alias_names",
        "parts_months",
        "labour_months",
        "onsite_months",
        "onsite_response_hours",
        "hotline",
        "sla_policy",
    )
    list_filter = ("sla_policy",)
    search_fields = ("name", "aliases__name", "hotline")
    list_select_related = ("sla_policy",)
    ordering = ("name",)
    inlines = (VendorAliasInline,)
    fieldsets = (
        (None, {"fields": ("name", "hotline", "sla_policy")}),
        (_("默认条款"), {"fields": ("parts_months", "labour_months", "onsite_months", "onsite_response_hours")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    @admin.display(description=_("别名"))
    def alias_names(self, obj: Vendor) -> str:
        return "、".join(sorted(alias.name for alias in obj.aliases.all()))


class AssetForm(forms.ModelForm):
    class Meta:
        model = Asset
        fields = (
            "customer",
            "vendor",
            "model",
            "category",
            "serial",
            "site",
            "quantity",
            "purchased_on",
            "accepted_on",
            "warranty_months",
            "project_warranty_months",
            "contract",
            "sla_policy",
        )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        cleaned["model"], cleaned["serial"] = cleaned["model"].strip(), cleaned["serial"].strip()
        try:
            services._check(
                model=cleaned["model"],
                serial=cleaned["serial"],
                purchased_on=cleaned["purchased_on"],
                accepted_on=cleaned.get("accepted_on"),
            )
        except DomainError as exc:
            raise forms.ValidationError(f"{exc.message_zh} / {exc.message_en}") from None
        return cleaned


@admin.register(Asset)
class AssetAdmin(SimpleHistoryAdmin):
    form = AssetForm
    list_display = (
        "serial",
        "vendor",
        "model",
        "category",
        "customer",
        "purchased_on",
        "accepted_on",
        "warranty_months",
    )
    list_filter = ("vendor", "category")
    search_fields = ("serial", "model", "customer__name")
    list_select_related = ("vendor", "customer")
    autocomplete_fields = ("customer", "contract")
    readonly_fields = ("version", "created_at", "updated_at")
    date_hierarchy = "purchased_on"
    ordering = ("-id",)

    def save_model(self, request, obj, form, change) -> None:
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)
