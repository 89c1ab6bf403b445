"""Admin screens of the 4S follow-up service: read mostly; writes go through the pages and services."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from aftersales.vehicles.models import Event, FollowUpCall, FollowUpReassignment, Letter, ServiceVisit, Vehicle


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Vehicle)
class VehicleAdmin(SimpleHistoryAdmin):
    list_display = (
        "plate",
        "model",
        "vehicle_type",
        "customer",
        "follow_up_user",
        "next_maintenance_on",
        "archived_at",
        "is_archived_late",
    )
    list_filter = ("vehicle_type", "is_archived_late")
    search_fields = ("plate", "vin", "model", "customer__name")
    raw_id_fields = ("customer", "follow_up_user", "archived_by")
    readonly_fields = (
        "plate",
        "customer",
        "next_maintenance_on",
        "next_maintenance_km",
        "visited_at",
        "archived_at",
        "is_archived_late",
        "archived_by",
        "version",
        "last_service_on",
        "last_service_km",
        "odometer_km",
        "odometer_on",
    )

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # archived through the page or the API, which derive the next maintenance

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ServiceVisit)
class ServiceVisitAdmin(ReadOnlyAdmin):
    list_display = ("vehicle", "kind", "visited_at", "picked_up_at", "mileage_km", "recorded_by", "is_recorded_late")
    list_filter = ("kind", "is_recorded_late")
    search_fields = ("vehicle__plate",)


@admin.register(FollowUpCall)
class FollowUpCallAdmin(ReadOnlyAdmin):
    list_display = (
        "called_at",
        "purpose",
        "call_no",
        "customer",
        "vehicle",
        "is_reached",
        "satisfaction",
        "handled_by",
        "is_on_time",
    )
    list_filter = ("purpose", "is_reached", "is_on_time")
    search_fields = ("customer__name", "vehicle__plate")


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ("sent_on", "kind", "subject", "customer", "sent_by")
    list_filter = ("kind",)
    search_fields = ("customer__name", "subject")


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("event_on", "name", "kind", "phone_on", "letter_on", "targeted_customers", "is_short_notice")
    list_filter = ("kind",)


@admin.register(FollowUpReassignment)
class FollowUpReassignmentAdmin(ReadOnlyAdmin):
    list_display = ("at", "from_user", "to_user", "items_moved", "vehicles_moved", "move_vehicles", "actor")
