"""Every app's API routes, gathered under ``/api/v1/``.

An app adds its routes by listing them in ``<app>/api/urls.py`` as ``routes = [(prefix, viewset,
basename), ...]`` and naming the app in ``API_APPS``.
"""

from importlib import import_module

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from experts.api import data_views
from missions.api import costs_views
from wcocb.api import views
from wcocb.auth import ObtainTokenView

API_APPS: list[str] = ["experts", "missions"]

router = DefaultRouter()
router.register("regions", views.RegionViewSet)
router.register("member-administrations", views.MemberAdministrationViewSet)
router.register("rocbs", views.ROCBViewSet)
router.register("rtcs", views.RTCViewSet)
router.register("languages", views.LanguageViewSet)
router.register("donors", views.DonorViewSet)
router.register("funding-sources", views.FundingSourceViewSet)
router.register("people", views.PersonViewSet)

for app in API_APPS:
    for prefix, viewset, basename in import_module(f"{app}.api.urls").routes:
        router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("gap-analysis/", data_views.GapAnalysisAPIView.as_view(), name="gap-analysis"),
    path("experts/export/", data_views.ExpertExportAPIView.as_view(), name="expert-export"),
    path(
        "mission-requests/<int:pk>/cost-estimate/",
        costs_views.CostEstimateView.as_view(),
        name="mission-request-cost-estimate",
    ),
    path("", include(router.urls)),
]
