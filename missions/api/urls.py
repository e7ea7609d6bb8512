"""API routes of the missions app, registered under /api/v1/ by wcocb.api.urls: (prefix, viewset, basename)."""

from missions.api.views import AssignmentViewSet, MissionRequestViewSet, ReleaseLetterViewSet

routes: list = [
    ("mission-requests", MissionRequestViewSet, "mission-request"),
    ("assignments", AssignmentViewSet, "assignment"),
    ("release-letters", ReleaseLetterViewSet, "release-letter"),
]

from missions.api.extra_views import FlightCostViewSet, MissionReportViewSet, PerDiemRateViewSet  # noqa: E402

routes += [
    ("per-diem-rates", PerDiemRateViewSet, "per-diem-rate"),
    ("flight-costs", FlightCostViewSet, "flight-cost"),
    ("mission-reports", MissionReportViewSet, "mission-report"),
]
