"""Admin for the cost tables (Secretariat) and a read-only view of reports and reminders.

Registered from ``MissionsConfig.ready``. Cost rows are saved through the same service as the pages
and the API (validation, including overlapping per diem validity)."""

from django.contrib import admin

from missions import costs
from missions.models import FlightCost, MissionReport, PerDiemRate, ReleaseReminder


class CostTableAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change) -> None:
        costs.cost_row_save(instance=obj, by=request.user)

    def delete_model(self, request, obj) -> None:
        costs.cost_row_delete(instance=obj, by=request.user)


@admin.register(PerDiemRate)
class PerDiemRateAdmin(CostTableAdmin):
    list_display = ["country", "daily_amount", "currency", "valid_from", "valid_to"]
    list_filter = ["currency", "country__region"]
    search_fields = ["country__name_en", "country__iso_code"]
    list_select_related = ["country"]
    date_hierarchy = "valid_from"


@admin.register(FlightCost)
class FlightCostAdmin(CostTableAdmin):
    list_display = ["route", "fare", "currency", "valid_from"]
    list_filter = ["currency", "origin_region", "destination_region"]
    search_fields = ["origin__name_en", "destination__name_en", "origin__iso_code", "destination__iso_code"]
    list_select_related = ["origin", "destination", "origin_region", "destination_region"]


@admin.register(MissionReport)
class MissionReportAdmin(admin.ModelAdmin):
    """Reports change only through their services (team leader's form, Secretariat's review)."""

    list_display = ["request", "status", "submitted_by", "submitted_at", "reviewed_by", "reviewed_at"]
    list_filter = ["status"]
    list_select_related = ["request", "submitted_by", "reviewed_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReleaseReminder)
class ReleaseReminderAdmin(admin.ModelAdmin):
    list_display = ["letter", "deadline", "days_before", "sent_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
