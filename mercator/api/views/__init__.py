"""The Mercator API, routed by :mod:`mercator.api.urls` under ``/api/v1/mercator/``."""

from mercator.api.views.content import (
    ActivityViewSet,
    DiagnosticViewSet,
    FindingViewSet,
    KpiViewSet,
    MilestoneViewSet,
    RecommendationViewSet,
    RiskViewSet,
)
from mercator.api.views.plans import PlanViewSet
from mercator.api.views.reports import PeriodReportViewSet
from mercator.api.views.tfa import MatrixView, TfaArticleViewSet, TfaCommitmentViewSet, TfaMeasureViewSet

__all__ = [
    "ActivityViewSet",
    "DiagnosticViewSet",
    "FindingViewSet",
    "KpiViewSet",
    "MatrixView",
    "MilestoneViewSet",
    "PeriodReportViewSet",
    "PlanViewSet",
    "RecommendationViewSet",
    "RiskViewSet",
    "TfaArticleViewSet",
    "TfaCommitmentViewSet",
    "TfaMeasureViewSet",
]
