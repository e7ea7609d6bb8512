"""API routes of the reports app, gathered under /api/v1/ by wcocb.api.urls."""

from reports.api.views import MissionFeedbackViewSet, ReportRunViewSet

routes: list = [
    ("reports/runs", ReportRunViewSet, "report-run"),
    ("reports/feedback", MissionFeedbackViewSet, "mission-feedback"),
]
