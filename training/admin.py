"""The Django admin of the training app: read-mostly (every write goes through the services and their rules)."""

from django.contrib import admin

from training.models import Certificate, ELearningCompletion, Participant, Programme, Session


class ReadOnlyAdmin(admin.ModelAdmin):
    """The pages and the API write through the services; the admin only shows (and searches)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "title"]


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ["title", "programme", "start_date", "end_date", "mode", "capacity"]
    list_filter = ["programme__kind", "mode"]
    search_fields = ["title"]
    list_select_related = ["programme"]


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = ["person", "session", "administration", "status", "honours"]
    list_filter = ["status"]
    search_fields = ["person__last_name", "person__first_name"]
    list_select_related = ["person", "session", "administration"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["holder_name", "participant", "issued_on", "honours", "revoked_at"]
    search_fields = ["holder_name", "code"]
    list_select_related = ["participant__session", "participant__person"]


@admin.register(ELearningCompletion)
class CompletionAdmin(ReadOnlyAdmin):
    list_display = ["external_id", "person", "course", "completed_on", "score"]
    search_fields = ["external_id", "person__last_name"]
    list_select_related = ["person", "course"]
