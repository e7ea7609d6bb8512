from django.urls import path

from mercator.views import content, plans, reports, tfa

app_name = "mercator"

urlpatterns = [
    path("", plans.OverviewView.as_view(), name="overview"),
    path("plans/", plans.PlanListView.as_view(), name="plan-list"),
    path("plans/new/", plans.PlanCreateView.as_view(), name="plan-create"),
    path("plans/<int:pk>/", plans.PlanDetailView.as_view(), name="plan-detail"),
    path("plans/<int:pk>/request.pdf", plans.RequestDocumentView.as_view(), name="plan-request-document"),
    path("plans/<int:pk>/reports/new/", reports.ReportCreateView.as_view(), name="report-create"),
    path("plans/<int:pk>/add/<str:kind>/", content.ContentCreateView.as_view(), name="content-create"),
    path("plans/<int:pk>/edit/", plans.PlanEditView.as_view(), name="plan-edit"),
    path("plans/<int:pk>/<str:action>/", plans.PlanActionView.as_view(), name="plan-action"),
    path("reports/<int:pk>/", reports.ReportDetailView.as_view(), name="report-detail"),
    path("activities/<int:pk>/", content.ActivityDetailView.as_view(), name="activity-detail"),
    path("diagnostics/<int:pk>/", content.DiagnosticDetailView.as_view(), name="diagnostic-detail"),
    path("findings/<int:pk>/", content.FindingDetailView.as_view(), name="finding-detail"),
    path("recommendations/<int:pk>/", content.RecommendationDetailView.as_view(), name="recommendation-detail"),
    path("milestones/<int:pk>/", content.MilestoneDetailView.as_view(), name="milestone-detail"),
    path("kpis/<int:pk>/", content.KpiDetailView.as_view(), name="kpi-detail"),
    path("risks/<int:pk>/", content.RiskDetailView.as_view(), name="risk-detail"),
    path("matrix/", tfa.MatrixView.as_view(), name="matrix"),
    path("commitments/<int:pk>/", tfa.CommitmentEditView.as_view(), name="commitment-edit"),
]
