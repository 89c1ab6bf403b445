"""Admin screens of the warranty app: read-only views (changes go through `warranty.services`)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from aftersales.warranty.models import VendorCase, WarrantyRepair


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WarrantyRepair)
class WarrantyRepairAdmin(ReadOnlyAdmin):
    list_display = ("asset", "ticket", "completed_on", "remedy")
    list_filter = ("remedy",)
    search_fields = ("asset__serial",)
    raw_id_fields = ("asset", "ticket")


@admin.register(VendorCase)
class VendorCaseAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("id", "vendor", "vendor_reference", "ticket", "status", "report_by", "onsite_by", "overdue_at")
    list_filter = ("status", "vendor")
    search_fields = ("vendor_reference", "rma_number")
    raw_id_fields = ("ticket",)
