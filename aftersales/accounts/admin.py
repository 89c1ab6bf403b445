"""Configuration screens of users (with their role and, for customer users, their customer) and API tokens."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from aftersales.accounts.choices import Role
from aftersales.accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user screens plus the role (角色) and, for a customer user (客户用户), its customer."""

    list_display = ("username", "full_name", "role", "customer", "email", "is_active", "last_login")
    list_filter = ("role", "is_active", "is_superuser", "is_staff")
    search_fields = ("username", "first_name", "last_name", "email", "phone", "customer__name")
    list_select_related = ("customer",)
    autocomplete_fields = ("customer",)
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("角色与所属客户", {"fields": ("role", "customer", "phone")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": (*DjangoUserAdmin.add_fieldsets[0][1]["fields"], "role", "customer")}),
    )

    @admin.display(description="姓名")
    def full_name(self, obj: User) -> str:
        return f"{obj.last_name}{obj.first_name}"

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.clean = _checked_role(form.clean)
        return form


def _checked_role(clean):
    """A customer user must name its customer; staff must not (STYLE: one place decides what a role sees)."""

    def checked(self):
        cleaned = clean(self)
        role, customer = cleaned.get("role"), cleaned.get("customer")
        if role == Role.CUSTOMER and customer is None:
            self.add_error("customer", "客户用户必须指定所属客户 / a customer user needs its customer")
        if role and role != Role.CUSTOMER and customer is not None:
            self.add_error("customer", "只有客户用户属于客户 / only customer users belong to a customer")
        return cleaned

    return checked


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Issued bearer tokens, list only: the token itself is never stored, only its SHA-256."""

    list_display = ("user", "created_at", "expires_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("user__username",)
    list_select_related = ("user",)
    list_display_links = None
    ordering = ("-id",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
