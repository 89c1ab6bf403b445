"""Configuration screens of the parts store: catalogue, locations, reorder rules, loaner devices.

Quantities never change here: stock, moves, counts and loans are read-only (they change only through
`parts.services`, which writes the ledger). Loaner status is set by loans and `loaner_set_status`.
"""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from aftersales.parts.models import Loan, Loaner, Location, Part, Stock, StockCount, StockCountLine, StockMove


class ReadOnlyAdmin(admin.ModelAdmin):
    """History that an audit may ask for: visible, never added, changed or deleted by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Part)
class PartAdmin(SimpleHistoryAdmin):
    list_display = ("part_number", "name", "vendor", "unit", "unit_cost_amount", "grade", "is_active")
    list_filter = ("vendor", "is_active")
    search_fields = ("part_number", "name")
    list_select_related = ("vendor",)
    ordering = ("part_number",)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "region", "partner", "keeper", "is_active")
    list_filter = ("kind", "is_active", "region")
    search_fields = ("name",)
    list_select_related = ("region", "partner", "keeper")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Stock)
class StockAdmin(admin.ModelAdmin):
    """Only the reorder rule is edited here; quantities change through stock moves."""

    list_display = ("part", "location", "on_hand", "reserved", "reorder_point", "reorder_quantity")
    list_filter = ("location",)
    search_fields = ("part__part_number", "part__name")
    list_select_related = ("part", "location")
    fields = ("part", "location", "on_hand", "reserved", "reorder_point", "reorder_quantity")
    readonly_fields = ("part", "location", "on_hand", "reserved")

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StockMove)
class StockMoveAdmin(ReadOnlyAdmin):
    list_display = ("at", "kind", "part", "location", "quantity", "on_hand_after", "reserved_after", "ticket", "actor")
    list_filter = ("kind", "location")
    search_fields = ("part__part_number", "note")
    list_select_related = ("part", "location", "ticket", "actor")
    date_hierarchy = "at"


class StockCountLineInline(admin.TabularInline):
    model = StockCountLine
    fields = ("part", "expected", "counted", "book_at_close", "discrepancy", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(StockCount)
class StockCountAdmin(ReadOnlyAdmin):
    list_display = ("id", "location", "status", "opened_at", "opened_by", "closed_at", "closed_by")
    list_filter = ("status", "location")
    list_select_related = ("location", "opened_by", "closed_by")
    inlines = (StockCountLineInline,)


@admin.register(Loaner)
class LoanerAdmin(SimpleHistoryAdmin):
    list_display = ("serial", "model", "vendor", "category", "grade", "status", "location")
    list_filter = ("status", "grade", "category")
    search_fields = ("serial", "model")
    list_select_related = ("vendor", "location")
    readonly_fields = ("status",)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Loan)
class LoanAdmin(ReadOnlyAdmin):
    list_display = ("loaner", "customer", "ticket", "lent_at", "due_back_on", "returned_at")
    list_filter = ("returned_at",)
    search_fields = ("loaner__serial", "customer__name")
    list_select_related = ("loaner", "customer", "ticket")
