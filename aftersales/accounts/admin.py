"""Configuration screens of users (with their role and, for scoped users, their customer or partner) and tokens."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.choices import Role
from aftersales.accounts.models import ApiToken, User

# A scoped role and the field naming what it is bound to, with the messages for a missing or a stray binding.
BINDINGS = (
    (
        Role.CUSTOMER,
        "customer",
        "客户用户必须指定所属客户 / A customer user needs its customer",
        "只有客户用户属于某个客户 / Only customer users belong to a customer",
    ),
    (
        Role.PARTNER,
        "partner",
        "合作伙伴工程师必须指定所属合作伙伴 / A partner user needs its partner",
        "只有合作伙伴工程师属于某个合作伙伴 / Only partner users belong to a partner",
    ),
)


def _check_binding(form, cleaned: dict) -> dict:
    """A customer user (客户用户) names its customer and a partner user its partner; nobody else has either."""
    role = cleaned.get("role")
    for bound_role, field, missing, stray in BINDINGS:
        if field not in form.fields or not role:
            continue
        if role == bound_role and cleaned.get(field) is None:
            form.add_error(field, missing)
        elif role != bound_role and cleaned.get(field) is not None:
            form.add_error(field, stray)
    return cleaned


class UserChangeForm(auth_forms.UserChangeForm):
    def clean(self):
        return _check_binding(self, super().clean())


class UserCreationForm(auth_forms.AdminUserCreationForm):
    def clean(self):
        return _check_binding(self, super().clean())


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user screens plus the role (角色) and what a scoped user is bound to."""

    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ("username", "full_name", "role", "customer", "partner", "email", "is_active", "last_login")
    list_filter = ("role", "is_active", "is_superuser", "is_staff")
    search_fields = ("username", "first_name", "last_name", "email", "phone", "customer__name", "partner__name")
    list_select_related = ("customer", "partner")
    autocomplete_fields = ("customer", "partner")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("角色与归属"), {"fields": ("role", "customer", "partner", "phone")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (*DjangoUserAdmin.add_fieldsets[0][1]["fields"], "role", "customer", "partner"),
            },
        ),
    )

    @admin.display(description=_("姓名"))
    def full_name(self, obj: User) -> str:
        return f"{obj.last_name}{obj.first_name}"


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Issued bearer tokens, list only: the token itself is never stored, only its SHA-256."""

    list_display = ("user", "created_at", "last_used_at", "expires_at", "revoked_at")
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
