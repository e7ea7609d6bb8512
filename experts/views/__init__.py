"""Pages of the experts app, by sub-domain: thin views over the selectors, the shared FilterSet,
the rules (to offer only what the viewer may do) and the services (which check again)."""

from experts.views.accreditation import AccreditationActionView, PreAssessView
from experts.views.candidates import CandidateDecideView, CandidateListView, CandidateProposeView
from experts.views.experts import (
    DeploymentAddView,
    ExpertCreateView,
    ExpertDetailView,
    ExpertPhotoView,
    ExpertUpdateView,
    MyProfileView,
    UnavailabilityAddView,
    UnavailabilityDeleteView,
)
from experts.views.gap import GapAnalysisView, GapCellView
from experts.views.search import ExpertLookupView, ExpertSearchView
from experts.views.transfer import ExportView, ImportView
from experts.views.workshops import (
    WorkshopCreateView,
    WorkshopDetailView,
    WorkshopListView,
    WorkshopParticipantAddView,
    WorkshopUpdateView,
)

__all__ = [
    "AccreditationActionView",
    "CandidateDecideView",
    "CandidateListView",
    "CandidateProposeView",
    "DeploymentAddView",
    "ExpertCreateView",
    "ExpertDetailView",
    "ExpertLookupView",
    "ExpertPhotoView",
    "ExpertSearchView",
    "ExpertUpdateView",
    "ExportView",
    "GapAnalysisView",
    "GapCellView",
    "ImportView",
    "MyProfileView",
    "PreAssessView",
    "UnavailabilityAddView",
    "UnavailabilityDeleteView",
    "WorkshopCreateView",
    "WorkshopDetailView",
    "WorkshopListView",
    "WorkshopParticipantAddView",
    "WorkshopUpdateView",
]
