"""Experts API views, by sub-domain. Writes and workflow transitions run input serializer →
service → output serializer; a refused rule answers 400/403/409 with ``{"error": {...}}`` and the
reason (the services check the caller; ``write_roles``/``action_roles`` only pre-check the role)."""

from experts.api.views.accreditation import AccreditationViewSet
from experts.api.views.availability import DeploymentViewSet, UnavailabilityViewSet
from experts.api.views.candidates import CandidateListViewSet
from experts.api.views.experts import ExpertiseAreaViewSet, ExpertViewSet
from experts.api.views.gap import GapAnalysisAPIView
from experts.api.views.transfer import CSVRenderer, ExpertExportAPIView, ExpertImportViewSet, XLSXRenderer
from experts.api.views.workshops import WorkshopViewSet

__all__ = [
    "AccreditationViewSet",
    "CSVRenderer",
    "CandidateListViewSet",
    "DeploymentViewSet",
    "ExpertExportAPIView",
    "ExpertImportViewSet",
    "ExpertViewSet",
    "ExpertiseAreaViewSet",
    "GapAnalysisAPIView",
    "UnavailabilityViewSet",
    "WorkshopViewSet",
    "XLSXRenderer",
]
