"""Admin for Mercator: read-only. Plans, their content and the TFA tables change through the services
(the Mercator pages and the API), which check who may do what and record every move."""

from django.contrib import admin

from mercator.models import Plan, PlanTimelineEvent, TfaCommitment, TfaMeasure


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class PlanTimelineEventInline(admin.TabularInline):
    model = PlanTimelineEvent
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "administration", "phase"]
    list_filter = ["phase"]
    list_select_related = ["administration"]
    inlines = [PlanTimelineEventInline]


@admin.register(TfaMeasure)
class TfaMeasureAdmin(ReadOnlyAdmin):
    list_display = ["__str__"]


@admin.register(TfaCommitment)
class TfaCommitmentAdmin(ReadOnlyAdmin):
    list_display = ["__str__"]
