"""API routes of the missions app, gathered under /api/v1/ by wcocb.api.urls."""

from django.urls import path

from missions.api.views import (
    AssignmentViewSet,
    CostEstimateView,
    FlightCostViewSet,
    MissionReportViewSet,
    MissionRequestViewSet,
    PerDiemRateViewSet,
    ReleaseLetterViewSet,
)

urlpatterns = [
    path("mission-requests/<int:pk>/cost-estimate/", CostEstimateView.as_view(), name="mission-request-cost-estimate"),
]
routes: list = [
    ("mission-requests", MissionRequestViewSet, "mission-request"),
    ("assignments", AssignmentViewSet, "assignment"),
    ("release-letters", ReleaseLetterViewSet, "release-letter"),
    ("per-diem-rates", PerDiemRateViewSet, "per-diem-rate"),
    ("flight-costs", FlightCostViewSet, "flight-cost"),
    ("mission-reports", MissionReportViewSet, "mission-report"),
]
