"""Admin screens of complaints: the deadline policies are configured here; complaints are read-only
(every change goes through `complaints.services`). Saving a policy recomputes its open complaints."""

from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from aftersales.complaints import services
from aftersales.complaints.models import Complaint, ComplaintEvent, ComplaintPolicy


@admin.register(ComplaintPolicy)
class ComplaintPolicyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "reply_minutes", "senior_minutes", "manager_minutes", "calendar", "is_default")
    list_filter = ("calendar", "is_default")

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change:
            count = services.complaint_recompute_for_policy(policy_id=obj.pk)
            if count:
                messages.info(
                    request, f"已重新计算 {count} 个未结投诉的时限 / Deadlines of {count} open complaints redone"
                )


class ComplaintEventInline(admin.TabularInline):
    model = ComplaintEvent
    extra = 0
    can_delete = False
    fields = ("at", "action", "from_status", "to_status", "tier", "actor", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "summary",
        "customer",
        "source",
        "against",
        "status",
        "tier",
        "received_at",
        "reply_by",
        "is_upheld",
    )
    list_filter = ("status", "source", "against", "tier", "is_upheld")
    search_fields = ("summary", "customer__name")
    raw_id_fields = ("customer", "ticket", "engineer", "partner", "handler", "created_by")
    inlines = [ComplaintEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
