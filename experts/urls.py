from django.urls import path

from experts import views

app_name = "experts"
urlpatterns = [
    path("", views.ExpertSearchView.as_view(), name="search"),
    path("new/", views.ExpertCreateView.as_view(), name="create"),
    path("lookup/", views.ExpertLookupView.as_view(), name="lookup"),
    path("me/", views.MyProfileView.as_view(), name="my-profile"),
    path("<int:pk>/", views.ExpertDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ExpertUpdateView.as_view(), name="edit"),
    path("<int:pk>/photo/", views.ExpertPhotoView.as_view(), name="photo"),
    path("<int:pk>/pre-assess/", views.PreAssessView.as_view(), name="pre-assess"),
    path("<int:pk>/deployments/", views.DeploymentAddView.as_view(), name="deployment-add"),
    path("<int:pk>/unavailability/", views.UnavailabilityAddView.as_view(), name="unavailability-add"),
    path("unavailabilities/<int:pk>/delete/", views.UnavailabilityDeleteView.as_view(), name="unavailability-delete"),
    path(
        "accreditations/<int:pk>/<slug:action>/", views.AccreditationActionView.as_view(), name="accreditation-action"
    ),
    path("workshops/", views.WorkshopListView.as_view(), name="workshop-list"),
    path("workshops/new/", views.WorkshopCreateView.as_view(), name="workshop-create"),
    path("workshops/<int:pk>/", views.WorkshopDetailView.as_view(), name="workshop-detail"),
    path("workshops/<int:pk>/edit/", views.WorkshopUpdateView.as_view(), name="workshop-edit"),
    path(
        "workshops/<int:pk>/participants/", views.WorkshopParticipantAddView.as_view(), name="workshop-participant-add"
    ),
    path("candidates/new/", views.CandidateProposeView.as_view(), name="candidate-propose"),
    path("candidates/", views.CandidateListView.as_view(), name="candidate-list"),
    path("candidates/<int:pk>/<slug:decision>/", views.CandidateDecideView.as_view(), name="candidate-decide"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("export.csv", views.ExportView.as_view(format="csv"), name="export-csv"),
    path("export.xlsx", views.ExportView.as_view(format="xlsx"), name="export-xlsx"),
    path("gap-analysis/", views.GapAnalysisView.as_view(), name="gap-analysis"),
    path("gap-analysis/experts/", views.GapCellView.as_view(), name="gap-cell"),
]
