"""API routes of the Mercator app, gathered under /api/v1/ by wcocb.api.urls."""

from django.urls import path

from mercator.api.views import (
    ActivityViewSet,
    DiagnosticViewSet,
    FindingViewSet,
    KpiViewSet,
    MatrixView,
    MilestoneViewSet,
    PeriodReportViewSet,
    PlanViewSet,
    RecommendationViewSet,
    RiskViewSet,
    TfaArticleViewSet,
    TfaCommitmentViewSet,
    TfaMeasureViewSet,
)

urlpatterns = [path("mercator/tfa-matrix/", MatrixView.as_view(), name="mercator-tfa-matrix")]
routes: list = [
    ("mercator/plans", PlanViewSet, "mercator-plan"),
    ("mercator/diagnostics", DiagnosticViewSet, "mercator-diagnostic"),
    ("mercator/findings", FindingViewSet, "mercator-finding"),
    ("mercator/recommendations", RecommendationViewSet, "mercator-recommendation"),
    ("mercator/activities", ActivityViewSet, "mercator-activity"),
    ("mercator/milestones", MilestoneViewSet, "mercator-milestone"),
    ("mercator/kpis", KpiViewSet, "mercator-kpi"),
    ("mercator/risks", RiskViewSet, "mercator-risk"),
    ("mercator/period-reports", PeriodReportViewSet, "mercator-period-report"),
    ("mercator/tfa-articles", TfaArticleViewSet, "mercator-tfa-article"),
    ("mercator/tfa-measures", TfaMeasureViewSet, "mercator-tfa-measure"),
    ("mercator/tfa-commitments", TfaCommitmentViewSet, "mercator-tfa-commitment"),
]
