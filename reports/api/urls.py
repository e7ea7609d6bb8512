"""API routes of the reports app, gathered under /api/v1/ by wcocb.api.urls."""

from reports.api.views import ReportRunViewSet

routes: list = [("reports/runs", ReportRunViewSet, "report-run")]
