"""Configuration screens of the customer archive: regions, customers with their contacts, service contracts.

Edits here get the same checks as the services (phone, credit code, region derived from the address when
left blank) and bump the row's `version`, so an API client holding an older version gets a 409 instead of
overwriting an admin's change. Every change is kept by django-simple-history.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from aftersales.core.errors import DomainError
from aftersales.customers import services
from aftersales.customers.models import Contact, Contract, Customer, Region


def _message(exc: DomainError) -> str:
    return f"{exc.message_zh} / {exc.message_en}"


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "province", "zone", "adcode", "latitude", "longitude")
    list_filter = ("zone", "province")
    search_fields = ("name", "adcode", "province")
    ordering = ("adcode", "name")


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ("name", "title", "phone", "email", "is_primary")

    def clean_phone(self) -> str:
        try:
            return services.normalise_phone(self.cleaned_data.get("phone", ""))
        except DomainError as exc:
            raise forms.ValidationError(_message(exc)) from None


class ContactInline(admin.TabularInline):
    model = Contact
    form = ContactForm
    fields = ("name", "title", "phone", "email", "is_primary")
    extra = 0


class CustomerForm(forms.ModelForm):
    """The customer form, checked like `services.customer_create`; a blank region is read from the address."""

    region = forms.ModelChoiceField(
        Region.objects.all(),
        required=False,
        label=_("地区"),
        help_text=_("留空时从地址识别 / derived from the address when blank"),
    )

    class Meta:
        model = Customer
        fields = (
            "name",
            "kind",
            "address",
            "region",
            "phone",
            "email",
            "credit_code",
            "is_key_account",
            "sla_policy",
            "notes",
        )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            services._check_fields(cleaned["name"], cleaned["address"], cleaned["kind"], cleaned["credit_code"])
            cleaned["phone"] = services.normalise_phone(cleaned["phone"])
            chosen = cleaned.get("region")
            readdress = "address" in self.changed_data and "region" not in self.changed_data
            region, place = services.region_for_address(
                cleaned["address"],
                chosen.name if chosen is not None and not readdress else None,
            )
        except DomainError as exc:
            raise forms.ValidationError(_message(exc)) from None
        cleaned["name"], cleaned["address"] = cleaned["name"].strip(), cleaned["address"].strip()
        cleaned["region"] = region
        self.instance.province = region.province
        self.instance.district = place.district if place else ""
        return cleaned


@admin.register(Customer)
class CustomerAdmin(SimpleHistoryAdmin):
    form = CustomerForm
    list_display = ("name", "kind", "region", "district", "phone", "is_key_account", "sla_policy", "updated_at")
    list_filter = ("kind", "is_key_account", "region__zone", "region", "sla_policy")
    search_fields = ("name", "address", "phone", "credit_code")
    list_select_related = ("region", "sla_policy")
    readonly_fields = ("province", "district", "version", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "kind", "address", "region", "province", "district")}),
        (_("联系方式"), {"fields": ("phone", "email")}),
        (_("服务"), {"fields": ("credit_code", "is_key_account", "sla_policy", "notes")}),
        (_("记录"), {"fields": ("version", "created_at", "updated_at"), "classes": ("collapse",)}),
    )
    inlines = [ContactInline]
    ordering = ("-id",)

    def save_model(self, request, obj, form, change) -> None:
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


class ContractForm(forms.ModelForm):
    class Meta:
        model = Contract
        fields = ("number", "name", "customer", "starts_on", "ends_on", "sla_policy")

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "结束日期不能早于开始日期 / the end date cannot be before the start date")
        return cleaned


@admin.register(Contract)
class ContractAdmin(SimpleHistoryAdmin):
    form = ContractForm
    list_display = ("number", "name", "customer", "starts_on", "ends_on", "sla_policy")
    list_filter = ("sla_policy",)
    search_fields = ("number", "name", "customer__name")
    list_select_related = ("customer", "sla_policy")
    autocomplete_fields = ("customer",)
    date_hierarchy = "ends_on"
    readonly_fields = ("version",)
    ordering = ("-ends_on",)

    def save_model(self, request, obj, form, change) -> None:
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)
