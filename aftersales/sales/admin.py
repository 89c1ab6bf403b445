"""Look-up screens of the sale-to-service area. Stages, statuses and acceptances change only through the pages
and the API (their services keep the gates and the history), so those fields are read-only here."""

from django.contrib import admin

from aftersales.sales.models import Installation, Opportunity, Training


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "customer", "owner", "stage", "status", "amount", "expected_close_on")
    list_filter = ("stage", "status")
    search_fields = ("number", "name", "customer__name")
    raw_id_fields = ("customer", "owner", "contract")
    readonly_fields = ("number", "stage", "status", "contract", "closed_on", "outcome_reason", "version")


@admin.register(Installation)
class InstallationAdmin(admin.ModelAdmin):
    list_display = ("number", "customer", "contract", "status", "engineer")
    list_filter = ("status",)
    search_fields = ("number", "customer__name", "contract__number")
    raw_id_fields = ("customer", "contract", "opportunity", "engineer")
    readonly_fields = ("number", "status", "contract", "opportunity", "customer", "version")


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ("installation", "kind", "scheduled_on", "status", "trainer")
    list_filter = ("kind", "status")
    raw_id_fields = ("installation", "trainer")
    readonly_fields = ("status", "held_on")
