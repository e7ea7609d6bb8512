from django.urls import path

from missions.views import calendar, costs, files, letters, reports, requests

app_name = "missions"
urlpatterns = [
    path("", requests.RequestListView.as_view(), name="request-list"),
    path("pipeline/", requests.PipelineView.as_view(), name="pipeline"),
    path("new/", requests.RequestCreateView.as_view(), name="request-create"),
    path("<int:pk>/", requests.RequestDetailView.as_view(), name="request-detail"),
    path("<int:pk>/act/<str:action>/", requests.RequestActionView.as_view(), name="request-action"),
    path("<int:pk>/shortlist-picker/", requests.ShortlistPickerView.as_view(), name="shortlist-picker"),
    path("release-letters/", letters.ReleaseLetterListView.as_view(), name="letter-list"),
    path("release-letters/<int:pk>/<str:answer>/", letters.ReleaseLetterAnswerView.as_view(), name="letter-answer"),
    path("mine/", requests.MyMissionsView.as_view(), name="my-missions"),
    path("rates/", costs.RatesView.as_view(), name="rates"),
    path("rates/import/", costs.RatesImportView.as_view(), name="rates-import"),
    path("rates/per-diem/new/", costs.CostRowEditView.as_view(), {"kind": "per-diem"}, name="per-diem-create"),
    path("rates/flight/new/", costs.CostRowEditView.as_view(), {"kind": "flight"}, name="flight-create"),
    path("rates/<str:kind>/<int:pk>/edit/", costs.CostRowEditView.as_view(), name="rate-edit"),
    path("rates/<str:kind>/<int:pk>/delete/", costs.CostRowDeleteView.as_view(), name="rate-delete"),
    path("<int:pk>/costs/", costs.CostEstimatePartialView.as_view(), name="cost-estimate"),
    path("<int:pk>/report/", reports.ReportDetailView.as_view(), name="report-detail"),
    path("<int:pk>/report/edit/", reports.ReportEditView.as_view(), name="report-edit"),
    path("<int:pk>/report/panel/", reports.ReportPanelView.as_view(), name="report-panel"),
    path("<int:pk>/report/pdf/", reports.ReportPdfView.as_view(), name="report-pdf"),
    path("<int:pk>/report/attachment/", files.ReportAttachmentView.as_view(), name="report-attachment"),
    path("letters/<int:pk>/pdf/", letters.LetterDownloadView.as_view(), name="letter-pdf"),
    path("documents/<int:pk>/", files.DocumentDownloadView.as_view(), name="document-download"),
    path("calendar/", calendar.IcalInfoView.as_view(), name="ical-info"),
    path("ical/mine.ics", calendar.MyIcalView.as_view(), name="ical-mine"),
    path("ical/<str:token>.ics", calendar.IcalFeedView.as_view(), name="ical-feed"),
]
