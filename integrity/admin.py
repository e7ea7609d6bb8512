"""Admin for integrity: the questionnaires only, read-only. An administration's assessments, action plans
and risk maps are its own (see ``integrity/rules.py``): they are not shown here, where a superuser would
read them past those rules. Questionnaires change through their versioned services and pages."""

from django.contrib import admin

from integrity.models import Questionnaire


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["code", "version", "kind", "status", "published_at"]
    list_filter = ["kind", "status"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
