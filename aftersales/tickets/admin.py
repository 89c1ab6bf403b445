"""Service requests in the admin, read-only: a request changes only through its services (STYLE §5).

Status, tier, every clock event and deadline are assigned by `services.ticket_apply_action` and its
siblings, which also write the timeline; an admin form saving the row directly would skip both. So the
admin lists and shows requests with their timeline and never adds, changes or deletes one.
"""

from __future__ import annotations

import re

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from aftersales.tickets.models import DEADLINE_FIELDS, EVENT_FIELDS, Ticket, TicketEvent

NUMBER = re.compile(r"^SR-\d{4}-(\d+)$", re.IGNORECASE)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class TicketEventInline(ReadOnlyMixin, admin.TabularInline):
    model = TicketEvent
    fields = ("at", "action", "from_status", "to_status", "tier", "actor", "note", "changes", "recorded_at")
    readonly_fields = fields
    ordering = ("id",)
    extra = 0


@admin.register(Ticket)
class TicketAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = (
        "number",
        "title",
        "customer",
        "severity",
        "status",
        "tier",
        "region",
        "reported_at",
        "respond_by",
        "breach_at",
    )
    list_filter = ("status", "severity", "tier", "channel", "zone", "region")
    search_fields = ("title", "customer__name")
    list_select_related = ("customer", "region")
    ordering = ("-id",)
    show_full_result_count = False
    inlines = [TicketEventInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "customer",
                    "asset",
                    "channel",
                    "severity",
                    "title",
                    "description",
                    "contact_name",
                    "contact_phone",
                    "reported_at",
                    "created_by",
                    "assignee",
                    "duplicate_of",
                )
            },
        ),
        (
            _("状态"),
            {
                "fields": (
                    "status",
                    "tier",
                    "zone",
                    "region",
                    "sla_policy",
                    "paused_at",
                    "resume_status",
                    "pauses",
                    "version",
                )
            },
        ),
        (
            _("时限"),
            {
                "fields": (
                    *DEADLINE_FIELDS,
                    "vendor_by",
                    "leadership_by",
                    "deadline_uncertain",
                    "breach_at",
                    "due_at",
                    "next_escalation_at",
                )
            },
        ),
        (_("事件时间"), {"fields": EVENT_FIELDS}),
    )
    # Also read-only if a later change lets admins edit some detail: these belong to the services alone.
    readonly_fields = (
        "status",
        "tier",
        "zone",
        "region",
        "sla_policy",
        "paused_at",
        "resume_status",
        "pauses",
        "version",
        *DEADLINE_FIELDS,
        "vendor_by",
        "leadership_by",
        "deadline_uncertain",
        "breach_at",
        "due_at",
        "next_escalation_at",
        *EVENT_FIELDS,
    )

    @admin.display(description=_("编号"), ordering="id")
    def number(self, obj: Ticket) -> str:
        return obj.number

    def get_search_results(self, request, queryset, search_term):
        """A request number (SR-2026-000123) finds that request."""
        match = NUMBER.match(search_term.strip())
        if match:
            return queryset.filter(pk=int(match[1])), False
        return super().get_search_results(request, queryset, search_term)
