from django.urls import path

from missions import views, views_extra

app_name = "missions"
urlpatterns = [
    path("", views.RequestListView.as_view(), name="request-list"),
    path("pipeline/", views.PipelineView.as_view(), name="pipeline"),
    path("new/", views.RequestCreateView.as_view(), name="request-create"),
    path("<int:pk>/", views.RequestDetailView.as_view(), name="request-detail"),
    path("<int:pk>/act/<str:action>/", views.RequestActionView.as_view(), name="request-action"),
    path("release-letters/", views.ReleaseLetterListView.as_view(), name="letter-list"),
    path("release-letters/<int:pk>/<str:answer>/", views.ReleaseLetterAnswerView.as_view(), name="letter-answer"),
    path("mine/", views.MyMissionsView.as_view(), name="my-missions"),
    path("rates/", views_extra.RatesView.as_view(), name="rates"),
    path("rates/import/", views_extra.RatesImportView.as_view(), name="rates-import"),
    path("rates/per-diem/new/", views_extra.CostRowEditView.as_view(), {"kind": "per-diem"}, name="per-diem-create"),
    path("rates/flight/new/", views_extra.CostRowEditView.as_view(), {"kind": "flight"}, name="flight-create"),
    path("rates/<str:kind>/<int:pk>/edit/", views_extra.CostRowEditView.as_view(), name="rate-edit"),
    path("rates/<str:kind>/<int:pk>/delete/", views_extra.CostRowDeleteView.as_view(), name="rate-delete"),
    path("<int:pk>/costs/", views_extra.CostEstimatePartialView.as_view(), name="cost-estimate"),
    path("<int:pk>/report/", views_extra.ReportDetailView.as_view(), name="report-detail"),
    path("<int:pk>/report/edit/", views_extra.ReportEditView.as_view(), name="report-edit"),
    path("<int:pk>/report/panel/", views_extra.ReportPanelView.as_view(), name="report-panel"),
    path("<int:pk>/report/attachment/", views_extra.ReportAttachmentView.as_view(), name="report-attachment"),
    path("letters/<int:pk>/pdf/", views_extra.LetterDownloadView.as_view(), name="letter-pdf"),
    path("documents/<int:pk>/", views_extra.DocumentDownloadView.as_view(), name="document-download"),
    path("calendar/", views_extra.IcalInfoView.as_view(), name="ical-info"),
    path("ical/mine.ics", views_extra.MyIcalView.as_view(), name="ical-mine"),
    path("ical/<str:token>.ics", views_extra.IcalFeedView.as_view(), name="ical-feed"),
]
