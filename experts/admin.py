"""Django admin for the experts app (superusers). Pipeline moves, deployments and nominations
are read-only here: they go through the services (pages and API) so their rules and events apply."""

from django.contrib import admin

from experts import models


@admin.register(models.ExpertiseArea)
class ExpertiseAreaAdmin(admin.ModelAdmin):
    list_display = ["code", "category", "name_en", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["code", "name_en", "name_fr", "name_es"]


class ExpertLanguageInline(admin.TabularInline):
    model = models.ExpertLanguage
    extra = 0


class AccreditationInline(admin.TabularInline):
    model = models.Accreditation
    fk_name = "expert"
    extra = 0
    can_delete = False
    fields = ["area", "stage", "pre_assessed_on", "workshop_passed_on", "evaluator", "accredited_on", "withdrawn_on"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ["search_name", "kind", "is_serving", "external_id", "commitment_used_days"]
    list_filter = ["kind", "is_serving"]
    search_fields = ["search_name", "external_id", "person__email"]
    raw_id_fields = ["person"]
    readonly_fields = ["commitment_window_start", "commitment_window_end", "commitment_used_days"]
    inlines = [ExpertLanguageInline, AccreditationInline]

    def save_model(self, request, obj, form, change) -> None:
        obj.full_clean()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        from experts.services import expert_refresh_search

        expert_refresh_search([form.instance.pk])


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.Accreditation)
class AccreditationAdmin(ReadOnlyAdmin):
    list_display = ["expert", "area", "stage", "accredited_on"]
    list_filter = ["stage", "area__category"]
    search_fields = ["expert__search_name", "area__code"]


@admin.register(models.AccreditationEvent)
class AccreditationEventAdmin(ReadOnlyAdmin):
    list_display = ["accreditation", "from_stage", "to_stage", "actor", "at"]


class ParticipationInline(admin.TabularInline):
    model = models.WorkshopParticipation
    extra = 0
    raw_id_fields = ["expert"]
    readonly_fields = ["result", "recorded_at"]


@admin.register(models.AccreditationWorkshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["__str__", "category", "start_date", "end_date", "region"]
    list_filter = ["category", "kind", "region"]
    inlines = [ParticipationInline]


@admin.register(models.Deployment)
class DeploymentAdmin(ReadOnlyAdmin):
    list_display = ["expert", "start_date", "end_date", "source", "source_key"]
    list_filter = ["source"]


@admin.register(models.Unavailability)
class UnavailabilityAdmin(admin.ModelAdmin):
    list_display = ["expert", "start_date", "end_date", "reason"]
    raw_id_fields = ["expert"]


@admin.register(models.CandidateListEntry)
class CandidateListEntryAdmin(ReadOnlyAdmin):
    list_display = ["expert", "region", "nominated_by", "status", "decided_at"]
    list_filter = ["region", "status"]
