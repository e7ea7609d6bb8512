"""Pages for import, export and gap analysis (mounted at /experts/ beside experts.urls)."""

from django.urls import path

from experts import views_data

app_name = "experts_data"
urlpatterns = [
    path("import/", views_data.ImportView.as_view(), name="import"),
    path("export.csv", views_data.ExportView.as_view(format="csv"), name="export-csv"),
    path("export.xlsx", views_data.ExportView.as_view(format="xlsx"), name="export-xlsx"),
    path("gap-analysis/", views_data.GapAnalysisView.as_view(), name="gap-analysis"),
]
