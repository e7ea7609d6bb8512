"""Django admin for the experts app (superusers). Pipeline moves, deployments and nominations
are read-only here: they go through the services (pages and API) so their rules and events apply.
Experts, workshops and unavailability periods are saved through their services
(:class:`wcocb.admin.ServiceAdmin`): a refused change is a form error and nothing is saved."""

from django.contrib import admin

from experts import models, services
from wcocb.admin import ReferenceAdmin, ServiceAdmin


class ReadOnlyInline(admin.TabularInline):
    """Rows kept by a service: shown, never added, changed or deleted here."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.ExpertiseArea)
class ExpertiseAreaAdmin(ReferenceAdmin):
    """The accreditation areas: reference data, saved and deleted through the reference services."""

    list_display = ["code", "category", "name_en", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["code", "name_en", "name_fr", "name_es"]


class ExpertLanguageInline(ReadOnlyInline):
    """Languages are changed with the expert's form (pages and API), which refreshes the search."""

    model = models.ExpertLanguage


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
class ExpertAdmin(ServiceAdmin):
    """Change an expert's own fields through :func:`experts.services.expert_update`. Experts are
    created on the pages, the API or by import (their person record with them)."""

    list_display = ["search_name", "kind", "is_serving", "external_id", "commitment_used_days"]
    list_filter = ["kind", "is_serving"]
    search_fields = ["search_name", "external_id", "person__email"]
    fields = ["person", *services.EXPERT_FIELDS]
    readonly_fields = ["person", "commitment_window_start", "commitment_window_end", "commitment_used_days"]
    inlines = [ExpertLanguageInline, AccreditationInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_through_service(self, request, obj, form, change: bool):
        fields = {name: form.cleaned_data[name] for name in form.changed_data if name in services.EXPERT_FIELDS}
        return services.expert_update(expert=obj, by=request.user, **fields)


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


class ParticipationInline(ReadOnlyInline):
    """Participants are registered and their results recorded on the workshop page (a pass moves
    the accreditation)."""

    model = models.WorkshopParticipation
    fields = ["expert", "result", "recorded_at"]
    readonly_fields = fields


@admin.register(models.AccreditationWorkshop)
class WorkshopAdmin(ServiceAdmin):
    list_display = ["__str__", "category", "start_date", "end_date", "region"]
    list_filter = ["category", "kind", "region"]
    fields = list(services.WORKSHOP_FIELDS)
    inlines = [ParticipationInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_through_service(self, request, obj, form, change: bool):
        if not change:
            return services.workshop_create(
                by=request.user, **{name: form.cleaned_data[name] for name in services.WORKSHOP_FIELDS}
            )
        fields = {name: form.cleaned_data[name] for name in form.changed_data if name in services.WORKSHOP_FIELDS}
        return services.workshop_update(workshop=obj, by=request.user, **fields)


@admin.register(models.Deployment)
class DeploymentAdmin(ReadOnlyAdmin):
    list_display = ["expert", "start_date", "end_date", "source", "source_key"]
    list_filter = ["source"]


@admin.register(models.Unavailability)
class UnavailabilityAdmin(ServiceAdmin):
    list_display = ["expert", "start_date", "end_date", "reason"]
    raw_id_fields = ["expert"]
    fields = ["expert", *services.UNAVAILABILITY_FIELDS]

    def get_readonly_fields(self, request, obj=None):
        return ["expert"] if obj is not None else []

    def save_through_service(self, request, obj, form, change: bool):
        if not change:
            values = {name: form.cleaned_data[name] for name in ("expert", *services.UNAVAILABILITY_FIELDS)}
            return services.unavailability_add(by=request.user, **values)
        fields = {
            name: form.cleaned_data[name] for name in form.changed_data if name in services.UNAVAILABILITY_FIELDS
        }
        return services.unavailability_update(unavailability=obj, by=request.user, **fields)

    def delete_through_service(self, request, obj) -> None:
        services.unavailability_remove(unavailability=obj, by=request.user)


@admin.register(models.CandidateListEntry)
class CandidateListEntryAdmin(ReadOnlyAdmin):
    list_display = ["expert", "region", "nominated_by", "status", "decided_at"]
    list_filter = ["region", "status"]
