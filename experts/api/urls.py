"""API routes of the experts app, gathered under /api/v1/ by wcocb.api.urls."""

from django.urls import path

from experts.api import views

urlpatterns = [
    path("gap-analysis/", views.GapAnalysisAPIView.as_view(), name="gap-analysis"),
    path("experts/export/", views.ExpertExportAPIView.as_view(), name="expert-export"),
]

routes: list = [
    ("experts", views.ExpertViewSet, "expert"),
    ("expertise-areas", views.ExpertiseAreaViewSet, "expertise-area"),
    ("accreditations", views.AccreditationViewSet, "accreditation"),
    ("accreditation-workshops", views.WorkshopViewSet, "accreditation-workshop"),
    ("deployments", views.DeploymentViewSet, "deployment"),
    ("unavailabilities", views.UnavailabilityViewSet, "unavailability"),
    ("candidate-list", views.CandidateListViewSet, "candidate-list"),
    ("expert-imports", views.ExpertImportViewSet, "expert-import"),
]
