"""Configuration screens: the inspection checklists per device category; inspections to look up."""

from django.contrib import admin

from aftersales.inspections.models import ChecklistItem, ChecklistTemplate, Inspection


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 1
    fields = ("position", "title", "guidance")


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    list_display = ("category", "name", "is_active")
    list_filter = ("is_active",)
    search_fields = ("category", "name")
    inlines = [ChecklistItemInline]


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    """Read-only: inspections change through the inspection pages and API (status, findings, signature)."""

    list_display = ("__str__", "customer", "inspected_on", "engineer", "status")
    list_filter = ("status",)
    search_fields = ("customer__name",)
    date_hierarchy = "inspected_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
