from django.contrib import admin

from reports.models import ReportRun, ReportRunEvent
from wcocb.scoping import scope_queryset


class ReportRunEventInline(admin.TabularInline):
    model = ReportRunEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "from_status", "to_status", "comment"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    """Read-only: runs are started from the report pages or the API (through the service), never edited."""

    list_display = ["id", "title", "period_start", "period_end", "scope_region", "scope_administration", "status"]
    list_filter = ["status", "trigger", "schedule"]
    inlines = [ReportRunEventInline]

    def get_queryset(self, request):
        return scope_queryset(super().get_queryset(request), request.user)

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in ReportRun._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
