from django.urls import path

from reports.views import dashboard, feedback, history, runs

app_name = "reports"
urlpatterns = [
    path("", dashboard.DashboardView.as_view(), name="dashboard"),
    path("compare/", dashboard.CompareView.as_view(), name="compare"),
    path("feedback/<int:pk>/", feedback.FeedbackView.as_view(), name="feedback"),
    path("history/import/", history.HistoryImportView.as_view(), name="history-import"),
    path("runs/", runs.RunListView.as_view(), name="run-list"),
    path("runs/new/", runs.RunStartView.as_view(), name="run-start"),
    path("runs/<int:pk>/", runs.RunDetailView.as_view(), name="run-detail"),
    path("runs/<int:pk>/export.xlsx", runs.RunExportView.as_view(), {"fmt": "xlsx"}, name="run-xlsx"),
    path("runs/<int:pk>/export.csv", runs.RunExportView.as_view(), {"fmt": "csv"}, name="run-csv"),
    path("runs/<int:pk>/export.pdf", runs.RunExportView.as_view(), {"fmt": "pdf"}, name="run-pdf"),
]
