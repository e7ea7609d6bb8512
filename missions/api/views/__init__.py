"""The missions API by sub-domain, routed by :mod:`missions.api.urls`."""

from missions.api.views.assignments import AssignmentViewSet
from missions.api.views.costs import CostEstimateView, FlightCostViewSet, PerDiemRateViewSet
from missions.api.views.letters import ReleaseLetterViewSet
from missions.api.views.reports import MissionReportViewSet
from missions.api.views.requests import MissionRequestViewSet

__all__ = [
    "AssignmentViewSet",
    "CostEstimateView",
    "FlightCostViewSet",
    "MissionReportViewSet",
    "MissionRequestViewSet",
    "PerDiemRateViewSet",
    "ReleaseLetterViewSet",
]
