"""Pages for costs, release letter PDFs, the iCal feed and mission reports (mounted at /missions/)."""

from django.urls import path

from missions import views_extra as views

app_name = "missions_extra"
urlpatterns = [
    path("rates/", views.RatesView.as_view(), name="rates"),
    path("rates/import/", views.RatesImportView.as_view(), name="rates-import"),
    path("rates/per-diem/new/", views.CostRowEditView.as_view(), {"kind": "per-diem"}, name="per-diem-create"),
    path("rates/flight/new/", views.CostRowEditView.as_view(), {"kind": "flight"}, name="flight-create"),
    path("rates/<str:kind>/<int:pk>/edit/", views.CostRowEditView.as_view(), name="rate-edit"),
    path("rates/<str:kind>/<int:pk>/delete/", views.CostRowDeleteView.as_view(), name="rate-delete"),
    path("<int:pk>/costs/", views.CostEstimatePartialView.as_view(), name="cost-estimate"),
    path("<int:pk>/report/", views.ReportDetailView.as_view(), name="report-detail"),
    path("<int:pk>/report/edit/", views.ReportEditView.as_view(), name="report-edit"),
    path("<int:pk>/report/panel/", views.ReportPanelView.as_view(), name="report-panel"),
    path("<int:pk>/report/attachment/", views.ReportAttachmentView.as_view(), name="report-attachment"),
    path("letters/<int:pk>/pdf/", views.LetterDownloadView.as_view(), name="letter-pdf"),
    path("documents/<int:pk>/", views.DocumentDownloadView.as_view(), name="document-download"),
    path("calendar/", views.IcalInfoView.as_view(), name="ical-info"),
    path("ical/mine.ics", views.MyIcalView.as_view(), name="ical-mine"),
    path("ical/<str:token>.ics", views.IcalFeedView.as_view(), name="ical-feed"),
]
