"""Admin for integrity: read-only. Every change goes through the services (pages and API), which check who acts;
the questionnaires are versioned there too (a published version never changes)."""

from django.contrib import admin

from integrity.models import ActionPlan, Assessment, AssessmentMove, IntegrityRead, PlanAction, Questionnaire, Risk


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Questionnaire)
class QuestionnaireAdmin(ReadOnlyAdmin):
    list_display = ["code", "version", "kind", "status", "published_at"]
    list_filter = ["kind", "status"]


class AssessmentMoveInline(admin.TabularInline):
    model = AssessmentMove
    extra = 0
    fields = ["created_at", "actor", "action", "from_status", "to_status", "comment"]
    readonly_fields = fields
    can_delete = False


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["title", "administration", "questionnaire", "status", "assessed_on", "overall_score"]
    list_filter = ["status", "questionnaire"]
    list_select_related = ["administration", "questionnaire"]
    inlines = [AssessmentMoveInline]


@admin.register(ActionPlan)
class ActionPlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "administration", "status", "adopted_on"]
    list_select_related = ["administration"]


@admin.register(PlanAction)
class PlanActionAdmin(ReadOnlyAdmin):
    list_display = ["title", "plan", "owner", "due_date", "status", "progress", "overdue"]
    list_filter = ["status", "overdue"]
    list_select_related = ["plan", "owner"]


@admin.register(Risk)
class RiskAdmin(ReadOnlyAdmin):
    list_display = ["process", "administration", "likelihood", "impact", "score", "review_date"]
    list_select_related = ["administration"]


@admin.register(IntegrityRead)
class IntegrityReadAdmin(ReadOnlyAdmin):
    list_display = ["read_at", "reader", "administration", "record_type", "record_label", "door"]
    list_select_related = ["reader", "administration"]
