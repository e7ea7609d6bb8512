"""Admin for Mercator: read plans, their content, reports and commitments; every change goes through the services
(pages and API). The TFA reference data is saved through the same service as the API."""

from django.contrib import admin

from mercator import services
from mercator.models import (
    Activity,
    Kpi,
    Milestone,
    PeriodReport,
    Plan,
    PlanTimelineEvent,
    Recommendation,
    Risk,
    TfaArticle,
    TfaCommitment,
    TfaMeasure,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class TimelineInline(admin.TabularInline):
    model = PlanTimelineEvent
    extra = 0
    fields = ["at", "actor", "kind", "from_state", "to_state", "comment"]
    readonly_fields = fields
    can_delete = False


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["reference", "title", "administration", "track", "form", "phase", "endorsed_on"]
    list_filter = ["phase", "track", "form", "administration__region"]
    search_fields = ["title", "administration__name_en", "request_reference"]
    list_select_related = ["administration"]
    inlines = [TimelineInline]


for model in (Recommendation, Activity, Milestone, Kpi, Risk, PeriodReport, TfaCommitment):
    admin.site.register(model, ReadOnlyAdmin)


class ReferenceAdmin(admin.ModelAdmin):
    """Names in three languages, edited by the Secretariat through :func:`mercator.services.reference_save`."""

    list_display = ["number", "name_en", "name_fr", "name_es"]
    search_fields = ["number", "name_en", "name_fr", "name_es"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        services.reference_save(instance=obj, by=request.user)


admin.site.register(TfaArticle, ReferenceAdmin)
admin.site.register(TfaMeasure, ReferenceAdmin)
