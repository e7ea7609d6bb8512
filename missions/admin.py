"""Admin for missions: read the workflow, reports and reminders; every change goes through the services
(pages and API). Cost rows are saved through the same service as the pages and the API (validation,
including overlapping per diem validity)."""

from django.contrib import admin
from django.db import transaction

from missions import services
from missions.models import (
    Assignment,
    FlightCost,
    MissionDocument,
    MissionEvent,
    MissionReport,
    MissionRequest,
    PerDiemRate,
    ReleaseLetter,
    ReleaseReminder,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Workflow rows change only through the services, so the admin shows them read-only."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class MissionEventInline(admin.TabularInline):
    model = MissionEvent
    extra = 0
    fields = ["at", "actor", "action", "from_status", "to_status", "comment"]
    readonly_fields = fields
    can_delete = False


@admin.register(MissionRequest)
class MissionRequestAdmin(ReadOnlyAdmin):
    list_display = ["reference", "title", "administration", "kind", "status", "plan_year", "preferred_start"]
    list_filter = ["status", "kind", "plan_year", "administration__region", "funding"]
    search_fields = ["title", "objectives", "administration__name_en"]
    list_select_related = ["administration", "funding"]
    inlines = [MissionEventInline]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["request", "expert", "role", "start_date", "end_date", "availability", "selected", "is_booked"]
    list_filter = ["role", "availability", "selected", "is_booked"]
    list_select_related = ["request", "expert__person"]


@admin.register(ReleaseLetter)
class ReleaseLetterAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "language", "deadline", "answer", "answered_by", "answered_at"]
    list_filter = ["answer", "language"]
    list_select_related = ["assignment__request", "assignment__expert__person", "answered_by"]


@admin.register(MissionDocument)
class MissionDocumentAdmin(ReadOnlyAdmin):
    list_display = ["request", "kind", "title", "uploaded_by", "uploaded_at"]
    list_filter = ["kind"]


class CostTableAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change) -> None:
        services.cost_row_save(instance=obj, by=request.user)

    def delete_model(self, request, obj) -> None:
        services.cost_row_delete(instance=obj, by=request.user)

    @transaction.atomic
    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            services.cost_row_delete(instance=obj, by=request.user)


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
class MissionReportAdmin(ReadOnlyAdmin):
    """Reports change only through their services (team leader's form, Secretariat's review)."""

    list_display = ["request", "status", "submitted_by", "submitted_at", "reviewed_by", "reviewed_at"]
    list_filter = ["status"]
    list_select_related = ["request", "submitted_by", "reviewed_by"]


@admin.register(ReleaseReminder)
class ReleaseReminderAdmin(ReadOnlyAdmin):
    """The reminders sent (the reminder task keeps them, so none is sent twice)."""

    list_display = ["letter", "deadline", "days_before", "sent_at"]
