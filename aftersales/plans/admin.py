"""Configuration screens: service plans with their rules; work items to look up (changes go through the pages)."""

from django.contrib import admin

from aftersales.plans.models import PlanRule, ServicePlan, WorkItem


class PlanRuleInline(admin.TabularInline):
    model = PlanRule
    extra = 1
    fields = ("kind", "day_of_month", "month_of_period", "assignee", "role", "asset", "anchor_on", "is_active")
    raw_id_fields = ("assignee", "asset")


@admin.register(ServicePlan)
class ServicePlanAdmin(admin.ModelAdmin):
    list_display = ("name", "customer", "contract", "starts_on", "ends_on", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "customer__name", "contract__number")
    raw_id_fields = ("customer", "contract")
    readonly_fields = ("created_by", "created_at", "updated_at")
    inlines = [PlanRuleInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if obj.contract_id and not obj.customer_id:
            obj.customer_id = obj.contract.customer_id
        super().save_model(request, obj, form, change)


@admin.register(WorkItem)
class WorkItemAdmin(admin.ModelAdmin):
    list_display = ("due_on", "title", "kind", "assignee", "role", "done_at")
    list_filter = ("kind", "role", "due_uncertain")
    search_fields = ("title", "source_key")
    date_hierarchy = "due_on"
    readonly_fields = (
        "source_key",
        "kind",
        "title",
        "due_on",
        "due_uncertain",
        "customer",
        "ticket",
        "link",
        "done_at",
        "done_by",
        "result",
        "created_at",
    )
    raw_id_fields = ("assignee",)
