"""Configuration screens of field service: engineers (skills, certifications), the duty roster, and read-only
dispatches and visits (they change only through `dispatch.services`, which also writes the request's timeline).
"""

from __future__ import annotations

import datetime as dt

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from aftersales.core import clock
from aftersales.core.errors import DomainError
from aftersales.dispatch import services
from aftersales.dispatch.models import Certification, Dispatch, DutyShift, Engineer, Visit, VisitPart


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0


@admin.register(Engineer)
class EngineerAdmin(admin.ModelAdmin):
    list_display = ("__str__", "home_region", "partner", "is_active")
    list_filter = ("is_active", "home_region", "vendors")
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__phone", "partner__name")
    list_select_related = ("user", "home_region", "partner")
    autocomplete_fields = ("home_region", "partner")
    raw_id_fields = ("user",)
    filter_horizontal = ("vendors",)
    inlines = [CertificationInline]
    actions = ["generate_next_week_rota"]

    @admin.action(description=_("为所选工程师生成下周值班表（白班/夜班轮换）"))
    def generate_next_week_rota(self, request, queryset):
        today = clock.today()
        monday = today + dt.timedelta(days=7 - today.weekday())
        try:
            count = services.duty_rota_generate(
                actor=request.user,
                engineer_ids=list(queryset.values_list("pk", flat=True)),
                week_start=monday,
            )
        except DomainError as exc:
            self.message_user(request, exc.message_zh, messages.ERROR)
            return
        self.message_user(request, f"已生成 {monday:%Y-%m-%d} 起一周的 {count} 个班次")


@admin.register(DutyShift)
class DutyShiftAdmin(admin.ModelAdmin):
    list_display = ("engineer", "starts_at", "ends_at")
    list_filter = ("engineer__home_region",)
    date_hierarchy = "starts_at"
    raw_id_fields = ("engineer",)
    list_select_related = ("engineer__user",)


@admin.register(Dispatch)
class DispatchAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = (
        "ticket",
        "assignee_name",
        "status",
        "dispatched_at",
        "planned_for",
        "dispatched_by",
        "customer_notified_at",
    )
    list_filter = ("status",)
    list_select_related = ("ticket", "engineer__user", "partner", "dispatched_by")
    search_fields = ("ticket__title", "partner__name", "engineer__user__username")


class VisitPartInline(ReadOnlyMixin, admin.TabularInline):
    model = VisitPart
    extra = 0


@admin.register(Visit)
class VisitAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("number", "ticket", "engineer", "partner", "arrived_at", "departed_at", "signer_name")
    list_select_related = ("ticket", "engineer__user", "partner")
    inlines = [VisitPartInline]
    exclude = ("signature_png",)
