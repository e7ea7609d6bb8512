"""Every app's API routes, gathered under ``/api/v1/``.

A domain app (``settings.DOMAIN_APPS``) offers its routes in ``<app>/api/urls.py``: ``routes = [(prefix,
viewset, basename), ...]`` for the router and, for views that are not viewsets, ``urlpatterns`` (placed
before the router's, so ``experts/export/`` is not read as an expert's id).
"""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from wcocb.api import imports, views
from wcocb.apps import discover

router = DefaultRouter()
router.register("regions", views.RegionViewSet)
router.register("member-administrations", views.MemberAdministrationViewSet)
router.register("rocbs", views.ROCBViewSet)
router.register("rtcs", views.RTCViewSet)
router.register("languages", views.LanguageViewSet)
router.register("donors", views.DonorViewSet)
router.register("funding-sources", views.FundingSourceViewSet)
router.register("people", views.PersonViewSet)
router.register("import-jobs", imports.ImportJobViewSet, basename="import-job")
router.register("auth/tokens", views.ApiTokenViewSet, basename="api-token-own")

urlpatterns = [path("auth/token/", views.ObtainTokenView.as_view(), name="api-token")]
for _app, module in discover("api.urls"):
    for prefix, viewset, basename in getattr(module, "routes", []):
        router.register(prefix, viewset, basename=basename)
    urlpatterns += getattr(module, "urlpatterns", [])
urlpatterns.append(path("", include(router.urls)))
