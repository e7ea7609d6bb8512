"""Admin for missions: read the workflow; every change goes through the services (pages and API)."""

from django.contrib import admin

from missions.models import Assignment, MissionDocument, MissionEvent, MissionRequest, ReleaseLetter


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
