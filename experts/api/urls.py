"""API routes of the experts app, registered under /api/v1/ by wcocb.api.urls: (prefix, viewset, basename)."""

from experts.api import data_views, views

routes: list = [
    ("experts", views.ExpertViewSet, "expert"),
    ("expertise-areas", views.ExpertiseAreaViewSet, "expertise-area"),
    ("accreditations", views.AccreditationViewSet, "accreditation"),
    ("accreditation-workshops", views.WorkshopViewSet, "accreditation-workshop"),
    ("deployments", views.DeploymentViewSet, "deployment"),
    ("unavailabilities", views.UnavailabilityViewSet, "unavailability"),
    ("candidate-list", views.CandidateListViewSet, "candidate-list"),
    ("expert-imports", data_views.ExpertImportViewSet, "expert-import"),
]
