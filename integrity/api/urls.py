"""API routes of the integrity app, gathered under /api/v1/ by wcocb.api.urls."""

from integrity.api.views import (
    ActionPlanViewSet,
    AssessmentViewSet,
    IntegrityReadViewSet,
    PlanActionViewSet,
    QuestionnaireViewSet,
    RiskViewSet,
)

routes: list = [
    ("integrity/templates", QuestionnaireViewSet, "integrity-template"),
    ("integrity/assessments", AssessmentViewSet, "integrity-assessment"),
    ("integrity/action-plans", ActionPlanViewSet, "integrity-action-plan"),
    ("integrity/actions", PlanActionViewSet, "integrity-action"),
    ("integrity/risks", RiskViewSet, "integrity-risk"),
    ("integrity/reads", IntegrityReadViewSet, "integrity-read"),
]
